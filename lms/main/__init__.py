"""Home page, health check and static information pages."""
