"""The key store: one AES-256-GCM data key per case, wrapped by the master key, kept apart from the events.

Keys live in their own database (``KASANE_KEYS_URL``: by default ``keys.db``
beside the SQLite event store, or a ``kasane_keys`` schema on PostgreSQL),
never in the event tables, so a copy of the log (an export, a database dump)
holds no key. Each data key is stored wrapped (AES-GCM) by the master key,
which comes from ``KASANE_MASTER_KEY`` or a key file that is generated, mode
0600, only when the key store is still empty. Destroying a case's key
overwrites it with NULL and leaves a tombstone (when and that it was
destroyed), so a new key can never be created for an erased case.

Unwrapped keys are cached in memory, ready to use as AES-GCM ciphers, for
``CACHE_SECONDS``: another process (the web server) may still read an erased
case's sealed values for that long. A key destroyed by this process is never
served from its cache again, even by a look-up that read the key before the
destruction and caches it after (``_remember``). A command's cases have their
keys read in one query (``prefetch``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from domain.erasure import CaseErased
from domain.errors import ConfigurationError
from web.storage.private_files import private_file

CACHE_SECONDS = 10.0
SCHEMA = "kasane_keys"
"""The PostgreSQL schema of the key store (SQLite: a file of its own)."""
NONCE = 12
SEARCH_KEY_INFO = b"kasane case search blind index v1"

metadata = sa.MetaData()

case_keys = sa.Table(
    "kasane_case_keys",
    metadata,
    sa.Column("case_id", sa.Uuid, primary_key=True),
    sa.Column("wrapped_key", sa.LargeBinary, comment="the data key wrapped by the master key; NULL once destroyed"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("destroyed_at", sa.DateTime(timezone=True)),
)


def key_store_engine(url: str) -> sa.Engine:
    """An engine on the key store; on SQLite every connection overwrites deleted content (secure_delete)."""
    if url.startswith("sqlite"):
        private_file(Path(url.removeprefix("sqlite:///")))
        engine = sa.create_engine(url, connect_args={"timeout": 30}, pool_pre_ping=True)
        sa.event.listen(engine, "connect", _secure_sqlite)
        return engine
    engine = sa.create_engine(url, pool_pre_ping=True)
    with engine.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
    return engine.execution_options(schema_translate_map={None: SCHEMA})


def _secure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


class KeyStore:
    """``domain.personal_data.CaseKeys`` over a database; built by eventsourcing from ``CASE_KEYS_TOPIC``."""

    def __init__(self, env: Any) -> None:
        url = env.get("CASE_KEYS_URL")
        if not url:
            raise ConfigurationError("CASE_KEYS_URL is not set: Kasane needs a key store")
        self.engine = key_store_engine(url)
        metadata.create_all(self.engine)
        master = self._master_key(env)
        self._master = AESGCM(master)
        self._search_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEARCH_KEY_INFO).derive(master)
        self._cache: dict[UUID, tuple[AESGCM | None, float]] = {}
        self._destroyed: set[UUID] = set()
        """Cases whose key this process destroyed: whatever a look-up read before, they are cached as erased."""
        self._caching = threading.Lock()
        self._held: dict[UUID, bytes | None] | None = None
        """Every case's wrapped key (None: destroyed), read at once while a replay of the whole log holds them."""

    # ---- CaseKeys --------------------------------------------------------------

    def search_key(self) -> bytes:
        """The key of the case search's blind index, derived from the master key (never stored anywhere)."""
        return self._search_key

    def encrypt(self, case_id: UUID, plaintext: bytes) -> bytes:
        cipher = self._key(case_id, create=True)
        if cipher is None:
            raise CaseErased(
                "the personal data of this case has been erased; nothing personal can be recorded", field="case_id"
            )
        nonce = os.urandom(NONCE)
        return nonce + cipher.encrypt(nonce, plaintext, case_id.bytes)

    def decrypt(self, case_id: UUID, ciphertext: bytes) -> bytes | None:
        cipher = self._key(case_id, create=False)
        if cipher is None:
            return None
        return cipher.decrypt(ciphertext[:NONCE], ciphertext[NONCE:], case_id.bytes)

    def prefetch(self, case_ids: Collection[UUID]) -> None:
        """Read the keys of the cases not cached yet in ONE query (a command's cases, before their replays).

        A case without a key yet is left to ``encrypt``, which creates it, as before.
        """
        now = time.monotonic()
        wanted = [case_id for case_id in case_ids if not self._fresh(case_id, now)]
        if not wanted:
            return
        with self.engine.connect() as connection:
            rows = connection.execute(
                sa.select(case_keys.c.case_id, case_keys.c.wrapped_key).where(case_keys.c.case_id.in_(wanted))
            ).all()
        for row in rows:
            self._remember(row.case_id, row.wrapped_key)

    def destroy(self, case_id: UUID) -> bool:
        now = datetime.now(UTC)
        with self.engine.begin() as connection:
            destroyed = connection.execute(
                sa.update(case_keys)
                .where(case_keys.c.case_id == case_id, case_keys.c.destroyed_at.is_(None))
                .values(wrapped_key=None, destroyed_at=now)
            ).rowcount
            if (
                not destroyed
                and not connection.execute(sa.select(case_keys.c.case_id).where(case_keys.c.case_id == case_id)).first()
            ):
                connection.execute(sa.insert(case_keys).values(case_id=case_id, created_at=now, destroyed_at=now))
                destroyed = 1
        with self._caching:
            self._destroyed.add(case_id)
            self._cache[case_id] = (None, time.monotonic())
        if self._held is not None:
            self._held[case_id] = None
        return bool(destroyed)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Read every case's key in ONE query and keep it until the block ends: for a replay of the whole log.

        A rebuild decodes events of every case; without this it asks the key store once per case (and again
        every ``CACHE_SECONDS``). The keys are unwrapped on first use. A key destroyed by this process meanwhile
        is forgotten at once; one destroyed by another process is seen when the block ends (the read models
        forget the case anyway when they apply its ``PersonalDataErased``).
        """
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(case_keys.c.case_id, case_keys.c.wrapped_key)).all()
        self._held = {row.case_id: row.wrapped_key for row in rows}
        try:
            yield
        finally:
            self._held = None

    def close(self) -> None:
        self._cache.clear()
        self.engine.dispose()

    # ---- keys ------------------------------------------------------------------

    def _key(self, case_id: UUID, *, create: bool) -> AESGCM | None:
        """The case's cipher (None: its key was destroyed), from the cache while it is fresh."""
        cached = self._cache.get(case_id)
        if cached is not None and time.monotonic() - cached[1] < CACHE_SECONDS:
            return cached[0]
        held = self._held
        if held is not None and case_id in held:
            return self._remember(case_id, held[case_id])
        row = self._row(case_id)
        if row is None and create:
            row = self._create(case_id)
        if row is None:
            raise ConfigurationError(
                f"the key store has no key for case {case_id}: restore the key store that belongs to this log"
            )
        return self._remember(case_id, row.wrapped_key)

    def _fresh(self, case_id: UUID, now: float) -> bool:
        cached = self._cache.get(case_id)
        return cached is not None and now - cached[1] < CACHE_SECONDS

    def _remember(self, case_id: UUID, wrapped: bytes | None) -> AESGCM | None:
        """Cache the cipher of a wrapped key read from the store (None: destroyed); never one this process destroyed.

        The check and the caching hold the lock ``destroy`` takes, so a key read before a destruction in another
        thread and cached after it is cached as destroyed.
        """
        cipher = None if wrapped is None else AESGCM(self._unwrap(case_id, wrapped))
        with self._caching:
            if case_id in self._destroyed:
                cipher = None
            self._cache[case_id] = (cipher, time.monotonic())
        return cipher

    def _row(self, case_id: UUID) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(sa.select(case_keys).where(case_keys.c.case_id == case_id)).first()

    def _create(self, case_id: UUID) -> Any:
        key = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(NONCE)
        wrapped = nonce + self._master.encrypt(nonce, key, _wrap_context(case_id))
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    sa.insert(case_keys).values(case_id=case_id, wrapped_key=wrapped, created_at=datetime.now(UTC))
                )
        except sa.exc.IntegrityError:
            pass  # another process created it first: use theirs
        return self._row(case_id)

    def _unwrap(self, case_id: UUID, wrapped: bytes) -> bytes:
        try:
            return self._master.decrypt(wrapped[:NONCE], wrapped[NONCE:], _wrap_context(case_id))
        except InvalidTag:
            raise ConfigurationError(
                "the master key does not open the key store's keys: is KASANE_MASTER_KEY (or its file) the right one?"
            ) from None

    def _master_key(self, env: Any) -> bytes:
        given = env.get("CASE_MASTER_KEY")
        if given:
            return _decoded_master_key(given, "KASANE_MASTER_KEY")
        path = Path(env.get("CASE_MASTER_KEY_FILE") or "var/master.key")
        if path.exists():
            return _decoded_master_key(path.read_text(encoding="ascii").strip(), str(path))
        with self.engine.connect() as connection:
            if connection.execute(sa.select(sa.func.count()).select_from(case_keys)).scalar_one():
                raise ConfigurationError(
                    f"the master key file {path} is missing but the key store holds keys: restore it "
                    "(or set KASANE_MASTER_KEY); a new master key could not open them"
                )
        return _generate_master_key(path)


