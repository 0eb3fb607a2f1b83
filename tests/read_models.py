"""Reading back whole read models, to compare two ways of building them."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from projections.engine.catalogue import ReadModels

Contents = dict[str, list[tuple[Any, ...]]]


def table_contents(read_models: ReadModels) -> Contents:
    """Every row of every table of every read model, in a stable order."""
    contents: Contents = {}
    with read_models.engine.connect() as connection:
        for runner in read_models.runners:
            for table in runner.projection.metadata.sorted_tables:
                rows = connection.execute(sa.select(table)).all()
                contents[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return contents
