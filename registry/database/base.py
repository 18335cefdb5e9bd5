"""What every backend's connections offer, and how one process shares them.

Every `open_database` of one URL in a process shares its pool: the read side, the
API's tables and the district list of one process hold one pool between them, and
each closes only its own handle. A session (`Database.session`) is a dedicated
connection beside the pool, for appliers that hold session-level locks.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, TypeVar, cast

from registry.database.dialect import Backend, Dialect
from registry.database.transaction import Transaction, adapt, render


class SharedConnections(Protocol):
    """What a backend shares between the handles of one database: its pool."""

    def close(self) -> None: ...


SharedT = TypeVar("SharedT", bound=SharedConnections)


class _Shares:
    """The connections shared in this process, by database, with their holders' count."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[Hashable, tuple[SharedConnections, int]] = {}

    def take(self, key: Hashable, make: Callable[[], SharedT]) -> SharedT:
        """The connections of `key`, made by `make` for their first holder."""
        with self._lock:
            shared, holders = self._held.get(key) or (make(), 0)
            self._held[key] = (shared, holders + 1)
            return cast(SharedT, shared)

    def give_back(self, key: Hashable) -> None:
        with self._lock:
            shared, holders = self._held[key]
            if holders > 1:
                self._held[key] = (shared, holders - 1)
                return
            del self._held[key]
        shared.close()


SHARES = _Shares()


class Session(ABC):
    """A dedicated connection for applying events: write transactions and the
    session-level locks that make one applier active per projection."""

    dialect: Dialect
    connection: Any
    """The session's own DB-API connection, in autocommit mode."""

    @abstractmethod
    def transaction(self, suffix: str = "") -> AbstractContextManager[Transaction]:
        """A `Transaction` on the tables of `suffix`'s generation, committed when the
        block ends, rolled back when it raises."""

    @abstractmethod
    def try_lock(self, name: str) -> bool:
        """Take the named lock for this session's lifetime; False when another holds it."""

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """Let the planner know how large `tables` have grown (`Dialect.statistics`),
        outside any transaction."""
        for statement in self.dialect.statistics(tables):
            self.connection.execute(statement)

    def close(self) -> None:
        self.connection.close()


class Database(ABC):
    """One holder's handle on the shared connections of a database."""

    dialect: Dialect

    def __init__(self, key: Hashable) -> None:
        self._key: Hashable | None = key

    @property
    def backend(self) -> Backend:
        return self.dialect.backend

    @abstractmethod
    def transaction(self) -> AbstractContextManager[Transaction]:
        """A `Transaction` from the pool, committed when the block ends, rolled back
        when it raises."""

    @abstractmethod
    def reading(self) -> AbstractContextManager[Any]:
        """A DB-API connection from the pool for queries, in autocommit mode: write
        its statements through `render` and its parameters through `adapt`."""

    @abstractmethod
    def session(self) -> Session: ...

    @abstractmethod
    def wait_for_notification(self, timeout: float, wake: threading.Event) -> None:
        """Return when the store announces new events, `wake` is set, or `timeout` passes."""

    def render(self, statement: str) -> str:
        return render(statement, self.backend)

    def adapt(self, params: Sequence[Any]) -> tuple[Any, ...]:
        return adapt(params, self.backend)

    @property
    def closed(self) -> bool:
        """Whether this handle gave its share back: using it then fails as the driver's
        closed connections do, whoever else still holds the pool."""
        return self._key is None

    def close(self) -> None:
        """Give this handle's share back; the pool closes with its last holder."""
        if self._key is not None:
            key, self._key = self._key, None
            SHARES.give_back(key)
