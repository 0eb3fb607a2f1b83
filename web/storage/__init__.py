"""Storage and infrastructure: settings, databases, the event store, the key store and backups."""
