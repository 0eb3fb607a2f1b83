"""The projection machinery: catch-up, positions, versions and the catalogue of read models."""
