"""The meetings read model and its queries."""
