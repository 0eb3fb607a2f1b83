"""The HTTP app's plumbing: errors, rendering, htmx, request dependencies and middleware."""
