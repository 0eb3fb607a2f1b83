"""The community activities read model and its queries."""
