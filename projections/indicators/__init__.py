"""Indicator facts, the counting rules in SQL and the plan-indicator engine."""
