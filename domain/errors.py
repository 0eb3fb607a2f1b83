"""Errors a user can understand, raised by command methods.

Every refusal is a ``KasaneError``. It carries a stable ``code`` (used by the
web layer and the CLI to pick a translated message), the ``field`` it concerns
(so a form can show it next to the input) and ``params`` for the message.
``str(error)`` is a plain English sentence for logs and tests.
"""

from __future__ import annotations

from typing import Any


class KasaneError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "kasane_error"

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params


class InvalidInput(KasaneError):
    """Raised when a value has the wrong type, is missing, or is not one of the allowed values."""

    code = "invalid_input"


class DateInFuture(InvalidInput):
    """Raised when a date that records something already done lies after today."""

    code = "date_in_future"


class TooMany(InvalidInput):
    """Raised when a list holds more items than Kasane accepts (``domain.validation.LIST_LIMITS``)."""

    code = "too_many"


class NotFound(KasaneError):
    """Raised when a command names a case, meeting, agency or entry that does not exist."""

    code = "not_found"


class AlreadyExists(KasaneError):
    """Raised when a command would create something whose identity is already taken."""

    code = "already_exists"


class TransitionNotAllowed(KasaneError):
    """Raised when a case or meeting is asked to move to a state it cannot reach from its current one."""

    code = "transition_not_allowed"


class ConsentRequired(KasaneError):
    """Raised when a meeting type that needs consent takes up a case without consent in force."""

    code = "consent_required"


class ConcurrentChange(KasaneError):
    """Raised when someone else changed the same record first; reload and try again."""

    code = "concurrent_change"


class ConfigurationError(KasaneError):
    """Raised when the installation's settings cannot work (for example no database URL)."""

    code = "configuration_error"


class PlanFileNotToml(InvalidInput):
    """Raised when a plan file is not TOML at all (a syntax error), before any of its keys can be read."""

    code = "plan_file_not_toml"


class PlanCodeChanged(InvalidInput):
    """Raised when a revised plan file (a 中間見直し draft) names another plan than the one it would revise."""

    code = "plan_code_changed"
