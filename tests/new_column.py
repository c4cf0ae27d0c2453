"""Run as a script (tests/test_schema.py), on a store holding a batch committed before the column:
the schema gains one optional actuals column in ipdash/schema.py — and nowhere else —
then an upload carrying it goes through the template, validation, commit and the store, and the PostgreSQL
migrations and the data dictionary show it. Prints what it saw as JSON (tests/test_schema.py reads it).

A subprocess, because every module reads the schema when it is imported, as it would after an edit."""

from __future__ import annotations

import dataclasses
import json
import sys

import pandas as pd

from ipdash import paths, schema

NEW = schema.Column("reviewer", upload=True, template=True, since=schema.next_migration())  # the one place
schema.ACTUALS = dataclasses.replace(schema.ACTUALS, columns=(*schema.ACTUALS.columns, NEW))
schema.TABLES["actuals"] = schema.ACTUALS

from ipdash.frames.tables import data_dictionary  # noqa: E402
from ipdash.ingest import commit, templates, validate  # noqa: E402
from ipdash.store import backend, build, pg, pg_read, pg_schema  # noqa: E402
from ipdash.store import read as store  # noqa: E402
from ipdash.store import write as writer  # noqa: E402
from tests.corpus import helpers  # noqa: E402

out: dict = {
    "migrations": [v for v, _ in pg_schema.MIGRATIONS],
    "migration_new": dict(pg_schema.MIGRATIONS).get(NEW.since),
}
if backend.is_postgres():
    out["applied"] = pg_schema.init()  # a store made before the column: upgraded in place
    with pg.session() as tx:
        out["pg_columns"] = {
            t: [r[0] for r in tx.rows(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{t}'")]
            for t in ("base_actuals", "actuals", "batch_rows")
        }
else:
    build.build()  # a new local store
out["template"] = templates.csv_bytes(2024).decode("utf-8-sig").splitlines()[len(templates.NOTES)]
data = helpers.csv_bytes(
    [["地区", "指标", "年份", "数值", "单位", "reviewer"], ["杨浦", "PCT国际专利申请量", 2016, "120", "件", "Li Lei"]]
)
v = validate.validate(data, "upload.csv")
out["ok"], out["errors"] = v.ok, [p.en for p in v.errors]
out["pandera"] = list(validate.schema(set(), set(), set(), None).columns)
out["validated"] = v.rows["reviewer"].tolist()
bad = helpers.csv_bytes([["地区", "指标", "年份", "数值", "reviewer"], ["杨浦", "PCT国际专利申请量", 2016, "x", "Li"]])
out["bad_ok"] = validate.validate(bad, "bad.csv").ok  # the other checks still run beside it
out["preview"] = commit.preview(v)["status"].tolist()
entry = commit.commit(v, data, helpers.add_user("admin", ("*",)), confirm_warnings=True)
pg_read.invalidate() if backend.is_postgres() else None
a = store.actuals()
hit = a[(a["area"] == "yangpu") & (a["indicator"] == "pct_applications") & (a["year"] == 2016)]
out["stored"] = hit["reviewer"].tolist()
out["others_empty"] = bool(a.loc[a.index.difference(hit.index), "reviewer"].isna().all())
early = a[(a["area"] == "pudong") & (a["indicator"] == "pct_applications") & (a["year"] == 2016)]
out["early_batch"] = early[["value", "batch_id"]].to_dict("records"), early["reviewer"].isna().tolist()
bid = entry["batch_id"]
rows = pg_read.batch_rows(bid) if backend.is_postgres() else pd.read_parquet(paths.batches_dir() / f"{bid}.parquet")
out["batch_rows"] = rows["reviewer"].tolist()
out["columns"] = list(writer.ACTUAL_COLUMNS)
dd = data_dictionary("en")
out["dictionary"] = dd[(dd["table"] == "actuals") & (dd["column"] == "reviewer")].to_dict("records")
out["docs"] = "`reviewer`" in schema.docs_section()
json.dump(out, sys.stdout, ensure_ascii=False, default=str)
