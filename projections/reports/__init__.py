"""Plan reports as documents (JSON, CSV, xlsx), provenance, and small-count suppression."""
