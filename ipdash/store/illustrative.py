"""Illustrative district series — NOT real figures.

No public yearly district figures exist for most indicators the district plans target, so the
embedded default data carries an *illustrative* series 2019–2025 for every district indicator
that a plan targets (plus, for 静安区, whose plan has no numeric target, the indicators the
other districts target, so the comparison view has three districts).

How a series is made (deterministic, reproducible on any machine):
1. Each (area, indicator) has a 2019 anchor and a 2025 anchor, chosen by hand to be of a
   plausible magnitude next to the real city figures (e.g. Pudong holds roughly a fifth to a
   third of the city's patents) and to give a mix of targets met, missed and at risk.
2. Counts and money grow geometrically between the anchors; percentages, per-capita values
   and durations move linearly.
3. Each year gets multiplicative noise drawn from ``numpy.random.default_rng(seed)`` with
   ``seed = crc32("area:indicator")`` and the series' noise level (sd, fraction).
4. Counts are rounded to whole numbers, money to 0.01 亿元, ratios to 0.1.

Every row is marked ``provenance = illustrative`` and carries this note; the app marks it on
every chart, table and export, and one switch (or ``--no-illustrative``) removes them all.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from ipdash import i18n

YEARS = tuple(range(2019, 2026))
NOTE = f"{i18n.t('data.illustrative_note', 'zh')} / {i18n.t('data.illustrative_note', 'en')}"

# (area, indicator): (value 2019, value 2025, noise sd as a fraction)
SERIES: dict[tuple[str, str], tuple[float, float, float]] = {
    # 浦东新区 — indicators targeted by 沪浦知局〔2023〕14号 and 〔2024〕30号
    ("pudong", "hv_invention_per10k"): (40.0, 100.0, 0.01),
    ("pudong", "pct_applications"): (1300, 2600, 0.02),
    ("pudong", "mediation_success"): (260, 620, 0.02),
    ("pudong", "copyright_works"): (160000, 300000, 0.015),
    ("pudong", "software_copyright"): (18000, 29000, 0.015),
    ("pudong", "admin_case_days"): (60.0, 40.0, 0.01),
    ("pudong", "mediation_coverage"): (55.0, 98.0, 0.005),
    ("pudong", "mediation_cases"): (700, 1400, 0.02),
    ("pudong", "patent_transfers"): (1700, 3100, 0.02),
    ("pudong", "pledge_financing"): (6.0, 45.0, 0.03),
    ("pudong", "star_firms_served"): (16, 36, 0.03),
    ("pudong", "fast_preexam"): (800, 2000, 0.02),
    # 浦东新区 — for comparison with 杨浦区's targets
    ("pudong", "invention_per10k"): (60.0, 130.0, 0.01),
    ("pudong", "trademarks"): (300000, 520000, 0.01),
    ("pudong", "invention_patents"): (35000, 80000, 0.01),
    ("pudong", "tech_contracts"): (500, 1200, 0.03),
    ("pudong", "rd_intensity"): (4.5, 5.2, 0.01),
    # 杨浦区 — indicators targeted by 杨府发〔2024〕4号 (target year 2026)
    ("yangpu", "hv_invention_per10k"): (20.0, 60.0, 0.01),
    ("yangpu", "invention_per10k"): (70.0, 125.0, 0.01),
    ("yangpu", "trademarks"): (55000, 91000, 0.01),
    ("yangpu", "invention_patents"): (9000, 22000, 0.01),
    ("yangpu", "tech_centers"): (62, 104, 0.01),
    ("yangpu", "rd_intensity"): (4.1, 5.0, 0.01),
    ("yangpu", "pledge_financing"): (0.8, 3.6, 0.03),
    ("yangpu", "patent_transfers"): (500, 1025, 0.02),
    ("yangpu", "tech_contracts"): (60, 150, 0.03),
    ("yangpu", "ip_demo_firms"): (3, 8, 0.0),
    ("yangpu", "pct_applications"): (250, 520, 0.02),
    # 静安区 — no numeric target in 静府发〔2024〕1号; series for comparison only
    ("jingan", "hv_invention_per10k"): (25.0, 55.0, 0.01),
    ("jingan", "invention_per10k"): (50.0, 95.0, 0.01),
    ("jingan", "trademarks"): (120000, 190000, 0.01),
    ("jingan", "invention_patents"): (5000, 9500, 0.01),
    ("jingan", "pct_applications"): (150, 320, 0.02),
    ("jingan", "pledge_financing"): (1.0, 4.0, 0.03),
    ("jingan", "patent_transfers"): (300, 600, 0.02),
    ("jingan", "tech_contracts"): (40, 90, 0.03),
    ("jingan", "rd_intensity"): (2.0, 2.6, 0.01),
    ("jingan", "copyright_works"): (20000, 38000, 0.015),
}


def _path(v0: float, v1: float, geometric: bool) -> np.ndarray:
    steps = np.arange(len(YEARS)) / (len(YEARS) - 1)
    if geometric:
        return v0 * (v1 / v0) ** steps
    return v0 + (v1 - v0) * steps


def series(area: str, indicator: str, measure: str, unit: str) -> pd.DataFrame:
    v0, v1, sd = SERIES[(area, indicator)]
    geometric = measure in ("count", "money")
    rng = np.random.default_rng(zlib.crc32(f"{area}:{indicator}".encode()))
    values = _path(v0, v1, geometric) * (1 + rng.normal(0.0, sd, len(YEARS)))
    if measure == "count":
        values = np.round(values)
    elif measure == "money":
        values = np.round(values, 2)
    else:
        values = np.round(values, 1)
    return pd.DataFrame(
        {"area": area, "indicator": indicator, "year": list(YEARS), "value": values.astype(float), "unit": unit}
    )


def generate(indicators: pd.DataFrame) -> pd.DataFrame:
    """All illustrative rows, in the actuals schema (see docs/architecture.md)."""
    meta = indicators.set_index("code")
    frames = []
    for area, ind in SERIES:
        row = meta.loc[ind]
        frames.append(series(area, ind, row["measure"], row["unit"]))
    out = pd.concat(frames, ignore_index=True)
    out["provenance"] = "illustrative"
    out["confidence"] = ""
    out["source_url"] = ""
    out["note"] = NOTE
    out["batch_id"] = "base"
    return out
