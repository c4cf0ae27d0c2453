"""Build step: reviewed text (catalog, seeds, reference figures) → Parquet under data/store/.

Runs by itself when the app or CLI finds the Parquet missing or stale (``store.ensure_built``),
or by hand: ``python -m ipdash build``. Uploaded batches are never touched by a rebuild; the
effective actuals are recomputed over the new base.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ipdash import catalog, paths
from ipdash.store import backend, illustrative, pg_write, write

BUILD_VERSION = "2"  # bump when the build logic changes the output for the same inputs


class SanityError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("The data failed its sanity checks:\n- " + "\n- ".join(problems))


def _seed_names() -> list[str]:
    """Names of the seed texts, sorted (os.scandir: a county-scale catalog has thousands)."""
    try:
        with os.scandir(paths.seeds_dir()) as it:
            return sorted(e.name for e in it if e.name.endswith(".txt"))
    except FileNotFoundError:
        return []


def input_files() -> list[Path]:
    files = [paths.catalog_file(n) for n in paths.CATALOG_TABLES]
    seeds = paths.seeds_dir()
    files += [seeds / n for n in _seed_names()]
    files += [paths.reference_file(), Path(illustrative.__file__), Path(__file__)]
    return files


def stat_fingerprint() -> str:
    parts = []
    for f in map(str, input_files()):
        try:
            st = os.stat(f)
            parts.append(f"{os.path.basename(f)}:{st.st_mtime_ns}:{st.st_size}")
        except FileNotFoundError:
            parts.append(f"{os.path.basename(f)}:0:0")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def newest_input() -> float:
    """The newest modification time (Unix seconds) of the build's inputs."""
    return max((f.stat().st_mtime for f in input_files() if f.exists()), default=0.0)


def content_hash() -> str:
    h = hashlib.sha256(BUILD_VERSION.encode())
    for f in input_files():
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.exists() else b"<missing>")
    return h.hexdigest()


_hashed: dict[str, str] = {}  # {stat fingerprint: content hash} of the inputs, the latest one only


def content_hash_now() -> str:
    """``content_hash`` of the inputs, computed again only when their stat fingerprint changed: a data
    directory copied without its times (``cp -r``, a restored backup) no longer matches the manifest's
    ``stat``, and every freshness check (once a second) would otherwise read and hash every input again."""
    fp = stat_fingerprint()
    if fp not in _hashed:
        _hashed.clear()
        _hashed[fp] = content_hash()
    return _hashed[fp]


