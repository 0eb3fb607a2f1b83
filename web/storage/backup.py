"""Backup and restore of the whole event log as one gzip'd JSON-lines file.

The file is the log itself, byte for byte: each line carries one stored event
(notification id, aggregate id and version, topic, and the stored state in
base64), so importing it into an empty store — SQLite or PostgreSQL —
reproduces the same log, and every projection and report rebuilt from it is
the same. This is also the migration path from the embedded SQLite default to
PostgreSQL.

The last line holds the number of events, a SHA-256 over every line before
it, and an HMAC-SHA-256 over the same lines with a key derived from the
master key (``web.storage.keystore.signing_key``). The SHA-256 finds accidents; only
the HMAC finds an edit, because whoever edits the file (a forged actor, a
removed ``PersonalDataErased``) can recompute a plain checksum but not the
signature without the master key. Import reads the file once, writing every
event in one transaction that commits only if the end marker and signature
match; otherwise nothing is written.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import hmac
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from eventsourcing.persistence import StoredEvent

from domain.application import Kasane
from domain.errors import InvalidInput, KasaneError
from web.storage.event_store import events_table, store_engine
from web.storage.keystore import signing_key

FORMAT = "kasane-events"
VERSION = 2
"""Version 2 adds the signature (``hmac`` in the end marker); version 1 files were unsigned and are refused."""
PAGE = 1000


class BackupError(KasaneError):
    """Raised when a backup file is not a complete, intact Kasane export, or the target store is not empty."""

    code = "backup_error"


@dataclass(frozen=True)
class Summary:
    events: int
    sha256: str


def export_events(app: Kasane, path: Path) -> Summary:
    """Stream the whole log to ``path`` (written to a temporary name first, then moved into place), signed."""
    digest, mac = hashlib.sha256(), hmac.new(signing_key(app.env), digestmod=hashlib.sha256)
    partial = path.with_name(path.name + ".partial")
    count = -1  # the first line is the header
    with gzip.open(partial, "wt", encoding="utf-8", newline="\n") as out:
        for line in _lines(app):
            out.write(line)
            digest.update(line.encode("utf-8"))
            mac.update(line.encode("utf-8"))
            count += 1
        out.write(
            json.dumps({"end": True, "events": count, "sha256": digest.hexdigest(), "hmac": mac.hexdigest()}) + "\n"
        )
    partial.replace(path)
    return Summary(events=count, sha256=digest.hexdigest())


def _lines(app: Kasane) -> Iterator[str]:
    yield json.dumps({"format": FORMAT, "version": VERSION, "application": app.name}) + "\n"
    position = 0
    while True:
        page = app.recorder.select_notifications(start=position, limit=PAGE, inclusive_of_start=False)
        if not page:
            return
        for n in page:
            record = {
                "id": n.id,
                "originator_id": str(n.originator_id),
                "originator_version": n.originator_version,
                "topic": n.topic,
                "state": base64.b64encode(n.state).decode("ascii"),
            }
            yield json.dumps(record, separators=(",", ":")) + "\n"
        position = page[-1].id


def verify(path: Path, key: bytes) -> Summary:
    """Check that ``path`` is a complete, intact export signed with ``key``; raises ``BackupError`` otherwise."""
    reading = _Reading(path, key)
    for _ in reading.rows():
        pass
    return reading.summary()


def import_events(app: Kasane, path: Path) -> Summary:
    """Load an export into an EMPTY store, keeping notification ids; all or nothing.

    The file is read once: each line is checked and written inside one
    transaction, and the signature is checked at the end marker before the
    commit, so what is imported is exactly what was authenticated (no second
    read that a swapped or growing file could change).
    """
    if (app.recorder.max_notification_id() or 0) > 0:
        raise BackupError("the target store is not empty; import goes only into an empty store", field="store")
    reading = _Reading(path, signing_key(app.env))
    table, engine = events_table(app), store_engine(app)
    try:
        with engine.begin() as connection:
            batch: list[dict[str, Any]] = []
            unreadable: BackupError | None = None
            for number, data in reading.rows():
                row = _row(data)
                unreadable = unreadable or _unreadable(app, row, number)
                batch.append(row)
                if len(batch) == PAGE:
                    connection.execute(table.insert(), batch)
                    batch = []
            if batch:
                connection.execute(table.insert(), batch)
            summary = reading.summary()  # an edited or damaged file is named as such first
            if unreadable is not None:
                raise unreadable
            if engine.dialect.name == "postgresql":
                connection.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                    )
                )
    except sa.exc.IntegrityError as error:
        raise BackupError(
            f"the file's events conflict with each other ({error.orig}); nothing was imported", field="file"
        ) from None
    return summary


class _Reading:
    """One pass over an export: every line checked as it is read, the end marker checked against all of them."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path, self.digest, self.mac = path, hashlib.sha256(), hmac.new(key, digestmod=hashlib.sha256)
        self.count = 0
        self.footer: dict[str, Any] | None = None

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        last_id = 0
        for number, line in _read(self.path):
            if self.footer is not None:
                raise BackupError(f"line {number}: data after the end marker", field="file")
            data = _json(line, number)
            if data.get("end") is True:
                self.footer = data
                continue
            self.digest.update(line.encode("utf-8"))
            self.mac.update(line.encode("utf-8"))
            if number == 1:
                _check_header(data)
                continue
            _check_record(data, number)
            if data["id"] <= last_id:
                raise BackupError(f"line {number}: event ids are repeated or out of order", field="file")
            last_id = data["id"]
            self.count += 1
            yield number, data

    def summary(self) -> Summary:
        footer = self.footer
        if footer is None:
            raise BackupError("the file is truncated: its end marker is missing", field="file")
        if footer.get("events") != self.count or footer.get("sha256") != self.digest.hexdigest():
            raise BackupError("the file is corrupted: its checksum or event count does not match", field="file")
        signature = footer.get("hmac")
        if not isinstance(signature, str) or not hmac.compare_digest(signature, self.mac.hexdigest()):
            raise BackupError(
                "the file's signature does not match: it was changed after export, or it was "
                "exported under another master key; nothing was imported",
                field="file",
            )
        return Summary(events=self.count, sha256=self.digest.hexdigest())


