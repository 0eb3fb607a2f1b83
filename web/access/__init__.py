"""Authentication and access: the guard, sessions, passwords, second factor and the read audit."""
