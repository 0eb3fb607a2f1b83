"""The case list read model, its scope and search, the caseload and the case queries."""
