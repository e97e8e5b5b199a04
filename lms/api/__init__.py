"""The read API (/api/v1): JSON for an organisation's own reporting, with bearer tokens."""
