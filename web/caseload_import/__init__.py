"""Importing an existing caseload from a spreadsheet (``kasane import caseload``, /admin/import; docs/import.md)."""
