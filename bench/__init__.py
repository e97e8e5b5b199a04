"""The throughput benchmark (`make bench`)."""
