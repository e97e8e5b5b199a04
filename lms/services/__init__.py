"""State changes as plain functions: they flush, raise domain errors, never read the request."""
