"""The one database layer of the registry: everything but the event store itself.

Read models, users, idempotency answers, the access log, the integrity chain and
alarms, districts, population figures, indicators and the health probe all reach
the database through this package, and no module outside it knows which backend
answers.

- `url`: what `REGISTRY_DATABASE_URL` names (the library's settings, the backend).
- `dialect`: every difference between SQLite's SQL and PostgreSQL's, and the one
  notation statements are written in (`%s` parameters, `{table}` names).
- `transaction`: a transaction on any connection of the layer.
- `tables`: a table declared once, by its row type, as each backend's DDL.
- `connection`, `base`, `sqlite`, `postgres`: the registry's own connections, one
  pool per process and database, a module per backend chosen by one lookup.
- `store`: statements on the library's own connections (integrity, positions).
- `append_only`: the triggers of every append-only table.
- `errors`: what the drivers raise, and which of it is an outage.
"""

from registry.database.append_only import make_append_only
from registry.database.base import Database, Session
from registry.database.connection import open_database
from registry.database.dialect import Backend, ColumnKind, Dialect, dialect_of, table_exists
from registry.database.errors import DRIVER_ERRORS, is_database_unavailable
from registry.database.store import (
    StoreDatabase,
    notification_channel,
    position_of,
    prepare_event_store,
)
from registry.database.tables import Key, Table, field_types
from registry.database.transaction import Row, Transaction, adapt, render
from registry.database.url import (
    MEMORY_URL,
    UnsupportedDatabaseURL,
    backend_of,
    missing_store,
    multi_process,
    persistence_env,
)

__all__ = [
    "DRIVER_ERRORS",
    "MEMORY_URL",
    "Backend",
    "ColumnKind",
    "Database",
    "Dialect",
    "Key",
    "Row",
    "Session",
    "StoreDatabase",
    "Table",
    "Transaction",
    "UnsupportedDatabaseURL",
    "adapt",
    "backend_of",
    "dialect_of",
    "field_types",
    "is_database_unavailable",
    "make_append_only",
    "missing_store",
    "multi_process",
    "notification_channel",
    "open_database",
    "persistence_env",
    "position_of",
    "prepare_event_store",
    "render",
    "table_exists",
]
