"""The PostgreSQL store's schema: versioned migrations, applied by ``python -m ipdash db init``.

Each migration is one transaction under the store's write lock and records itself in
``ipdash_migrations``; ``init()`` applies the ones a database lacks, so it creates a new store or
upgrades an old one, and running it twice changes nothing. A database migrated by a newer ipdash
(a version this code does not know) is refused rather than used.

Tables (the local store's files in brackets; docs/deployment.md):
- ``ipdash_meta`` — one row: ``store_id``, ``version`` (bumped by every write; what replicas poll),
  ``full_rev`` (version of the last full rebuild of the effective actuals), ``manifest`` [manifest.json];
- ``ipdash_table_revs`` — per table, the version that last changed it (whole-table caches);
- ``ipdash_catalog`` — the catalog tables as the build wrote them, Parquet bytes [indicators.parquet …];
- ``base_actuals`` [base_actuals.parquet]; ``actuals``, the effective actuals, each row stamped with
  the version that wrote it (``rev``), and ``actuals_gone``, keys a revert removed, so a replica
  fetches only what changed since its version [actuals.parquet];
- ``batches`` [batches.parquet] in commit order (``seq``), ``batch_rows`` [batches/<id>.parquet;
  ``batch_dtypes`` keeps the pandas dtype of each column, so an export writes the same file],
  ``archives`` [uploads/<id>__<name>];
- ``accounts`` (one JSON record per user: areas, salted scrypt hash …) [users.json],
  ``login_failures`` [users.json.attempts.json], ``audit_log`` (the exact JSON line) [audit.log];
- migration 2: ``milestone_reports`` [store/milestone_reports.parquet], ``milestone_files``
  [uploads/milestones/<name>] (store/pg_milestones.py);
- migration 3: ``subscriptions`` [store/subscriptions.json], ``outbox`` and ``notified``
  [store/outbox.json] (store/pg_notify.py);
- migration 4: ``checkins`` [store/checkins.json] (store/pg_checkins.py);
- migration 5: ``meetings``, ``commitments``, ``commitment_reports`` [store/meetings.json]
  (store/pg_meetings.py);
- migration 6: ``api_tokens`` [store/api_tokens.json] (store/pg_tokens.py);
- migration 4 and later: the ``CREATE TABLE`` of each table added by it (``CREATED``), then one generated
  ``ALTER TABLE … ADD COLUMN`` per column ``ipdash/schema.py`` adds with that ``since`` (the column lists of
  migrations 1–3 come from there too, frozen by ``since``).
"""

from __future__ import annotations

import json
import secrets

from ipdash import schema
from ipdash.store import backend, pg

ACTUAL_COLUMNS = schema.ACTUALS.names
BATCH_DTYPES = schema.BATCHES.dtypes
REPORT_COLUMNS = schema.MILESTONE_REPORTS.names
_RESERVED = {"user"}  # column names PostgreSQL reserves: always quoted


def ident(name: str, *, quote: bool = False) -> str:
    return f'"{name}"' if quote or name in _RESERVED else name


def column_ddl(c: schema.Column, *, quote: bool = False, primary: bool = False) -> str:
    """``name type [NOT NULL | PRIMARY KEY]`` of one column (schema.Column)."""
    tail = " PRIMARY KEY" if primary else "" if c.nullable else " NOT NULL"
    return f"{ident(c.name, quote=quote)} {c.pg_type}{tail}"


def columns_ddl(table: schema.Table, *, since: int, quote: bool = False, inline_key: bool = False) -> str:
    """The column list of ``table`` as migration ``since`` created it (columns added later: ``added``)."""
    cols = [c for c in table.columns if c.since <= since]
    return ", ".join(column_ddl(c, quote=quote, primary=inline_key and (c.name,) == table.key) for c in cols)


# area and indicator sort as bytes (COLLATE "C"), as the local store sorts them, whatever the cluster's locale;
# then ORDER BY area, indicator, year is the primary key's order
_ACTUAL_DDL = columns_ddl(schema.ACTUALS, since=1)
_MANUAL = 3  # the hand-written migrations; a column with a newer ``since`` gets a generated one (below)
_ADDED_TO = {
    "actuals": ("base_actuals", "actuals", "batch_rows"),
    "batches": ("batches",),
    "milestone_reports": ("milestone_reports",),
}


