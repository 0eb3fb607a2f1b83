"""Read models kept up to date from the event log, the indicator engine and reports."""
