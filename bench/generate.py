"""Synthetic county-scale data directory for the benchmark (deterministic, fixed seed).

``python -m bench.generate DIR [--scale full|small]`` writes ``DIR`` in the layout of ``data/``
(see docs/architecture.md) and leaves the Parquet build to ``python -m ipdash build``:

- ``catalog/``: the real catalog (20 indicators, the Shanghai areas, documents, targets,
  milestones) plus 6 synthetic indicators (``syn_01``…; 25 in all) and, per scale, 2 846 (full) or 60
  (small) synthetic county-level areas ``c0001``… with a population each;
- ``seeds/``: the four real policy documents plus one generated plan per synthetic county;
  every synthetic target quotes a clause of its county's plan verbatim, so the catalog checks
  (``catalog.check_catalog``) pass unchanged;
- ``reference/shanghai-public-figures.csv``: the real reference rows plus one ``kind = actual``
  row per synthetic area × indicator × year 2011–2025 (full: 2 846 × 25 × 15 ≈ 1.07 M rows),
  so the actuals go through the real build (``build.reference_actuals``) as official figures
  with confidence C and the source ``synthetic://bench``.

Numbers: a per-area scale drawn from a log-normal, geometric growth for counts and money,
linear drift for ratios, multiplicative noise; percentages stay ≤ 100. Targets are set around
the extrapolated path (some met, some missed, some at risk). All draws come from
``numpy.random.default_rng(SEED)``.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parent.parent
SEED = 20261121
YEARS = list(range(2011, 2026))
SCALES = {"full": 2846, "small": 60}  # synthetic areas; + the 4 real ones ≈ 2 850
TARGETS_PER_AREA = 10
SOURCE = "synthetic://bench"

SYN_INDICATORS = [  # code, name_zh, name_en, unit, unit_en, kind, measure, direction, per_capita_ok
    (
        "syn_01",
        "合成指标一：地理标志产品数",
        "Synthetic 1: geographical indications",
        "件",
        "items",
        "stock",
        "count",
        "higher",
        "true",
    ),
    (
        "syn_02",
        "合成指标二：知识产权服务机构数",
        "Synthetic 2: IP service firms",
        "家",
        "firms",
        "stock",
        "count",
        "higher",
        "true",
    ),
    (
        "syn_03",
        "合成指标三：专利许可收入",
        "Synthetic 3: patent licence income",
        "亿元",
        "100 million yuan",
        "flow",
        "money",
        "higher",
        "true",
    ),
    (
        "syn_04",
        "合成指标四：维权援助结案率",
        "Synthetic 4: enforcement-aid closure rate",
        "%",
        "%",
        "ratio",
        "percent",
        "higher",
        "false",
    ),
    (
        "syn_05",
        "合成指标五：侵权案件平均审结天数",
        "Synthetic 5: days to close an infringement case",
        "天",
        "days",
        "ratio",
        "duration",
        "lower",
        "false",
    ),
    (
        "syn_06",
        "合成指标六：商业秘密保护示范点数",
        "Synthetic 6: trade-secret protection sites",
        "家",
        "sites",
        "flow",
        "count",
        "higher",
        "true",
    ),
]
# typical size of a county's figure (median across counties) and yearly trend
BASE = {
    "count": (800.0, 0.08),
    "money": (2.0, 0.10),
    "percent": (60.0, 1.5),
    "per_capita": (8.0, 0.6),
    "duration": (70.0, -1.5),
}


def _round(v: np.ndarray, measure: str) -> np.ndarray:
    if measure == "count":
        return np.round(v)
    if measure == "money":
        return np.round(v, 2)
    return np.round(v, 1)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")


def indicators(real: pd.DataFrame) -> pd.DataFrame:
    cols = list(real.columns)
    rows = [
        dict(zip(["code", "name_zh", "name_en", "unit", "unit_en", "kind", "measure", "direction", "per_capita_ok"], r))
        | {
            "aliases": r[0],
            "description_zh": "合成基准数据（非真实指标）。",
            "description_en": "Synthetic benchmark indicator (not real).",
            "publish_month": 4,
            "publish_source": "assumed: a synthetic benchmark indicator (not real)",
        }
        for r in SYN_INDICATORS
    ]
    return pd.concat([real, pd.DataFrame(rows)[cols]], ignore_index=True)


def areas(real: pd.DataFrame, n: int, rng: np.random.Generator) -> pd.DataFrame:
    codes = [f"c{i:04d}" for i in range(1, n + 1)]
    pop = np.round(np.exp(rng.normal(np.log(400_000), 0.7, n))).astype(int) + 20_000
    syn = pd.DataFrame(
        {
            "code": codes,
            "name_zh": [f"合成县{i:04d}" for i in range(1, n + 1)],
            "name_en": [f"Synthetic County {i:04d}" for i in range(1, n + 1)],
            "short_zh": [f"合成{i:04d}" for i in range(1, n + 1)],
            "level": "district",
            "population": pop,
            "population_year": 2020,
            "population_source": SOURCE,
            "population_confidence": "C",
            "aliases": codes,
        }
    )
    return pd.concat([real.astype(str), syn.astype(str)], ignore_index=True)


def actuals(inds: pd.DataFrame, codes: list[str], rng: np.random.Generator) -> pd.DataFrame:
    """One row per synthetic area × indicator × year, in the reference CSV's columns."""
    n_a, n_y = len(codes), len(YEARS)
    t = np.arange(n_y, dtype=float)
    frames = []
    for ind in inds.to_dict("records"):
        base, trend = BASE[ind["measure"]]
        scale = np.exp(rng.normal(0.0, 0.8 if ind["measure"] in ("count", "money") else 0.2, n_a))[:, None]
        slope = trend * np.exp(rng.normal(0.0, 0.5, n_a))[:, None]
        noise = 1 + rng.normal(0.0, 0.03, (n_a, n_y))
        if ind["measure"] in ("count", "money"):
            v = base * scale * (1 + slope) ** t * noise
        else:
            v = (base * scale + slope * t) * noise
        if ind["measure"] == "percent":
            v = np.clip(v, 1.0, 99.5)
        v = np.maximum(_round(v, ind["measure"]), 0.0)
        frames.append(
            pd.DataFrame(
                {
                    "area": np.repeat(codes, n_y),
                    "indicator_zh": ind["name_zh"],
                    "year": np.tile(YEARS, n_a),
                    "value": v.ravel(),
                    "unit": ind["unit"],
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["kind"], out["confidence"], out["source_url"], out["quote"] = "actual", "C", SOURCE, "synthetic"
    out["preliminary"] = ""  # a final figure (the reference file marks preliminary ones)
    return out


AGGS = ["level", "level", "level", "annual", "cumulative", "growth", "reduction"]
CMP_ZH = {"ge": "达到", "gt": "突破", "approx": "约", "le": "不超过"}


def targets(
    inds: pd.DataFrame, codes: list[str], act: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """TARGETS_PER_AREA targets per synthetic area around its extrapolated path; clauses by area."""
    last = (
        act[act["year"] >= 2021]
        .pivot_table(index=["area", "indicator_zh"], columns="year", values="value")
        .sort_index()
    )
    meta = inds.set_index("name_zh")
    rows, clauses = [], {}
    for _a_i, area in enumerate(codes):
        picks = rng.choice(len(inds), TARGETS_PER_AREA, replace=False)
        clauses[area] = []
        for k, p in enumerate(picks):
            ind = inds.iloc[p]
            ser = last.loc[(area, ind["name_zh"])]
            v21, v25 = float(ser[2021]), float(ser[2025])
            lower = ind["direction"] == "lower"
            agg = AGGS[rng.integers(len(AGGS))]
            if agg == "reduction" and not lower:
                agg = "level"
            if agg in ("annual", "cumulative", "growth") and ind["kind"] != "flow":
                agg = "level"
            ty = int(rng.choice([2025, 2026, 2027]))
            factor = rng.normal(1.0, 0.12)
            cmp_ = "le" if lower else str(rng.choice(["ge", "ge", "gt", "approx"]))
            unit, ps, by, assum = ind["unit"], 2021, "", ""
            if agg in ("level", "annual"):
                growth = (v25 / v21) ** (1 / 4) if v21 > 0 and v25 > 0 else 1.0
                value = v25 * growth ** (ty - 2025) * factor
                if ind["measure"] == "percent":
                    value = min(value, 99.0)
            elif agg == "cumulative":
                value = v25 * (ty - 2021 + 1) * factor
                assum = "synthetic: sum of the yearly flows from period_start to target_year"
            elif agg == "growth":
                value, unit, by = round(float(rng.normal(8.0, 3.0)), 1), "%", 2021
                assum = "synthetic: compound yearly growth from baseline_year"
            else:  # reduction
                value, unit, by = round(float(rng.uniform(5.0, 20.0)), 1), "%", 2021
                assum = "synthetic: cut relative to baseline_year"
            value = float(np.round(max(value, 0.1), 2 if ind["measure"] == "money" else 1))
            tid = f"{area.upper()}-{k + 1:02d}"
            verb = "提高" if agg == "growth" else ("下降" if agg == "reduction" else CMP_ZH[cmp_])
            clause = f"到{ty}年{ind['name_zh']}{'年均' if agg == 'growth' else ''}{verb}{value:g}{unit}（{tid}）"
            clauses[area].append(clause)
            rows.append(
                {
                    "target_id": tid,
                    "area": area,
                    "indicator": meta.loc[ind["name_zh"], "code"],
                    "aggregation": agg,
                    "comparator": cmp_,
                    "value": f"{value:g}",
                    "unit": unit,
                    "period_start": ps,
                    "target_year": ty,
                    "baseline_year": by,
                    "baseline_value": "",
                    "theme": ("creation", "utilization", "protection", "services")[k % 4],
                    "doc_id": f"plan_{area}",
                    "clause": clause,
                    "assumptions_zh": assum,
                    "assumptions_en": assum,
                }
            )
    return pd.DataFrame(rows), clauses


def generate(dest: Path, scale: str = "full", *, log=print) -> dict:
    """Write the synthetic data directory ``dest``; returns row counts."""
    rng = np.random.default_rng(SEED)
    n = SCALES[scale]
    if dest.exists():
        shutil.rmtree(dest)
    for sub in ("catalog", "seeds", "reference"):
        shutil.copytree(REPO / "data" / sub, dest / sub)
    cat = dest / "catalog"

    def read(name):
        return pd.read_csv(cat / f"{name}.csv", dtype=str, keep_default_na=False)

    inds = indicators(read("indicators"))
    ar = areas(read("areas"), n, rng)
    codes = [c for c in ar["code"] if c.startswith("c") and c[1:].isdigit()]
    act = actuals(inds, codes, rng)
    tg, clauses = targets(inds, codes, act, rng)
    docs = pd.DataFrame(
        {
            "doc_id": [f"plan_{a}" for a in codes],
            "file": [f"syn_{a}.txt" for a in codes],
            "doc_number": [f"合成〔2021〕{i + 1}号" for i in range(len(codes))],
            "title_zh": [f"合成县{a[1:]}知识产权“十四五”规划（合成）" for a in codes],
            "title_en": [f"Synthetic County {a[1:]}: IP plan (synthetic)" for a in codes],
            "issuer_zh": "合成数据",
            "issuer_en": "synthetic data",
            "area": codes,
            "issued": "2021-06-30",
            "url": "",
            "confidence": "C",
        }
    )
    for a in codes:
        text = (
            f"合成县{a[1:]}知识产权“十四五”规划（基准测试用合成文本，非真实文件）\n\n主要目标\n"
            + "\n".join(f"{i + 1}. {c}；" for i, c in enumerate(clauses[a]))
            + "\n"
        )
        (dest / "seeds" / f"syn_{a}.txt").write_text(text, encoding="utf-8")
    write_csv(inds, cat / "indicators.csv")
    write_csv(ar, cat / "areas.csv")
    write_csv(pd.concat([read("documents"), docs.astype(str)], ignore_index=True), cat / "documents.csv")
    write_csv(pd.concat([read("targets"), tg.astype(str)], ignore_index=True), cat / "targets.csv")
    ref_path = dest / "reference" / "shanghai-public-figures.csv"
    ref = pd.read_csv(ref_path, dtype=str, keep_default_na=False)
    act["value"] = (
        act["value"].map(lambda v: f"{v:g}") if len(act) < 100_000 else np.char.mod("%.10g", act["value"].to_numpy())
    )
    act["year"] = act["year"].astype(str)
    write_csv(pd.concat([ref, act[list(ref.columns)]], ignore_index=True), ref_path)
    counts = {
        "areas": len(ar),
        "indicators": len(inds),
        "synthetic_targets": len(tg),
        "synthetic_actuals": len(act),
        "synthetic_documents": len(codes),
    }
    log(f"generated {dest} ({scale}): " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("dest", type=Path)
    p.add_argument("--scale", choices=list(SCALES), default="full")
    a = p.parse_args(argv)
    generate(a.dest, a.scale)
    return 0


if __name__ == "__main__":
    sys.exit(main())
