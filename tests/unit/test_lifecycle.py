"""The lifecycle table is the rule: every listed move succeeds, every other move is refused."""

from __future__ import annotations

from itertools import product

import pytest

from domain.errors import TransitionNotAllowed
from domain.lifecycle import ALLOWED, CaseStatus, check_transition

ALLOWED_MOVES = [(current, target) for current, targets in ALLOWED.items() for target in sorted(targets)]
REFUSED_MOVES = [
    (current, target) for current, target in product(CaseStatus, CaseStatus) if target not in ALLOWED[current]
]


def test_every_status_has_a_row_in_the_table() -> None:
    assert set(ALLOWED) == set(CaseStatus)


def test_the_table_and_its_complement_cover_every_pair() -> None:
    assert len(ALLOWED_MOVES) + len(REFUSED_MOVES) == len(CaseStatus) ** 2


@pytest.mark.parametrize(("current", "target"), ALLOWED_MOVES, ids=lambda s: s.value)
def test_listed_move_is_allowed(current: CaseStatus, target: CaseStatus) -> None:
    check_transition(current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED_MOVES, ids=lambda s: s.value)
def test_unlisted_move_is_refused_naming_the_status_field(current: CaseStatus, target: CaseStatus) -> None:
    with pytest.raises(TransitionNotAllowed) as refused:
        check_transition(current, target)
    assert refused.value.field == "status"
    assert refused.value.params["current"] == current


@pytest.mark.parametrize("status", list(CaseStatus), ids=lambda s: s.value)
def test_staying_in_the_same_status_is_not_a_move(status: CaseStatus) -> None:
    with pytest.raises(TransitionNotAllowed, match="already in status"):
        check_transition(status, status)


def test_a_closed_case_has_no_ordinary_move_out() -> None:
    assert ALLOWED[CaseStatus.CLOSED] == frozenset()


@pytest.mark.parametrize("status", [s for s in CaseStatus if s != CaseStatus.CLOSED], ids=lambda s: s.value)
def test_every_open_status_can_close(status: CaseStatus) -> None:
    assert CaseStatus.CLOSED in ALLOWED[status]


def test_nothing_moves_back_to_intake_except_reopening() -> None:
    assert all(CaseStatus.INTAKE not in targets for targets in ALLOWED.values())


def test_the_forward_path_is_one_step_at_a_time() -> None:
    path = [CaseStatus.INTAKE, CaseStatus.ASSESSMENT, CaseStatus.PLANNING, CaseStatus.IN_SUPPORT, CaseStatus.MONITORING]
    for current, target in zip(path, path[1:], strict=False):
        check_transition(current, target)
    with pytest.raises(TransitionNotAllowed):
        check_transition(CaseStatus.INTAKE, CaseStatus.PLANNING)
