"""Small counts in aggregates are withheld so that no household can be picked out."""

from __future__ import annotations

import pytest

from projections.reports.k_suppression import label, suppress, suppress_all


@pytest.mark.parametrize("count, shown", [(0, 0), (1, None), (2, None), (3, 3), (40, 40)])
def test_counts_below_k_are_withheld_but_zero_is_shown(count: int, shown: int | None) -> None:
    assert suppress(count) == shown


def test_k_is_configurable() -> None:
    assert suppress(4, k=5) is None and suppress(5, k=5) == 5 and suppress(1, k=1) == 1
    with pytest.raises(ValueError):
        suppress(1, k=0)


def test_one_withheld_cell_takes_the_next_smallest_with_it_so_totals_cannot_reveal_it() -> None:
    counts = {"kita": 1, "minami": 7, "chuo": 12}
    assert suppress_all(counts) == {"kita": None, "minami": None, "chuo": 12}
    assert suppress_all({"kita": 1, "minami": 2, "chuo": 12}) == {"kita": None, "minami": None, "chuo": 12}
    assert suppress_all({"kita": 0, "minami": 5}) == {"kita": 0, "minami": 5}


def test_a_withheld_cell_reads_as_less_than_k() -> None:
    assert label(None) == "<3" and label(None, k=5) == "<5" and label(0) == "0"