def _unreadable(app: Kasane, row: dict[str, Any], number: int) -> BackupError | None:
    """Why this release cannot read the event back (wrong key store, unknown topic), or None."""
    try:
        app.mapper.to_domain_event(
            StoredEvent(
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
        )
    except Exception as error:  # any failure to decode means the same thing: the file is not a readable log
        return BackupError(
            f"line {number}: the event cannot be read ({type(error).__name__}); nothing was imported", field="file"
        )
    return None


def _read(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.endswith("\n"):
                    raise BackupError(f"line {number}: the file is truncated", field="file")
                yield number, line
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}", field="file") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise BackupError(f"the file is not a readable gzip export ({error})", field="file") from None


def _json(line: str, number: int) -> dict[str, Any]:
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        raise BackupError(f"line {number}: not valid JSON", field="file") from None
    if not isinstance(data, dict):
        raise BackupError(f"line {number}: not a record", field="file")
    return data


def _check_header(data: dict[str, Any]) -> None:
    if data.get("format") == FORMAT and data.get("version") == 1:
        raise BackupError(
            "an unsigned export from an earlier release: it cannot be authenticated; export the "
            "source store again with this release",
            field="file",
        )
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise BackupError(f"not a {FORMAT} version {VERSION} file", field="file")


def _check_record(data: dict[str, Any], number: int) -> None:
    try:
        _row(data)
    except (KeyError, TypeError, ValueError):
        raise BackupError(f"line {number}: not a stored event", field="file") from None


def _row(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data["id"], int) or not isinstance(data["originator_version"], int):
        raise TypeError("ids must be integers")
    return {
        "id": data["id"],
        "originator_id": UUID(data["originator_id"]),
        "originator_version": data["originator_version"],
        "topic": str(data["topic"]),
        "state": base64.b64decode(data["state"], validate=True),
    }
