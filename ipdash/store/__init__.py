"""The store: reviewed text built into Parquet, read through an in-memory DuckDB, written atomically —
or the same tables in PostgreSQL. ``current()`` is the storage object ``IPDASH_STORE`` names."""

from __future__ import annotations

from ipdash.store import backend
from ipdash.store.base import Store

_chosen: tuple[str, Store] | None = None


def current() -> Store:
    """The store of this process: ``store.local.LocalStore`` when ``IPDASH_STORE`` is unset,
    ``store.postgres.PgStore`` when it names a database. Made once per setting (tests switch it)."""
    global _chosen
    setting = backend.setting()
    if _chosen is None or _chosen[0] != setting:
        if setting:
            from ipdash.store.postgres import PgStore

            _chosen = (setting, PgStore())
        else:
            from ipdash.store.local import LocalStore

            _chosen = (setting, LocalStore())
    return _chosen[1]
