"""What-if files an administrator has placed on the server (``KASANE_WHAT_IF_DIR``): 中間見直し drafts by name.

A planner picks one by its file name from the listing; a name is never a path: anything not in the listing (a
sub-folder, ``..``, a file added under another name) is refused, so nothing outside the folder is ever read.
"""

from __future__ import annotations

from pathlib import Path

from domain.errors import InvalidInput
from domain.plan_use_cases import MAX_PLAN_FILE

MAX_LISTED = 200
"""A folder holds a few drafts; the select lists at most this many, by name."""


class UnknownWhatIfFile(InvalidInput):
    """Raised when a what-if file is asked for by a name the configured folder does not list."""

    code = "unknown_what_if_file"


class PlanFileNotText(InvalidInput):
    """Raised when a plan file is not UTF-8 text, or larger than any plan file may be."""

    code = "plan_file_not_text"


def listed(folder: Path | None) -> list[str]:
    """The ``*.toml`` files directly in ``folder``, by name; none when no folder is configured or it is missing."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.name for p in folder.glob("*.toml") if p.is_file())[:MAX_LISTED]


def read_listed(folder: Path | None, name: str, field: str = "file") -> str:
    """The text of the listed file ``name``; refuses a name the listing does not have."""
    if folder is None or name not in listed(folder):
        raise UnknownWhatIfFile("no what-if file of that name is offered on this server", field=field)
    with (folder / name).open("rb") as found:
        return plan_text(found.read(MAX_PLAN_FILE * 4 + 1), field)


def plan_text(data: bytes, field: str) -> str:
    """A plan file's bytes as text: UTF-8 (a byte-order mark allowed), bounded like ``kasane plan load``."""
    if len(data) > MAX_PLAN_FILE * 4:
        raise PlanFileNotText("the plan file is larger than any plan file may be", field=field)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PlanFileNotText("the plan file is not UTF-8 text", field=field) from None
