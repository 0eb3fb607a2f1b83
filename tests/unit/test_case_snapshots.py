"""What a sealed case snapshot may hold and which code may use it (``domain/case_snapshots.py``)."""

from __future__ import annotations

import os
import pickle
import uuid
from pathlib import Path

import pytest

from domain import personal_data
from domain.application_core import VALUE_OBJECTS, case_code_fingerprint
from domain.case import Case
from domain.case_snapshots import SealedSnapshot, code_fingerprint, opened
from web.storage.keystore import KeyStore


def test_the_fingerprint_stays_until_the_code_that_replays_a_case_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    before = code_fingerprint(VALUE_OBJECTS)
    assert code_fingerprint(VALUE_OBJECTS) == before

    def apply(self: object, aggregate: object) -> None:
        aggregate.status = "closed"  # type: ignore[attr-defined]

    monkeypatch.setattr(Case.Closed, "apply", apply)

    assert code_fingerprint(VALUE_OBJECTS) != before


def test_the_fingerprint_covers_how_stored_values_are_decoded(monkeypatch: pytest.MonkeyPatch) -> None:
    before = case_code_fingerprint.__wrapped__()

    monkeypatch.setattr(personal_data, "ERASED", "（削除）")

    assert case_code_fingerprint.__wrapped__() != before


def test_a_snapshot_builds_nothing_but_domain_classes_and_plain_values(tmp_path: Path) -> None:
    keys = KeyStore(
        {"CASE_KEYS_URL": f"sqlite:///{tmp_path / 'keys.db'}", "CASE_MASTER_KEY_FILE": str(tmp_path / "master.key")}
    )
    case_id = uuid.uuid4()
    payload = b"1:fp\n" + pickle.dumps(os.getcwd)
    sealed = SealedSnapshot(case_id=case_id, version=1, fingerprint="fp", sealed=keys.encrypt(case_id, payload))
    try:
        with pytest.raises(pickle.UnpicklingError, match="may not hold"):
            opened(keys, sealed, "fp")
    finally:
        keys.close()
