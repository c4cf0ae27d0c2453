"""Every number of every target's sentence, in Chinese and in English, can be checked against its
status row (issue 24): the latest actual, the required pace and the interval bounds read back to
the row's figures within their printed rounding; no interval bound or projection is rounded across
the target; in Chinese a required pace is in the unit of the values beside it (万 with 万)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from ipdash.settings import METHODS, ViewSettings

NUM = r"[+\-−]?\d[\d,]*(?:\.\d+)?"
PATTERNS = {
    "zh": {
        "interval": rf"80%区间 ({NUM}[^–（）]*)–({NUM}[^（），]*)",
        "latest": rf"(\d{{4}})年实际 ({NUM}[^；，（]*)",
        "need": rf"今后每年需增 ({NUM}[^；，]*)",
        "projected": rf"预计(\d{{4}})年 ({NUM}[^（；，]*)",
    },
    "en": {
        "interval": rf"80% interval ({NUM}[^–]*?)–({NUM}[^),;]*)",
        "latest": rf"(\d{{4}}) actual ({NUM}[^;,(]*)",
        "need": rf"needs \+({NUM}[^ ]*(?: bn| m)?) a year",
        "projected": rf"projects ({NUM}[^ ]*(?: bn| m)?|CNY {NUM} (?:bn|m)) for (\d{{4}})",
    },
}


def parse(text: str, unit: str) -> tuple[float, float]:
    """(value in the series unit, half a unit of its last printed digit in the series unit)."""
    text = text.strip()
    m = re.search(NUM, text)
    assert m, text
    raw = m.group(0).replace(",", "").replace("−", "-")
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    v, scale = float(raw), 1.0
    if "万" in text[m.end() :] and "万人" not in text[m.end() : m.end() + 3] and not unit.startswith("万"):
        scale = 1e4
    if "bn" in text:
        scale = 10.0 if unit == "亿元" else 1e9
    elif text.endswith(" m") and "CNY" in text:
        scale = 0.01 if unit == "亿元" else 1e6
    return v * scale, 0.5 * 10.0**-decimals * scale * 1.0000001


def _frame(method: str | None) -> pd.DataFrame:
    from ipdash.frames import verdicts

    return verdicts.evaluate(view=ViewSettings(method=method))


@pytest.mark.parametrize("method", [None, *METHODS])
def test_every_number_of_every_sentence_checks_against_its_row(built_data, method):
    checked = 0
    for r in _frame(method).to_dict("records"):
        unit = r["series_unit"] or r["unit"]
        money = unit in ("亿元", "万元", "元")
        for lang in ("zh", "en"):
            text = r[f"explanation_{lang}"]
            pat = PATTERNS[lang]
            where = f"{r['target_id']} {method} {lang}: {text}"
            lm = re.search(pat["latest"], text)
            if lm and r["aggregation"] in ("level", "annual") and not money:
                v, tol = parse(lm.group(2), unit)
                decided = r["basis"] == "actual" and int(lm.group(1)) == r["target_year"]
                assert abs(v - (r["compared_value"] if decided else r["latest_value"])) <= tol, where
                checked += 1
            nm = re.search(pat["need"], text)
            if nm and r["aggregation"] in ("level", "annual") and not money:
                v, tol = parse(nm.group(1), unit)
                growth = (
                    r["method"] == "loglinear"
                )  # the required pace is then a growth rate a year (as the engine says)
                need = r["required_growth"] * 100 if growth else r["required_per_year"]
                assert abs(v - need) <= tol, where
                if lang == "zh" and not growth and lm and "万" in lm.group(2) and "万人" not in unit:
                    assert "万" in nm.group(1), f"pace not in the unit of the values beside it: {where}"
                checked += 1
            ref = r["target_value"] if r["aggregation"] in ("growth", "reduction") else r["threshold"]
            im = re.search(pat["interval"], text)
            if im and r["aggregation"] in ("level", "annual") and not money and not math.isnan(ref):
                for part, true in zip(im.groups(), (r["lower_80"], r["upper_80"])):
                    v, tol = parse(part, unit)
                    assert abs(v - true) <= tol, where
                    if true != ref:  # never rounded across (or onto) the target
                        assert (v - ref) * (true - ref) > 0, f"bound {part} vs target {ref}: {where}"
                    checked += 1
            pm = re.search(pat["projected"], text)
            if pm and r["aggregation"] in ("level", "annual") and not money and not math.isnan(ref):
                part = pm.group(2) if lang == "zh" else pm.group(1)
                v, _ = parse(part, unit)
                if r["projected_value"] != ref:
                    assert (v - ref) * (r["projected_value"] - ref) > 0, f"projection {part} vs {ref}: {where}"
                checked += 1
    assert checked >= 60


def test_the_issue_examples(built_data):
    f = _frame("loglinear").set_index("target_id")
    zh = f.loc["YP26-04", "explanation_zh"]
    assert "2.5万件–" not in zh and "2.496万件" in zh  # lower bound 24 956 against ≥ 2.5万
    for m in (None, "last_change"):
        r = _frame(m).set_index("target_id").loc["YP26-10"]
        assert "10.0）" not in r["explanation_zh"] and "–9.98" in r["explanation_zh"]  # 9.977 against ≥ 10
        assert "–9.98)" in r["explanation_en"]
    lin = _frame("linear").set_index("target_id").loc["YP26-04", "explanation_zh"]
    assert "拟合值 2.2万件 低于实际 2.2万件" not in lin
    default = _frame(None).set_index("target_id").loc["YP26-04", "explanation_zh"]
    assert "每年需增 0.27万件" in default and "实际 2.23万件" in default  # 2.5万 − 2.23万 = 0.27万
