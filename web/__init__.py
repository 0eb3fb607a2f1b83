"""Kasane's edges: settings, the FastAPI app, the CLI and the demo generator."""
