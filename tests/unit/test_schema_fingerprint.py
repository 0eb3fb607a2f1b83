"""A read model's schema fingerprint decides whether its stored tables are rebuilt (``projections.engine.versioning``).

It is remembered per metadata, so these check that what is remembered never hides a change made to the tables after
a first fingerprint was taken.
"""

from __future__ import annotations

import sqlalchemy as sa

from projections.engine.versioning import fingerprint


def a_case_list() -> tuple[sa.MetaData, sa.Table]:
    metadata = sa.MetaData()
    return metadata, sa.Table("case_list", metadata, sa.Column("case_id", sa.String(36), primary_key=True))


def test_the_same_tables_give_the_same_fingerprint_each_time_and_in_a_copy() -> None:
    metadata, table = a_case_list()
    copy = sa.MetaData()
    table.to_metadata(copy)

    assert fingerprint(metadata) == fingerprint(metadata) == fingerprint(copy)


def test_a_column_added_after_a_first_fingerprint_changes_it() -> None:
    metadata, table = a_case_list()
    before = fingerprint(metadata)

    table.append_column(sa.Column("household_name_length", sa.Integer))

    assert fingerprint(metadata) != before


def test_an_index_or_a_table_added_after_a_first_fingerprint_changes_it() -> None:
    metadata, table = a_case_list()
    first = fingerprint(metadata)
    sa.Index("case_list_by_id", table.c.case_id)
    second = fingerprint(metadata)
    sa.Table("case_notes", metadata, sa.Column("note_id", sa.Integer, primary_key=True))

    assert len({first, second, fingerprint(metadata)}) == 3
