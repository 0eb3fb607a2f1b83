"""The key store on a real SQLite file: per-case keys, wrapped by the master key, destroyed for good."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from domain.erasure import CaseErased
from domain.errors import ConfigurationError
from web.storage.keystore import KeyStore, new_master_key


def store(tmp_path: Path, **env: str) -> KeyStore:
    return KeyStore(
        {
            "CASE_KEYS_URL": f"sqlite:///{tmp_path / 'keys.db'}",
            "CASE_MASTER_KEY_FILE": str(tmp_path / "master.key"),
            **env,
        }
    )


def test_each_case_has_its_own_key_and_values_read_back(tmp_path: Path) -> None:
    keys = store(tmp_path)
    first, second = uuid.uuid4(), uuid.uuid4()
    sealed = keys.encrypt(first, "高橋 美咲".encode())
    assert "高橋".encode() not in sealed
    assert keys.decrypt(first, sealed) == "高橋 美咲".encode()
    keys.encrypt(second, b"x")
    with pytest.raises(InvalidTag):  # one case's key opens nothing of another case
        keys.decrypt(second, sealed)
    keys.close()


def test_a_destroyed_key_reads_as_erased_and_takes_no_new_values(tmp_path: Path) -> None:
    keys = store(tmp_path)
    case_id = uuid.uuid4()
    sealed = keys.encrypt(case_id, b"secret")
    assert keys.destroy(case_id) is True
    assert keys.decrypt(case_id, sealed) is None
    with pytest.raises(CaseErased):
        keys.encrypt(case_id, b"more")
    assert keys.destroy(case_id) is False
    keys.close()
    reopened = store(tmp_path)  # another process, no cache
    assert reopened.decrypt(case_id, sealed) is None
    reopened.close()


def test_the_master_key_file_is_made_once_readable_by_its_owner_only(tmp_path: Path) -> None:
    keys = store(tmp_path)
    keys.encrypt(uuid.uuid4(), b"x")
    keys.close()
    assert stat.S_IMODE((tmp_path / "master.key").stat().st_mode) == 0o600
    (tmp_path / "master.key").unlink()
    with pytest.raises(ConfigurationError, match="master key file .* is missing"):
        store(tmp_path)


def test_a_wrong_master_key_is_a_clear_error(tmp_path: Path) -> None:
    keys = store(tmp_path)
    case_id = uuid.uuid4()
    sealed = keys.encrypt(case_id, b"x")
    keys.close()
    wrong = store(tmp_path, CASE_MASTER_KEY=new_master_key())
    with pytest.raises(ConfigurationError, match="does not open"):
        wrong.decrypt(case_id, sealed)
    wrong.close()


def test_a_log_without_its_key_store_is_a_clear_error_not_an_erasure(tmp_path: Path) -> None:
    sealed = store(tmp_path).encrypt(uuid.uuid4(), b"x")
    elsewhere = tmp_path / "other"
    elsewhere.mkdir()
    keys = store(elsewhere)
    with pytest.raises(ConfigurationError, match="no key for case"):
        keys.decrypt(uuid.uuid4(), sealed)
    keys.close()


def test_the_key_store_is_never_the_event_store_file_and_defaults_beside_it(tmp_path: Path) -> None:
    from web.storage.settings import Settings

    with pytest.raises(ValueError, match="another file"):
        Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}", keys_url=f"sqlite:///{tmp_path / 'k.db'}")
    beside = Settings(database_url=f"sqlite:///{tmp_path / 'k.db'}")
    assert beside.resolved_keys_url() == f"sqlite:///{tmp_path / 'keys.db'}"
    assert beside.resolved_master_key_file() == tmp_path / "master.key"


def test_a_replay_of_the_whole_log_reads_every_key_in_one_query(tmp_path: Path) -> None:
    writer = store(tmp_path)
    cases = [uuid.uuid4() for _ in range(5)]
    sealed = {case_id: writer.encrypt(case_id, f"世帯{n}".encode()) for n, case_id in enumerate(cases)}
    writer.close()
    rebuild = store(tmp_path)  # another process: nothing cached
    queries: list[str] = []
    sa.event.listen(rebuild.engine, "before_cursor_execute", lambda _c, _k, statement, *_: queries.append(statement))
    with rebuild.held():
        assert [rebuild.decrypt(case_id, sealed[case_id]) for case_id in cases] == [
            f"世帯{n}".encode() for n in range(5)
        ]
        assert len(queries) == 1
        assert rebuild.destroy(cases[0]) is True  # erased meanwhile by this process: forgotten at once
        assert rebuild.decrypt(cases[0], sealed[cases[0]]) is None
        later = uuid.uuid4()  # a case keyed after the keys were read is looked up as before
        assert rebuild.decrypt(later, rebuild.encrypt(later, b"later")) == b"later"
    rebuild.close()


def test_a_commands_cases_have_their_keys_read_in_one_query(tmp_path: Path) -> None:
    writer = store(tmp_path)
    cases = [uuid.uuid4() for _ in range(3)]
    sealed = {case_id: writer.encrypt(case_id, f"世帯{n}".encode()) for n, case_id in enumerate(cases)}
    writer.destroy(cases[2])
    writer.close()
    command = store(tmp_path)  # another process: nothing cached
    queries: list[str] = []
    sa.event.listen(command.engine, "before_cursor_execute", lambda _c, _k, statement, *_: queries.append(statement))
    command.prefetch([*cases, uuid.uuid4()])  # a case without a key yet is left to encrypt, which makes it
    opened = [command.decrypt(case_id, sealed[case_id]) for case_id in cases]
    assert opened == ["世帯0".encode(), "世帯1".encode(), None]
    assert len(queries) == 1
    command.close()


def a_reader_whose_key_is_destroyed_once_read(tmp_path: Path) -> tuple[KeyStore, uuid.UUID, bytes, list[bool]]:
    """A key store with nothing cached, one case's sealed value, and a case erased right after the first look-up read
    its key, before it caches it (as another thread would); the list says whether the erasure happened."""
    keys = store(tmp_path)
    case_id = uuid.uuid4()
    sealed = keys.encrypt(case_id, b"secret")
    keys.close()
    reader = store(tmp_path)
    destroyed: list[bool] = []

    def destroy_once_the_key_is_read(*_: object) -> None:
        if not destroyed:
            destroyed.append(True)
            reader.destroy(case_id)

    sa.event.listen(reader.engine, "checkin", destroy_once_the_key_is_read)
    return reader, case_id, sealed, destroyed


def test_a_key_destroyed_after_it_was_read_is_never_served_from_the_cache(tmp_path: Path) -> None:
    reader, case_id, sealed, destroyed = a_reader_whose_key_is_destroyed_once_read(tmp_path)
    reader.prefetch([case_id])
    assert destroyed
    assert reader.decrypt(case_id, sealed) is None
    with pytest.raises(CaseErased):
        reader.encrypt(case_id, b"more")
    reader.close()


def test_a_decryption_racing_a_destruction_caches_the_key_as_destroyed(tmp_path: Path) -> None:
    reader, case_id, sealed, destroyed = a_reader_whose_key_is_destroyed_once_read(tmp_path)
    reader.decrypt(case_id, sealed)  # read before the destruction: may still open the value
    assert destroyed
    assert reader.decrypt(case_id, sealed) is None
    reader.close()