def added(version: int) -> str:
    """Migration ``version`` (> _MANUAL): ADD COLUMN for each schema column created by it."""
    out = []
    for name, tables in _ADDED_TO.items():
        for c in schema.table(name).columns:
            if c.since != version:
                continue
            if not c.nullable:  # the rows already stored have no value for it
                raise ValueError(f"{name}.{c.name}: a column added after migration {_MANUAL} must be nullable")
            out += [f"ALTER TABLE {t} ADD COLUMN {ident(c.name)} {c.pg_type};\n" for t in tables]
    return "".join(out)


MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        f"""
CREATE TABLE ipdash_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    store_id text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    full_rev bigint NOT NULL DEFAULT 0,
    manifest text
);
CREATE TABLE ipdash_table_revs (name text PRIMARY KEY, rev bigint NOT NULL);
CREATE TABLE ipdash_catalog (name text PRIMARY KEY, parquet bytea NOT NULL, n_rows integer NOT NULL);
CREATE TABLE base_actuals ({_ACTUAL_DDL}, PRIMARY KEY (area, indicator, year));
CREATE TABLE actuals ({_ACTUAL_DDL}, rev bigint NOT NULL, PRIMARY KEY (area, indicator, year));
CREATE INDEX actuals_rev ON actuals (rev);
CREATE TABLE actuals_gone (
    area text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, year integer NOT NULL, rev bigint NOT NULL,
    PRIMARY KEY (area, indicator, year)
);
CREATE INDEX actuals_gone_rev ON actuals_gone (rev);
CREATE TABLE batches (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    {columns_ddl(schema.BATCHES, since=1, inline_key=True)}
);
CREATE TABLE batch_rows (ord integer NOT NULL, {_ACTUAL_DDL}, FOREIGN KEY (batch_id) REFERENCES batches);
CREATE INDEX batch_rows_batch ON batch_rows (batch_id, ord);
CREATE INDEX batch_rows_key ON batch_rows (area, indicator, year);
CREATE TABLE batch_dtypes (batch_id text PRIMARY KEY REFERENCES batches, dtypes json NOT NULL);
CREATE TABLE archives (batch_id text PRIMARY KEY REFERENCES batches, name text NOT NULL, data bytea NOT NULL);
CREATE TABLE accounts (seq bigint GENERATED ALWAYS AS IDENTITY, name text PRIMARY KEY, record json NOT NULL);
CREATE TABLE login_failures (name text NOT NULL, at double precision NOT NULL);
CREATE INDEX login_failures_name ON login_failures (name);
CREATE TABLE audit_log (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at text, event text, "user" text, line text NOT NULL
);
""",
    ),
    (
        2,
        f"""
CREATE TABLE milestone_reports (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    {columns_ddl(schema.MILESTONE_REPORTS, since=2, quote=True)},
    UNIQUE (report_id)
);
CREATE INDEX milestone_reports_milestone ON milestone_reports (milestone_id, seq);
CREATE TABLE milestone_files (name text PRIMARY KEY, data bytea NOT NULL);
""",
    ),
    (
        3,
        f"""
CREATE TABLE subscriptions (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, {columns_ddl(schema.SUBSCRIPTIONS, since=3, quote=True)},
    PRIMARY KEY (id)
);
CREATE TABLE outbox (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, {columns_ddl(schema.OUTBOX, since=3, quote=True)},
    PRIMARY KEY (key)
);
CREATE INDEX outbox_due ON outbox (status, next_try);
CREATE TABLE notified ({columns_ddl(schema.NOTIFIED, since=3, quote=True)}, PRIMARY KEY (version));
""",
    ),
]


def _create(table: schema.Table, since: int, *, index: tuple[str, ...] = ()) -> str:
    """CREATE TABLE for a table added by migration ``since``: a ``seq`` identity (the order written), the
    table's columns, its key; and, with ``index``, an index on those columns and ``seq``."""
    name, key = table.name, ", ".join(table.key)
    sql = f"""
CREATE TABLE {name} (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE, {columns_ddl(table, since=since, quote=True)},
    PRIMARY KEY ({key})
);
"""
    if index:
        index_name = f"{name}_{'_'.join(c.removesuffix('_id') for c in index)}"
        sql += f"CREATE INDEX {index_name} ON {name} ({', '.join(index)}, seq);\n"
    return sql


