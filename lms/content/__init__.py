"""Course-package engine: read, check and render course packages (no Flask, no database)."""
