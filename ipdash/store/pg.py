"""PostgreSQL connections for the store: a small pool per URL, one-transaction writes, Arrow results.

Reads and writes go through ADBC (``adbc-driver-postgresql``): results arrive as Arrow tables
(PostgreSQL's binary COPY), bulk rows leave as Arrow too (``adbc_ingest``). Connections run in
autocommit; ``transaction()`` opens an explicit ``BEGIN`` … ``COMMIT`` and, for writers, takes the
store's advisory lock (``pg_advisory_xact_lock``) first, so commits, reverts and builds of every
process on every machine queue behind one another, and a process killed mid-way leaves nothing:
PostgreSQL rolls the transaction back and releases the lock when the connection drops.

Every failure to connect becomes ``backend.StoreUnavailable`` with host, port and what to check.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator, Sequence

import pyarrow as pa

from ipdash.store import backend

WRITE_LOCK = 7_310_315  # the advisory-lock key every store writer takes (one lock: serialised writes)
LOCK_TIMEOUT_S = 60
CONNECT_TIMEOUT_S = 5
MAX_IDLE = 4

_pool: dict[str, list] = {}
_pool_lock = threading.Lock()


def _dbapi():
    try:
        import adbc_driver_postgresql.dbapi as dbapi
    except ImportError as exc:  # pragma: no cover - the requirement is pinned
        raise backend.StoreUnavailable(
            "IPDASH_STORE names a PostgreSQL database but the driver is missing: "
            "pip install -r requirements.txt (adbc-driver-postgresql)"
        ) from exc
    return dbapi


def _dsn(t: backend.PgTarget) -> str:
    extra = [] if "connect_timeout=" in t.url else [f"connect_timeout={CONNECT_TIMEOUT_S}"]
    extra += [] if "application_name=" in t.url else ["application_name=ipdash"]
    return t.url + ("&" if "?" in t.url else "?") + "&".join(extra) if extra else t.url


def unavailable(t: backend.PgTarget, exc: BaseException) -> backend.StoreUnavailable:
    """A message naming host, port and what to check, from a driver error."""
    reason = str(exc).replace("IO: [libpq] ", "").replace("Failed to connect: ", "").strip()
    reason = "; ".join(" ".join(line.split()) for line in reason.splitlines() if line.strip()).rstrip(".?")
    low = reason.lower()
    if "does not exist" in low and "database" in low:
        hint = f"Create the database (createdb -h {t.host} -p {t.port} {t.dbname}) or fix its name in IPDASH_STORE"
    elif "role" in low or "password" in low or "authentication" in low or "pg_hba" in low:
        hint = "Check the user and password in IPDASH_STORE and that pg_hba.conf lets this user in from this host"
    else:
        hint = (
            "Check that PostgreSQL is running and listening on that host and port "
            "(pg_isready -h HOST -p PORT), and that IPDASH_STORE names them"
        )
    return backend.StoreUnavailable(
        f"cannot use the PostgreSQL store at host {t.host}, port {t.port} (database {t.dbname!r}"
        f"{', user ' + repr(t.user) if t.user else ''}): {reason or type(exc).__name__}. {hint}."
    )


def _open(t: backend.PgTarget):
    dbapi = _dbapi()
    try:
        return dbapi.connect(_dsn(t), autocommit=True)
    except dbapi.Error as exc:
        raise unavailable(t, exc) from None


@contextlib.contextmanager
def connection() -> Iterator:
    """A pooled autocommit connection to ``IPDASH_STORE``; dropped (not pooled) after any error."""
    t = backend.target()
    with _pool_lock:
        idle = _pool.setdefault(t.url, [])
        conn = idle.pop() if idle else None
    if conn is None:
        conn = _open(t)
    ok = False
    try:
        yield conn
        ok = True
    except _dbapi().Error as exc:
        if "55P03" in str(exc):  # lock_not_available: the write lock was held longer than lock_timeout
            raise backend.LockTimeout(
                f"another process held the store's write lock for more than {LOCK_TIMEOUT_S} s; "
                "wait for it to finish, then try again"
            ) from None
        if "53100" in str(exc):  # disk_full on the server: a fault like a local one (nothing committed)
            raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} (PostgreSQL at {t.host}:{t.port})") from None
        if isinstance(exc, _dbapi().OperationalError):  # the connection: down, refused, dropped
            raise unavailable(t, exc) from None
        raise
    finally:
        keep = False
        if ok:
            with _pool_lock:
                idle = _pool.setdefault(t.url, [])
                if len(idle) < MAX_IDLE:
                    idle.append(conn)
                    keep = True
        if not keep:
            with contextlib.suppress(Exception):
                conn.close()


def close_all() -> None:
    """Close every pooled connection (tests drop databases they made)."""
    with _pool_lock:
        conns = [c for idle in _pool.values() for c in idle]
        _pool.clear()
    for c in conns:
        with contextlib.suppress(Exception):
            c.close()


def _clean(tbl: pa.Table) -> pa.Table:
    """Drop the driver's per-field metadata (``POSTGRESQL:type``); JSON columns become strings."""
    fields = []
    cols = []
    for f, col in zip(tbl.schema, tbl.columns):
        if isinstance(f.type, pa.ExtensionType):
            col = col.cast(f.type.storage_type)
        fields.append(pa.field(f.name, col.type))
        cols.append(col)
    return pa.Table.from_arrays(cols, schema=pa.schema(fields))


class Tx:
    """One cursor inside ``transaction()`` (or a plain autocommit one from ``session()``)."""

    def __init__(self, cur):
        self.cur = cur

    def run(self, sql: str, params: Sequence | None = None) -> None:
        self.cur.execute(sql, tuple(params) if params is not None else None)

    def rows(self, sql: str, params: Sequence | None = None) -> list[tuple]:
        self.cur.execute(sql, tuple(params) if params is not None else None)
        return self.cur.fetchall()

    def one(self, sql: str, params: Sequence | None = None):
        rows = self.rows(sql, params)
        return rows[0][0] if rows else None

    def arrow(self, sql: str, params: Sequence | None = None) -> pa.Table:
        self.cur.execute(sql, tuple(params) if params is not None else None)
        return _clean(self.cur.fetch_arrow_table())

    def ingest(self, table: str, data: pa.Table, *, temporary: bool = False) -> None:
        """Bulk rows through COPY: into ``table`` (appended), or a new temporary table."""
        if temporary:
            self.cur.adbc_ingest(table, data, mode="create", temporary=True)
        else:
            self.cur.adbc_ingest(table, data, mode="append")


@contextlib.contextmanager
def session() -> Iterator[Tx]:
    """An autocommit cursor (reads, DDL that needs no lock)."""
    with connection() as conn:
        cur = conn.cursor()
        try:
            yield Tx(cur)
        finally:
            cur.close()


@contextlib.contextmanager
def transaction(*, lock: bool = True, snapshot: bool = False) -> Iterator[Tx]:
    """``BEGIN`` … ``COMMIT`` (``ROLLBACK`` on any exception). ``lock``: take the store's write lock
    first (waits up to ``LOCK_TIMEOUT_S``). ``snapshot``: a read-only REPEATABLE READ snapshot, so
    several reads see one version."""
    with connection() as conn:
        cur = conn.cursor()
        tx = Tx(cur)
        try:
            tx.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" if snapshot else "BEGIN")
            if lock:
                tx.run(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_S}s'")
                tx.rows("SELECT pg_advisory_xact_lock($1)", (WRITE_LOCK,))
            yield tx
            tx.run("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                tx.run("ROLLBACK")
            raise
        finally:
            cur.close()
