"""Kasane's domain: aggregates, their events, commands and rules.

Imports only the standard library and ``eventsourcing``; does no I/O of its own.
"""