def read_manifest() -> dict:
    try:
        return json.loads(paths.manifest_file().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def is_fresh() -> bool:
    """True when every Parquet table exists and was built from the current inputs."""
    if backend.is_postgres():  # [pg-dispatch] the build recorded in PostgreSQL (store/pg_write.is_fresh)
        return pg_write.is_fresh(stat_fingerprint, content_hash_now, newest_input)
    if not all(paths.parquet(t).exists() for t in (*paths.CATALOG_TABLES, "base_actuals", "actuals")):
        return False
    man = read_manifest()
    if man.get("stat") == stat_fingerprint():
        return True
    return man.get("content") == content_hash_now()


def reference_actuals(cat: catalog.Catalog) -> tuple[pd.DataFrame, list[str]]:
    """Published figures (kind = actual) from the reference CSV, mapped onto catalog codes."""
    ref = pd.read_csv(paths.reference_file(), dtype=str, keep_default_na=False)
    areas = catalog.alias_map(cat.areas)
    inds = catalog.alias_map(cat.indicators)
    units = dict(zip(cat.indicators["code"], cat.indicators["unit"]))
    problems = []
    act = ref[ref["kind"] == "actual"]  # vectorised: a county-scale reference has ~1 M rows
    area = act["area"].str.lower().map(areas)
    ind = act["indicator_zh"].str.lower().map(inds)
    unknown = area.isna() | ind.isna()
    wrong_unit = ~unknown & (act["unit"] != ind.map(units))
    for i in act.index[unknown | wrong_unit]:
        r = act.loc[i]
        where = f"reference figures line {i + 2} ({r['area']} {r['indicator_zh']} {r['year']})"
        if unknown[i]:
            problems.append(
                f"{where}: no catalog area/indicator matches; add the name to the "
                "aliases column of areas.csv or indicators.csv."
            )
        else:
            problems.append(
                f"{where}: unit {r['unit']} differs from the indicator's {units[ind[i]]}; "
                "convert the value or fix the unit."
            )
    ok = act[~(unknown | wrong_unit)]
    n = len(ok)
    rows = pd.DataFrame(
        {
            "area": area[ok.index].tolist(),
            "indicator": ind[ok.index].tolist(),
            "year": ok["year"].astype(int).tolist(),
            "value": ok["value"].astype(float).tolist(),
            "unit": ok["unit"].tolist(),
            # a published *preliminary* figure (column ``preliminary`` = yes, e.g. 「预计4.5%左右」) is an
            # estimate: a later final figure (official) replaces it, and the hindcast leaves it out
            "provenance": _provenance(ok),
            "confidence": ok["confidence"].tolist(),
            "source_url": ok["source_url"].tolist(),
            "note": ok["quote"].tolist(),
            "batch_id": ["base"] * n,
        }
    )
    tg = cat.targets
    for i, r in ref[ref["kind"] == "target"].iterrows():
        hit = tg[
            (tg["area"] == areas.get(r["area"].lower()))
            & (tg["indicator"] == inds.get(r["indicator_zh"].lower()))
            & (tg["target_year"] == int(r["year"]))
            & (tg["value"] == float(r["value"]))
        ]
        if hit.empty:
            problems.append(
                f"reference figures line {i + 2}: the published target {r['area']} "
                f"{r['indicator_zh']} {r['year']} = {r['value']} has no row in targets.csv; add it."
            )
    for i, r in ref[ref["kind"] == "population"].iterrows():
        a = cat.areas[cat.areas["code"] == areas.get(r["area"].lower())]
        if a.empty or int(a["population"].iloc[0]) != int(r["value"]):
            problems.append(
                f"reference figures line {i + 2}: population of {r['area']} ({r['value']}) "
                "differs from areas.csv; use the published census figure."
            )
    return write.conform(rows), problems


def _provenance(rows: pd.DataFrame) -> list[str]:
    if "preliminary" not in rows.columns:
        return ["official"] * len(rows)
    prelim = rows["preliminary"].fillna("").astype(str).str.strip().str.lower().isin(("yes", "true", "1"))
    return ["estimate" if p else "official" for p in prelim]


def base_actuals(cat: catalog.Catalog) -> pd.DataFrame:
    official, problems = reference_actuals(cat)
    illus = illustrative.generate(cat.indicators)
    # real before illustrative: where a real series exists for an area × indicator, the
    # illustrative series is dropped for it entirely (never mixed year by year)
    key = ["area", "indicator", "year"]
    real = official[["area", "indicator"]].drop_duplicates()
    illus = illus.merge(real, on=["area", "indicator"], how="left", indicator=True)
    illus = illus[illus["_merge"] == "left_only"].drop(columns="_merge")
    base = pd.concat([official, write.conform(illus)], ignore_index=True)
    problems += check_actuals(base, cat)
    if problems:
        raise SanityError(problems)
    base["year"] = base["year"].astype("int32")
    base["value"] = base["value"].astype("float64")
    return base.sort_values(key).reset_index(drop=True)


def check_actuals(df: pd.DataFrame, cat: catalog.Catalog) -> list[str]:
    problems = []
    dup = df[df.duplicated(["area", "indicator", "year"], keep=False)]
    for (a, i, y), _ in dup.groupby(["area", "indicator", "year"]):
        problems.append(f"actuals: {a} {i} {y} appears more than once; keep one row per area × indicator × year.")
    bad = df[~np.isfinite(df["value"].astype(float)) | (df["value"].astype(float) < 0)]
    for _, r in bad.iterrows():
        problems.append(
            f"actuals: {r['area']} {r['indicator']} {r['year']} has value {r['value']}; "
            "values must be finite and not negative."
        )
    pct = set(cat.indicators.loc[cat.indicators["measure"] == "percent", "code"])
    over = df[df["indicator"].isin(pct) & (df["value"] > 100)]
    for _, r in over.iterrows():
        problems.append(
            f"actuals: {r['area']} {r['indicator']} {r['year']} = {r['value']} % is above 100 %; check the unit."
        )
    noprov = df[~df["provenance"].isin(catalog.PROVENANCES)]
    if not noprov.empty:
        problems.append(f"actuals: {len(noprov)} rows lack a provenance of {', '.join(catalog.PROVENANCES)}.")
    return problems


def build(*, log=None) -> dict:
    """Rebuild every base table; keep uploaded batches; recompute the effective actuals."""
    cat = catalog.load()
    base = base_actuals(cat)
    if backend.is_postgres():  # [pg-dispatch] one transaction in PostgreSQL (store/pg_write.write_build)
        manifest = _manifest(cat, base)
        pg_write.write_build(cat.frames(), base, manifest)
        if log:
            log(f"built {backend.describe()}: " + ", ".join(f"{k} {v}" for k, v in manifest["rows"].items()))
        return manifest
    with write.write_lock():
        for name, df in cat.frames().items():
            write.write_parquet(df, paths.parquet(name))
        write.write_parquet(base, paths.parquet("base_actuals"))
        if not paths.parquet("batches").exists():
            write.write_parquet(write.empty_batches(), paths.parquet("batches"))
        write.rebuild_effective()
        manifest = _manifest(cat, base)
        write.write_bytes(json.dumps(manifest, ensure_ascii=False, indent=1).encode(), paths.manifest_file())
    if log:
        log(f"built {paths.store_dir()}: " + ", ".join(f"{k} {v}" for k, v in manifest["rows"].items()))
    return manifest


def _manifest(cat: catalog.Catalog, base: pd.DataFrame) -> dict[str, Any]:
    rows = {n: len(df) for n, df in cat.frames().items()} | {"base_actuals": len(base)}
    return {
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "build_version": BUILD_VERSION,
        "content": content_hash(),
        "stat": stat_fingerprint(),
        "rows": rows,
    }


def ensure_built() -> bool:
    """Build if missing or stale; True when a build ran."""
    if is_fresh():
        return False
    with write.write_lock():
        pass  # wait for a concurrent writer to finish before deciding
    if is_fresh():
        return False
    build()
    return True