def signing_key(env: Any) -> bytes:
    """The key that signs exports (``web.storage.backup``), derived from the master key: no second secret to keep.

    Derived (HMAC-SHA-256 of a fixed label) rather than the master key itself, so the signature never
    exposes the key that wraps the case keys. Needs the master key to exist already: an export or import
    runs on a store whose key store made it, and ``events verify`` without it cannot authenticate anything.
    """
    given = env.get("CASE_MASTER_KEY")
    if given:
        master = _decoded_master_key(given, "KASANE_MASTER_KEY")
    else:
        path = Path(env.get("CASE_MASTER_KEY_FILE") or "var/master.key")
        if not path.exists():
            raise ConfigurationError(
                f"no master key ({path} is missing and KASANE_MASTER_KEY is not set): "
                "exports are signed with a key derived from it"
            )
        master = _decoded_master_key(path.read_text(encoding="ascii").strip(), str(path))
    return hmac.new(master, b"kasane-export-signature-v1", hashlib.sha256).digest()


def _wrap_context(case_id: UUID) -> bytes:
    return b"kasane-case-key:" + case_id.bytes


def _decoded_master_key(text: str, source: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise ConfigurationError(f"{source} must hold a 256-bit key in base64 (e.g. from 'kasane keys new-master')")
    return key


def new_master_key() -> str:
    """A fresh master key as base64 text (what ``KASANE_MASTER_KEY`` and the key file hold)."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def _generate_master_key(path: Path) -> bytes:
    """Local development: create the key file, readable by its owner only, on first run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = new_master_key()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _decoded_master_key(path.read_text(encoding="ascii").strip(), str(path))  # created concurrently
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(text + "\n")
    return base64.b64decode(text)