# Tables added after migration 3 (check-ins, meetings, commitments, API tokens…): their CREATE TABLE, by the
# migration that creates them (every column of such a table has that ``since``); a migration's generated
# ADD COLUMNs follow its CREATE TABLEs.
CREATED: dict[int, str] = {
    4: _create(schema.CHECKINS, 4, index=("target_id",)),
    5: _create(schema.MEETINGS, 5)
    + _create(schema.COMMITMENTS, 5)
    + _create(schema.COMMITMENT_REPORTS, 5, index=("commitment_id",)),
    6: _create(schema.API_TOKENS, 6),
}
_NEWEST = max(c.since for t in schema.TABLES.values() for c in t.columns)
# A number with nothing in it is skipped (numbers can be handed out ahead, to work on branches); ``init`` applies
# every migration the database has not recorded, so one that arrives after a newer one is applied all the same.
MIGRATIONS += [(v, sql) for v in range(_MANUAL + 1, _NEWEST + 1) if (sql := CREATED.get(v, "") + added(v)).strip()]
LATEST = MIGRATIONS[-1][0]


def dtypes_json(df) -> str:
    """The pandas dtype name of each column (``object`` or ``str`` for text), as JSON."""
    return json.dumps({c: str(t) for c, t in df.dtypes.items()})


def applied(tx: pg.Tx) -> int:
    """The newest migration the database has (0: none, an empty database)."""
    exists = tx.one("SELECT to_regclass('ipdash_migrations') IS NOT NULL")
    return int(tx.one("SELECT coalesce(max(version), 0) FROM ipdash_migrations") or 0) if exists else 0


def _recorded(tx: pg.Tx) -> set[int]:
    """Every migration the database has recorded (a number skipped on a branch may come later)."""
    exists = tx.one("SELECT to_regclass('ipdash_migrations') IS NOT NULL")
    return {int(r[0]) for r in tx.rows("SELECT version FROM ipdash_migrations")} if exists else set()


def check_version(have: int) -> None:
    if have > LATEST:
        raise backend.StoreUnavailable(
            f"{backend.describe()} has schema version {have}, newer than this ipdash knows ({LATEST}); "
            "upgrade ipdash on this machine to the version the other replicas run"
        )


def init() -> list[int]:
    """Create or upgrade the schema; returns the migrations applied now (empty: up to date)."""
    done: list[int] = []
    with pg.transaction() as tx:
        tx.run("CREATE TABLE IF NOT EXISTS ipdash_migrations (version integer PRIMARY KEY, applied_at timestamptz)")
        have = applied(tx)
        check_version(have)
        recorded = _recorded(tx)
        for version, ddl in MIGRATIONS:
            if version in recorded:
                continue
            for stmt in (s.strip() for s in ddl.split(";")):
                if stmt:
                    tx.run(stmt)
            if version == 1:
                tx.run("INSERT INTO ipdash_meta (id, store_id) VALUES (1, $1)", (secrets.token_hex(8),))
            tx.run("INSERT INTO ipdash_migrations VALUES ($1, now())", (version,))
            done.append(version)
    return done


def is_current() -> bool:
    with pg.session() as tx:
        have, recorded = applied(tx), _recorded(tx)
    check_version(have)
    return {v for v, _ in MIGRATIONS} <= recorded


def bump(tx: pg.Tx, *tables: str, full: bool = False) -> int:
    """Inside a write transaction: a new data version, stamped on ``tables``; returns it."""
    version = int(tx.one("UPDATE ipdash_meta SET version = version + 1 WHERE id = 1 RETURNING version"))
    if full:
        tx.run("UPDATE ipdash_meta SET full_rev = $1 WHERE id = 1", (version,))
    for name in tables:
        tx.run(
            "INSERT INTO ipdash_table_revs VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET rev = excluded.rev",
            (name, version),
        )
    tx.rows("SELECT pg_notify('ipdash_version', $1)", (str(version),))
    return version
