"""Web authoring of course packages: upload, check, preview, publish, roll back, download."""
