"""The demo municipality: its master data and generated case work."""
