"""Reading submitted HTML forms into domain commands, one module per screen's forms."""
