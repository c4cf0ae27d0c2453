"""The schema module (ipdash/schema.py): the generated PostgreSQL DDL, the docs section, one column end to end."""

from __future__ import annotations

import re

from ipdash import schema
from ipdash.store import pg_schema

# The DDL migrations 1 and 2 produced before their column lists came from ipdash/schema.py (commit 3b1f253).
# A database already migrated ran exactly this; the generated migrations must stay equal to it, whatever
# columns are added later (those get their own migration).
FROZEN = {
    1: """
CREATE TABLE ipdash_meta (
    id integer PRIMARY KEY CHECK (id = 1),
    store_id text NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    full_rev bigint NOT NULL DEFAULT 0,
    manifest text
);
CREATE TABLE ipdash_table_revs (name text PRIMARY KEY, rev bigint NOT NULL);
CREATE TABLE ipdash_catalog (name text PRIMARY KEY, parquet bytea NOT NULL, n_rows integer NOT NULL);
CREATE TABLE base_actuals (
    area text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, year integer NOT NULL, value double precision,
    unit text, provenance text, confidence text, source_url text, note text, batch_id text,
    PRIMARY KEY (area, indicator, year));
CREATE TABLE actuals (
    area text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, year integer NOT NULL, value double precision,
    unit text, provenance text, confidence text, source_url text, note text, batch_id text,
    rev bigint NOT NULL, PRIMARY KEY (area, indicator, year));
CREATE INDEX actuals_rev ON actuals (rev);
CREATE TABLE actuals_gone (
    area text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, year integer NOT NULL, rev bigint NOT NULL,
    PRIMARY KEY (area, indicator, year)
);
CREATE INDEX actuals_gone_rev ON actuals_gone (rev);
CREATE TABLE batches (
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    batch_id text PRIMARY KEY, committed_at text, "user" text, file_name text, sha256 text,
    n_rows bigint, n_new bigint, n_changed bigint, status text, reverted_at text, reverted_by text
);
CREATE TABLE batch_rows (ord integer NOT NULL,
    area text COLLATE "C" NOT NULL, indicator text COLLATE "C" NOT NULL, year integer NOT NULL, value double precision,
    unit text, provenance text, confidence text, source_url text, note text, batch_id text,
    FOREIGN KEY (batch_id) REFERENCES batches);
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
    2: """
CREATE TABLE milestone_reports (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "report_id" text NOT NULL,
    "milestone_id" text NOT NULL,
    "area" text NOT NULL,
    "status" text NOT NULL,
    "previous_status" text NOT NULL,
    "note" text NOT NULL,
    "evidence_url" text NOT NULL,
    "evidence_file" text NOT NULL,
    "reported_at" text NOT NULL,
    "user" text NOT NULL,
    "department" text NOT NULL,
    "source" text NOT NULL,
    "file_name" text NOT NULL,
    "sha256" text NOT NULL,
    UNIQUE (report_id)
);
CREATE INDEX milestone_reports_milestone ON milestone_reports (milestone_id, seq);
CREATE TABLE milestone_files (name text PRIMARY KEY, data bytea NOT NULL);
""",
}


def _norm(sql: str) -> str:
    return re.sub(r"\(\s+", "(", " ".join(sql.split()))


def test_migrations_1_and_2_are_unchanged():
    got = dict(pg_schema.MIGRATIONS)
    for version, sql in FROZEN.items():
        assert _norm(got[version]) == _norm(sql), f"migration {version} changed: a stored database would differ"


def test_no_generated_migration_without_a_new_column():
    assert pg_schema.LATEST == 3 == max(c.since for t in schema.TABLES.values() for c in t.columns)
