"""Moving a store between a local data directory and PostgreSQL: ``db migrate`` and ``db export``.

``migrate(src)`` copies the write side of a local data directory into an (initialised) PostgreSQL
store in one transaction: the built tables, the batch log and every batch's rows, the archived
originals, the audit log line by line, the milestones' reports and their files, subscriptions and
the outbox, meetings and commitments with their reports, the accounts and failed logins; the
effective actuals are recomputed there. ``export(dest)`` writes it all back in the local layout (docs/architecture.md,
"Data directory"), file for file: catalog tables and the manifest byte for byte as they were
stored, tables through the same pandas/DuckDB writers the local store uses, so a round trip gives
back the same files. Neither touches the reviewed inputs (catalog/, seeds/, reference/).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ipdash import paths
from ipdash.store import (
    backend,
    db,
    pg,
    pg_accounts,
    pg_checkins,
    pg_meetings,
    pg_milestones,
    pg_notify,
    pg_read,
    pg_schema,
    pg_write,
)

_COLS = ", ".join(pg_schema.ACTUAL_COLUMNS)
_BATCH_COLS = list(pg_schema.BATCH_DTYPES)


@dataclass(frozen=True)
class Moved:
    """What a migrate or export carried."""

    batches: int
    archives: int
    audit_lines: int
    accounts: int
    reports: int = 0  # milestone reports (their archived files travel with them)
    subscriptions: int = 0
    messages: int = 0  # the notification outbox (sent ones too: their keys are what prevents a resend)
    checkins: int = 0
    meetings: int = 0  # rows of meetings, commitments and commitment reports


def _local(src: Path, name: str) -> Path:
    return src / "store" / f"{name}.parquet"


def _has_data(tx: pg.Tx) -> bool:
    n = tx.one(
        "SELECT (SELECT count(*) FROM batches) + (SELECT count(*) FROM accounts) + (SELECT count(*) FROM audit_log)"
        " + (SELECT count(*) FROM milestone_reports) + (SELECT count(*) FROM subscriptions)"
        " + (SELECT count(*) FROM checkins)"
        " + (SELECT count(*) FROM meetings) + (SELECT count(*) FROM commitments)"
    )
    return bool(n)


def migrate(src: Path, users_file: Path | None = None, *, replace: bool = False) -> Moved:
    """Copy the local data directory ``src`` in. Refuses a store that already has batches,
    accounts or audit lines unless ``replace``; refuses a directory a killed commit left unfinished."""
    src = src.resolve()
    store = src / "store"
    if not (store / "manifest.json").exists() or not all(_local(src, n).exists() for n in paths.STORE_TABLES[:-1]):
        raise ValueError(
            f"{src} has no built store (store/*.parquet, store/manifest.json): run ipdash build on it first"
        )
    if (store / ".commit-pending").exists():
        raise ValueError(
            f"{src} has an unfinished commit: run `IPDASH_DATA_DIR={src} python -m ipdash batches` once to repair it"
        )
    log = pd.read_parquet(_local(src, "batches")) if _local(src, "batches").exists() else pd.DataFrame()
    users_file = users_file or src / "users.json"
    pg_schema.init()
    with pg.transaction() as tx:
        if _has_data(tx) and not replace:
            raise ValueError(f"{backend.describe()} already holds batches, accounts or audit lines; use --replace")
        tx.run(
            "TRUNCATE archives, batch_dtypes, batch_rows, batches, accounts, login_failures, audit_log, base_actuals"
        )
        for name in paths.CATALOG_TABLES:
            blob = _local(src, name).read_bytes()
            n = pq.ParquetFile(io.BytesIO(blob)).metadata.num_rows
            tx.run(
                "INSERT INTO ipdash_catalog VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE "
                "SET parquet = excluded.parquet, n_rows = excluded.n_rows",
                (name, blob, n),
            )
        tx.ingest("base_actuals", _actuals(pq.read_table(_local(src, "base_actuals"))))
        archives = 0
        for entry in log.to_dict("records"):
            cols = ", ".join(f'"{c}"' for c in _BATCH_COLS)
            marks = ", ".join(f"${i + 1}" for i in range(len(_BATCH_COLS)))
            tx.run(f"INSERT INTO batches ({cols}) VALUES ({marks})", [_plain(entry[c]) for c in _BATCH_COLS])
            path = store / "batches" / f"{entry['batch_id']}.parquet"
            tx.run(
                "INSERT INTO batch_dtypes VALUES ($1, $2::json)",
                (entry["batch_id"], _file_dtypes(path)),
            )
            rows = _actuals(pq.read_table(path))
            rows = rows.append_column("ord", pa.array(range(rows.num_rows), pa.int32()))
            tx.ingest("_rows", rows, temporary=True)
            tx.run(f"INSERT INTO batch_rows (ord, {_COLS}) SELECT ord, {_COLS} FROM _rows")
            tx.run("DROP TABLE _rows")
            for f in sorted((src / "uploads").glob(f"{entry['batch_id']}__*")):
                tx.run("INSERT INTO archives VALUES ($1, $2, $3)", (entry["batch_id"], f.name, f.read_bytes()))
                archives += 1
        lines = _audit_lines(src / "audit.log")
        for line in lines:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                rec = {}
            pg_accounts.insert_line(tx, rec if isinstance(rec, dict) else {}, line)
        reports = pg_milestones.copy_in(tx, src)
        subs = _json(store / "subscriptions.json").get("subscriptions", [])
        box = _json(store / "outbox.json")
        messages = pg_notify.copy_in(tx, subs, list(box.get("messages", {}).values()), box.get("notified", {}))
        checkins = pg_checkins.copy_in(tx, _json(store / "checkins.json").get("checkins", []))
        meetings = pg_meetings.copy_in(tx, src)
        users = json.loads(users_file.read_text(encoding="utf-8"))["users"] if users_file.exists() else {}
        for name, rec in users.items():
            tx.run(
                "INSERT INTO accounts (name, record) VALUES ($1, $2::json)", (name, json.dumps(rec, ensure_ascii=False))
            )
        attempts = Path(str(users_file) + ".attempts.json")
        if attempts.exists():
            for name, times in json.loads(attempts.read_text(encoding="utf-8")).items():
                for at in times:
                    tx.run("INSERT INTO login_failures VALUES ($1, $2::float8)", (name, float(at)))
        pg_write.rebuild_effective(tx, *paths.CATALOG_TABLES, "base_actuals", "batches")
        tx.run("UPDATE ipdash_meta SET manifest = $1 WHERE id = 1", ((store / "manifest.json").read_text("utf-8"),))
    pg_read.clear()
    return Moved(
        len(log), archives, len(lines), len(users), reports, len(subs), messages, checkins=checkins, meetings=meetings
    )


def _json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data if isinstance(data, dict) else {}


def _file_dtypes(path: Path) -> str:
    """The pandas dtypes a local batch file was written from (its pandas metadata), as JSON."""
    meta = pq.read_schema(path).metadata or {}
    cols = json.loads(meta.get(b"pandas", b"{}")).get("columns", [])
    return json.dumps({c["name"]: c.get("numpy_type", "") for c in cols})


def _plain(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _actuals(tbl: pa.Table) -> pa.Table:
    return tbl.select(list(pg_schema.ACTUAL_COLUMNS)).cast(pg_write.ARROW_SCHEMA)


def _audit_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    Path(tmp).write_bytes(data)
    os.replace(tmp, path)


def _parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def export(dest: Path, users_file: Path | None = None) -> Moved:
    """Write the store out as a local data directory's write side under ``dest``."""
    dest = dest.resolve()
    store = dest / "store"
    users_file = users_file or dest / "users.json"
    with pg.transaction(lock=False, snapshot=True) as tx:
        for name, blob in tx.rows("SELECT name, parquet FROM ipdash_catalog"):
            _write(store / f"{name}.parquet", bytes(blob))
        base = tx.arrow(f"SELECT {_COLS} FROM base_actuals ORDER BY area, indicator, year")
        _write(store / "base_actuals.parquet", _parquet(base.to_pandas()))
        log = tx.arrow(f"SELECT {', '.join(chr(34) + c + chr(34) for c in _BATCH_COLS)} FROM batches ORDER BY seq")
        log_df = log.to_pandas().astype(pg_schema.BATCH_DTYPES)
        _write(store / "batches.parquet", _parquet(log_df))
        for bid in log_df["batch_id"]:
            rows = tx.arrow(f"SELECT {_COLS} FROM batch_rows WHERE batch_id = $1 ORDER BY ord", (bid,)).to_pandas()
            dtypes = json.loads(tx.one("SELECT dtypes::text FROM batch_dtypes WHERE batch_id = $1", (bid,)) or "{}")
            for col, dtype in dtypes.items():  # text columns as the local commit left them (object or str)
                if dtype == "object":
                    rows[col] = rows[col].astype(object)
            _write(store / "batches" / f"{bid}.parquet", _parquet(rows))
        archives = tx.rows("SELECT name, data FROM archives ORDER BY batch_id")
        for name, data in archives:
            _write(dest / "uploads" / name, bytes(data))
        actuals = tx.arrow(f"SELECT {_COLS} FROM actuals ORDER BY area, indicator, year")
        lines = [r[0] for r in tx.rows("SELECT line FROM audit_log ORDER BY seq")]
        users = {n: json.loads(r) for n, r in tx.rows("SELECT name, record::text FROM accounts ORDER BY seq")}
        failures = tx.rows("SELECT name, at FROM login_failures ORDER BY name, at")
        manifest = tx.one("SELECT manifest FROM ipdash_meta")
        reports = pg_milestones.copy_out(tx, dest, _write)
        subs, box = pg_notify.copy_out(tx)
        checkins = pg_checkins.copy_out(tx)
        meetings = pg_meetings.copy_out(tx, dest, _write)
    tmp = store / ".actuals.parquet.export.tmp"
    cur = db.connection().cursor()  # the same DuckDB COPY the local store writes actuals.parquet with
    try:
        cur.register("_export_actuals", actuals)
        cur.execute("COPY (SELECT * FROM _export_actuals) TO ? (FORMAT parquet)", [str(tmp)])
    finally:
        cur.close()
    os.replace(tmp, store / "actuals.parquet")
    if lines:
        _write(dest / "audit.log", ("\n".join(lines) + "\n").encode("utf-8"))
    if users:
        _write(users_file, json.dumps({"users": users}, ensure_ascii=False, indent=1).encode("utf-8"))
        os.chmod(users_file, 0o600)
    if failures:
        attempts: dict[str, list[float]] = {}
        for name, at in failures:
            attempts.setdefault(name, []).append(float(at))
        _write(Path(str(users_file) + ".attempts.json"), json.dumps(attempts).encode("utf-8"))
    if manifest:
        _write(store / "manifest.json", manifest.encode("utf-8"))
    for name, content in (("subscriptions.json", {"subscriptions": subs}), ("outbox.json", box)):
        if subs or box["messages"] or box["notified"]:  # the local store's files, as local_notify writes them
            _write(store / name, json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8"))
            os.chmod(store / name, 0o600)
    if checkins:  # as store.local_checkins writes it
        text = json.dumps({"checkins": checkins}, ensure_ascii=False, indent=1)
        _write(store / "checkins.json", text.encode("utf-8"))
    n_box = len(box["messages"])
    return Moved(len(log_df), len(archives), len(lines), len(users), reports, len(subs), n_box, len(checkins), meetings)
