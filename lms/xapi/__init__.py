"""xAPI statements to a Learning Record Store, through a durable outbox (docs/xapi.md)."""
