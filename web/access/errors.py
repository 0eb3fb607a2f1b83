"""The refusals of the guard: no session (401 / the login page) and a role that may not open a path (403)."""

from __future__ import annotations

from domain.errors import KasaneError


class NotAuthenticated(KasaneError):
    """Raised when a request that needs a login has no live session."""

    code = "not_authenticated"


class AccessDenied(KasaneError):
    """Raised when the user's role may not open the requested path."""

    code = "forbidden"
