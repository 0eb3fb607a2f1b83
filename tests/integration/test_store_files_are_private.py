"""The event store, the key store and the master key file are readable by their owner only (mode 0600)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from domain.application import Kasane
from tests.builders import TODAY, given_open_case, given_standard_setup
from web.storage.settings import Settings, eventsourcing_env


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_store_its_wal_its_key_store_and_master_key_are_mode_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, under which SQLite would make 0644 files
    try:
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'kasane.db'}")
        app = Kasane(eventsourcing_env(settings), today=lambda: TODAY)
        try:
            given_standard_setup(app)
            given_open_case(app)  # a case key: the key store and the master key file exist now
            files = [tmp_path / "kasane.db", tmp_path / "keys.db", tmp_path / "master.key"]
            files += [p for p in (tmp_path / "kasane.db-wal", tmp_path / "kasane.db-shm") if p.exists()]
            assert {p.name: oct(mode(p)) for p in files} == {p.name: oct(0o600) for p in files}
        finally:
            app.close()
    finally:
        os.umask(old)
