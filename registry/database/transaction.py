"""One transaction, on any connection of the layer: the registry's own pool, a
dedicated session, or the library's connections (`StoreDatabase`).

Statements are written once, in the notation of `registry.database.dialect`, and
rendered here for the backend and for the generation of tables being written (live,
or `__rebuild` during a rebuild).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing
from functools import lru_cache
from typing import Any

from registry.database.dialect import Backend, Dialect
from registry.database.tables import Table

Row = tuple[Any, ...]


class _Generation(dict[str, str]):
    """`{name}` in a statement: the table `name` of the generation `suffix`."""

    def __init__(self, suffix: str) -> None:
        super().__init__()
        self.suffix = suffix

    def __missing__(self, name: str) -> str:
        return name + self.suffix


@lru_cache(maxsize=1024)
def render(statement: str, backend: Backend, suffix: str = "") -> str:
    """`statement` with `{table}` names resolved (plus `suffix`), in the backend's
    parameter style."""
    return Dialect(backend).render(statement.format_map(_Generation(suffix)))


def adapt(params: Sequence[Any], backend: Backend) -> tuple[Any, ...]:
    """Parameters by position as the backend stores them (`Dialect.adapt`)."""
    return Dialect(backend).adapt(params)


class Transaction:
    """Statements of one transaction on the tables of one generation (live or rebuild),
    each sent as it comes; runs of one statement go together (`execute_many`)."""

    def __init__(self, connection: Any, dialect: Dialect, suffix: str = "") -> None:
        self.connection = connection
        self.dialect = dialect
        self.suffix = suffix

    def execute(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement; the rows it answers (a query's, a write's RETURNING),
        none for other writes and DDL."""
        with closing(self.connection.cursor()) as cursor:
            cursor.execute(self._render(statement), self.dialect.adapt(params))
            if cursor.description is None:
                return []
            return [_values(row) for row in cursor.fetchall()]

    def execute_many(self, statement: str, params: Iterable[Sequence[Any]]) -> None:
        """Run one write once per parameter row, in one call to the driver: a batch of
        rows costs one round of the protocol, not one per row."""
        with closing(self.connection.cursor()) as cursor:
            cursor.executemany(self._render(statement), [self.dialect.adapt(p) for p in params])

    def write_rows(
        self, table: Table, rows: Sequence[Sequence[Any]], *, replace: bool = False
    ) -> None:
        """Insert `rows` (values in `table`'s column order) into `table`; with `replace`,
        a row whose key exists replaces it (`Dialect.insert_rows`)."""
        if rows:
            self.execute_many(*self.dialect.insert_rows(table, rows, replace=replace))

    def lock(self, name: str) -> None:
        """Until this transaction ends, others taking the lock `name` wait: concurrent
        installers of the same tables (several processes starting at once) take turns.
        Taken before a transaction's first statement, it cannot deadlock with them."""
        for statement, params in self.dialect.transaction_lock(name):
            self.execute(statement, params)

    def table_exists(self, name: str) -> bool:
        return bool(self.execute(*self.dialect.table_exists(name)))

    def _render(self, statement: str) -> str:
        return render(statement, self.dialect.backend, self.suffix)


def _values(row: Any) -> Row:
    """A row as a tuple: the library's PostgreSQL connections answer dicts."""
    return tuple(row.values()) if isinstance(row, Mapping) else tuple(row)
