"""The test process's one cache of compiled statements (``tests.compiled_statements``): engines alike share it,
engines whose dialects would compile differently do not."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tests.compiled_statements import STATEMENTS


def a_table() -> sa.Table:
    """A table no test has used before: its statements are new to the cache."""
    columns = (sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.Text))
    return sa.Table(f"t_{uuid.uuid4().hex[:12]}", sa.MetaData(), *columns)


@contextmanager
def engine_on(url: str, **options: Any) -> Iterator[sa.Engine]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool, **options)
    try:
        yield engine
    finally:
        engine.dispose()


def selected(engine: sa.Engine, table: sa.Table) -> tuple[list[str], bool]:
    """The names in ``table``, and whether the SELECT was found compiled already."""
    hits: list[bool] = []

    def note(_c: object, _cursor: object, _statement: str, _params: object, context: Any, _many: bool) -> None:
        hits.append(context.cache_hit == engine.dialect.CACHE_HIT)

    sa.event.listen(engine, "after_cursor_execute", note)
    with engine.connect() as connection:
        names = list(connection.execute(sa.select(table.c.name).where(table.c.id > 0)).scalars())
    sa.event.remove(engine, "after_cursor_execute", note)
    return names, hits[-1]


def filled(engine: sa.Engine, table: sa.Table) -> None:
    with engine.begin() as connection:
        table.create(connection)
        connection.execute(table.insert(), [{"id": 1, "name": "相談"}, {"id": 2, "name": "訪問"}])


def test_a_new_engine_on_a_store_finds_the_statements_another_engine_compiled(database_url: str) -> None:
    table = a_table()
    with engine_on(database_url) as first:
        filled(first, table)
        assert selected(first, table) == (["相談", "訪問"], False)
        compiled = len(STATEMENTS)
        with engine_on(database_url) as second:
            assert selected(second, table) == (["相談", "訪問"], True)
            assert len(STATEMENTS) == compiled
        with first.begin() as connection:
            table.drop(connection)


def test_an_engine_whose_dialect_compiles_otherwise_compiles_its_own(tmp_path: Path) -> None:
    """SQLite with named parameters (``:id_1``) instead of question marks: the other engine's SQL would not run."""
    table = a_table()
    with (
        engine_on(f"sqlite:///{tmp_path / 'a.db'}") as first,
        engine_on(f"sqlite:///{tmp_path / 'b.db'}", paramstyle="named") as second,
    ):
        filled(first, table)
        filled(second, table)
        assert selected(first, table) == (["相談", "訪問"], False)
        assert selected(second, table) == (["相談", "訪問"], False)
        assert selected(second, table) == (["相談", "訪問"], True)
