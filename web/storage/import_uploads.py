"""Uploaded caseload files waiting for the admin's confirmation, kept server-side by their SHA-256.

The dry run shows the report; the confirmation names the file by its hash only, so the file is never sent
again nor put in a URL. A file holds personal data, so it is kept sealed: encrypted with a key of its own in
the key store (``KeyStore.encrypt``), which is destroyed when the file is imported or dropped, and files
left unconfirmed longer than ``KEPT_FOR`` are dropped by the next upload.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import sqlalchemy as sa

from domain.personal_data import CaseKeys

KEPT_FOR = timedelta(hours=24)

metadata = sa.MetaData()

uploads = sa.Table(
    "kasane_import_uploads",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("key_id", sa.Uuid, nullable=False, comment="the key-store key sealing this file; destroyed with it"),
    sa.Column("parts", sa.LargeBinary, nullable=False, comment="the sealed files (name and content of each)"),
    sa.Column("uploaded_by", sa.String(100), nullable=False),
    sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
)


class ImportUploads:
    def __init__(self, engine: sa.Engine, keys: CaseKeys) -> None:
        self.engine, self.keys = engine, keys
        metadata.create_all(engine, checkfirst=True)

    def keep(self, sha256: str, parts: list[tuple[str, bytes]], username: str) -> None:
        """Keep (or replace) the file of this hash; older files nobody confirmed are dropped."""
        self._drop_older_than(datetime.now(UTC) - KEPT_FOR)
        self.drop(sha256)
        key_id = uuid4()
        sealed = self.keys.encrypt(key_id, _packed(parts))
        with self.engine.begin() as connection:
            connection.execute(
                sa.insert(uploads).values(
                    sha256=sha256, key_id=key_id, parts=sealed, uploaded_by=username, uploaded_at=datetime.now(UTC)
                )
            )

    def get(self, sha256: str, username: str) -> list[tuple[str, bytes]] | None:
        """The files this user uploaded under this hash, or None (never uploaded, dropped, or someone else's)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                sa.select(uploads.c.key_id, uploads.c.parts).where(
                    uploads.c.sha256 == sha256, uploads.c.uploaded_by == username
                )
            ).first()
        if row is None:
            return None
        plain = self.keys.decrypt(row.key_id, row.parts)
        return None if plain is None else _unpacked(plain)

    def drop(self, sha256: str) -> None:
        with self.engine.begin() as connection:
            key_ids = connection.execute(sa.select(uploads.c.key_id).where(uploads.c.sha256 == sha256)).scalars().all()
            connection.execute(sa.delete(uploads).where(uploads.c.sha256 == sha256))
        self._destroy(key_ids)

    def _drop_older_than(self, moment: datetime) -> None:
        with self.engine.begin() as connection:
            key_ids = (
                connection.execute(sa.select(uploads.c.key_id).where(uploads.c.uploaded_at < moment)).scalars().all()
            )
            connection.execute(sa.delete(uploads).where(uploads.c.uploaded_at < moment))
        self._destroy(key_ids)

    def _destroy(self, key_ids: Sequence[UUID]) -> None:
        for key_id in key_ids:
            self.keys.destroy(key_id)


def _packed(parts: list[tuple[str, bytes]]) -> bytes:
    """``len(name) name len(content) content`` for each file: names and contents may hold any bytes."""
    out = bytearray()
    for name, content in parts:
        encoded = name.encode()
        out += len(encoded).to_bytes(4, "big") + encoded + len(content).to_bytes(8, "big") + content
    return bytes(out)


def _unpacked(data: bytes) -> list[tuple[str, bytes]]:
    parts, at = [], 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        name = data[at + 4 : at + 4 + size].decode()
        at += 4 + size
        length = int.from_bytes(data[at : at + 8], "big")
        parts.append((name, data[at + 8 : at + 8 + length]))
        at += 8 + length
    return parts
