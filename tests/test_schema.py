"""The schema module (ipdash/schema.py): the generated PostgreSQL DDL, the docs section, one column end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from ipdash import schema
from ipdash.store import pg_schema

REPO = Path(__file__).resolve().parent.parent

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


def test_no_migration_without_a_new_table_or_column():
    assert schema.next_migration() - 1 == pg_schema.LATEST
    assert all(sql.strip() for _, sql in pg_schema.MIGRATIONS), "an empty migration: nothing in the schema asks for it"


def test_docs_tables_section_is_generated_from_the_schema():
    drift = schema.docs_drift()
    assert drift is None, drift


def test_every_column_has_its_words_and_every_word_a_column():
    from ipdash.strings import dictionary
    from ipdash.strings import ingest as vocab
    from ipdash.strings.milestones import DICTIONARY

    assert list(vocab.HEADER_ALIASES) == list(vocab.DEFAULT_HEADERS) == list(schema.upload_columns())
    for t in schema.TABLES.values():
        for c in (*t.columns, *t.derived):
            assert c.meaning_key in dictionary.COLUMN_ZH or c.meaning_key in DICTIONARY, f"{t.name}.{c.name}: no zh"
    known = {f"{t.name}.{c.name}" for t in schema.TABLES.values() for c in (*t.columns, *t.derived)}
    assert set(dictionary.COLUMN_NOTE) <= known, set(dictionary.COLUMN_NOTE) - known
    assert set(dictionary.TABLE_NOTE) <= set(schema.TABLES)


def test_the_frames_and_files_follow_the_schema(built_data):
    from ipdash.ingest import commit, keyed, templates, validate
    from ipdash.sheets import header
    from ipdash.store import read as store
    from ipdash.store import write as writer

    assert writer.ACTUAL_COLUMNS == pg_schema.ACTUAL_COLUMNS == schema.ACTUALS.names
    frames = {t.name: store.table(t.name) for t in schema.CATALOG}
    frames |= {"actuals": store.actuals(), "batches": writer.read_batches()}
    for name, df in frames.items():
        t = schema.table(name)
        assert tuple(df.columns) == t.names, name
        typed = {c.name: c.dtype for c in t.columns if c.dtype != "string"}  # text: str or object, as pandas reads
        assert {c: str(df[c].dtype) for c in typed} == typed, name
    assert validate.OUT_COLUMNS == header.FIELDS == tuple(c for c in schema.ACTUALS.names if c != "batch_id")
    assert commit.COMPARED == keyed.OLD_COLUMNS == validate.OUT_COLUMNS[3:]
    assert set(validate.OUT_COLUMNS) <= set(validate.schema(set(), set(), set(), None).columns)
    assert list(templates.HEADERS) == [c for c in validate.OUT_COLUMNS if c != "confidence"]


def test_a_column_added_in_one_place_reaches_template_validation_both_stores_and_the_dictionary(fresh_store):
    """tests/new_column.py adds ``reviewer`` (optional text, an upload field, PostgreSQL migration 4) to the
    actuals in ipdash/schema.py only, on a store made (and given a batch) before it: the PostgreSQL one is
    upgraded by ``db init`` (the generated migration), the local one rebuilt (``build``; the old batch file
    keeps its columns, the column is NULL there); an upload carrying it is validated, committed, read back."""
    from ipdash.ingest import commit, validate
    from tests.corpus import helpers

    early = helpers.csv_bytes([["地区", "指标", "年份", "数值"], ["浦东", "PCT国际专利申请量", 2016, "10"]])
    user = helpers.add_user("early", ("*",))
    commit.commit(validate.validate(early, "early.csv"), early, user, confirm_warnings=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    r = subprocess.run(
        [sys.executable, str(REPO / "tests" / "new_column.py")], capture_output=True, text=True, env=env, timeout=300
    )
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout)
    alter = [f"ALTER TABLE {t} ADD COLUMN reviewer text;" for t in ("base_actuals", "actuals", "batch_rows")]
    new = schema.next_migration()
    before = [v for v, _ in pg_schema.MIGRATIONS]  # a number reserved for a parallel branch may be missing
    assert got["migrations"] == [*before, new] and got["migration_new"].split("\n")[-4:-1] == alter
    if os.environ.get("IPDASH_STORE"):
        assert got["applied"] == [new]
        assert all("reviewer" in cols for cols in got["pg_columns"].values()), got["pg_columns"]
    assert got["template"].split(",")[-1] == "reviewer"  # the template's header row
    assert got["ok"], got["errors"]
    assert "reviewer" in got["pandera"] and got["validated"] == ["Li Lei"]
    assert got["bad_ok"] is False
    assert got["preview"] == ["new"]
    assert got["stored"] == ["Li Lei"] and got["batch_rows"] == ["Li Lei"] and got["others_empty"]
    assert got["columns"][-1] == "reviewer"
    (early_row,), empty = got["early_batch"]  # the batch committed before the column: still effective, no reviewer
    assert early_row["value"] == 10.0 and early_row["batch_id"] != "base" and empty == [True]
    assert got["dictionary"] == [{"table": "actuals", "column": "reviewer", "meaning": "reviewer"}]
    assert got["docs"]
