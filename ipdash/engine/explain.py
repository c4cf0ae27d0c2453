"""One explanation sentence per target, in Chinese and English (rules §3.6).

Every number needed to check the status by hand is named: the target, the latest actual
and its year, the method and the years it was fitted on, the projection with its 80 %
interval, P(meet), the pace ratio as observed ÷ required, the required pace from now on
and the recent average change. Works on the ``TargetResult`` the rules produced (before its sentences are set).
"""

from __future__ import annotations

import math

from ipdash.engine.result import TargetResult
from ipdash.fmt import fmt_pct, fmt_ratio, fmt_value

_CMP = {
    "zh": {"ge": "", "gt": "超过", "approx": "约", "le": "不高于"},
    "en": {"ge": "at least", "gt": "above", "approx": "about", "le": "at most"},
}
_METHOD = {
    "zh": {"linear": "线性趋势", "loglinear": "对数线性趋势（恒定增速）"},
    "en": {"linear": "linear trend", "loglinear": "log-linear (constant-growth) trend"},
}


def _ok(x) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


class _S:
    """Small formatting helper bound to one record and language."""

    def __init__(self, r: TargetResult, tg: dict, lang: str):
        self.r, self.tg, self.lang, self.zh = r, tg, lang, lang != "en"
        self.agg = tg.get("aggregation")
        self.unit = r.series_unit or tg.get("unit") or ""
        self.qunit = "%" if self.agg in ("growth", "reduction") else self.unit

    def v(self, x, unit=None, **kw):
        """A value in the series unit, without a separate unit word (numbers after the
        target read in the target's unit, as in rules §3.6)."""
        kw.setdefault("bare", True)
        return fmt_value(x, self.unit if unit is None else unit, self.lang, **kw)

    def vu(self, x):
        return fmt_value(x, self.unit, self.lang)

    def q(self, x):
        return fmt_value(x, self.qunit, self.lang, bare=True)

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en


def _head(s: _S) -> str:
    tg, r = s.tg, s.r
    T, V = int(tg["target_year"]), float(tg["value"])
    cmp_ = _CMP[s.lang if s.lang == "en" else "zh"].get(tg.get("comparator"), "")
    vf = fmt_value(V, "%" if s.agg in ("growth", "reduction") else (tg.get("unit") or s.unit), s.lang, exact=True)
    ps, by = r.period_start, r.base_year
    if s.agg == "annual":
        return s.t(f"{T}年当年目标{cmp_} {vf}", f"{T} annual target {cmp_} {vf}".replace("  ", " "))
    if s.agg == "cumulative":
        return s.t(f"{ps}–{T}年累计目标{cmp_} {vf}", f"Cumulative {ps}–{T} target {cmp_} {vf}".replace("  ", " "))
    if s.agg == "growth" and by is not None:
        return s.t(
            f"{by}–{T}年年均增长目标{cmp_} {vf}",
            f"Target average annual growth {by}–{T} {cmp_} {vf}".replace("  ", " "),
        )
    if s.agg == "reduction" and by is not None and _ok(r.base_value):
        b, lvl = s.v(r.base_value), s.v(r.base_value * (1 - V / 100))
        return s.t(
            f"{T}年较{by}年（{b}）压减{cmp_} {vf}，即不高于 {lvl}",
            f"Cut {cmp_} {vf} by {T} from {by} ({b}), i.e. at most {lvl}".replace("  ", " "),
        )
    return s.t(f"{T}年目标{cmp_} {vf}", f"{T} target {cmp_} {vf}".replace("  ", " "))


def _margin(s: _S) -> str:
    r = s.r
    m, mp = r.margin, r.margin_pct
    if not _ok(m):
        return ""
    if s.qunit == "%":
        amt = s.t(f"{abs(m):.1f} 个百分点", f"{abs(m):.1f} percentage points")
    else:
        amt = s.vu(abs(m))
        if _ok(mp):
            pct = fmt_pct(abs(mp), s.lang, 1)
            amt = f"{amt}（{pct}）" if s.zh else f"{amt} ({pct})"
    if m >= 0:
        return s.t(f"超额 {amt}", f"exceeded by {amt}")
    return s.t(f"差 {amt}", f"short by {amt}")


def _latest(s: _S) -> str:
    r = s.r
    yL, vL = r.latest_year, r.latest_value
    if s.agg == "cumulative":
        ky = r.known_years or []
        if not ky:
            return s.t("期内尚无实际数", "no actual within the period yet")
        span = f"{ky[0]}–{ky[-1]}" if len(ky) > 1 else f"{ky[0]}"
        ks = s.v(r.known_sum)
        return s.t(f"{span}年已累计 {ks}", f"{ks} accumulated in {span}")
    v = s.v(vL)
    txt = s.t(f"{yL}年实际 {v}", f"{yL} actual {v}")
    if s.agg == "growth" and _ok(r.base_value):
        b = s.v(r.base_value)
        txt += s.t(f"（{r.base_year}年基数 {b}）", f" ({r.base_year} base {b})")
    return txt


def _actual(s: _S) -> str:
    r, T = s.r, int(s.tg["target_year"])
    cv = r.compared_value
    if s.agg == "cumulative":
        ks = s.v(r.known_sum)
        what = s.t(f"{r.period_start}–{T}年实际累计 {ks}", f"actual {r.period_start}–{T} total {ks}")
    elif s.agg == "growth":
        b, x, q = s.v(r.base_value), s.v(r.actual_x), s.q(cv)
        what = s.t(
            f"{T}年实际 {x}（{r.base_year}年基数 {b}），年均增长 {q}",
            f"{T} actual {x} ({r.base_year} base {b}), average growth {q}",
        )
    elif s.agg == "reduction":
        q = s.q(cv)
        what = s.t(f"{T}年实际压减 {q}", f"{T} actual cut {q}")
    else:
        v = s.v(cv)
        what = s.t(f"{T}年实际 {v}", f"{T} actual {v}")
    if r.status == "achieved":
        verdict = s.t("已达成", "achieved")
        if _ok(r.margin) and r.margin < 0:
            verdict += s.t("（在“约”的2%容差内）", " (within the 2% tolerance of 'about')")
    else:
        verdict = s.t("未达成", "missed")
    return f"{what}{s.t('，', ', ')}{verdict}{s.t('，', ', ')}{_margin(s)}"


def _pace(s: _S) -> str:
    r = s.r
    R, obs, req, pb = r.pace_ratio, r.pace_observed, r.pace_required, r.pace_basis
    if not _ok(R):
        return ""
    by = r.pace_base_year
    since = s.t(f"（自{by}年）", f" (since {by})") if by is not None else ""
    R = fmt_ratio(R)
    if pb == "cagr":
        o, q = fmt_pct(obs, s.lang, 1), fmt_pct(req, s.lang, 1)
        return s.t(
            f"；进度比 R = 实际年均增速{since} {o} ÷ 所需 {q} = {R}",
            f"; pace ratio R = observed annual growth{since} {o} ÷ required {q} = {R}",
        )
    if pb == "flow":
        o, q = s.v(obs), s.v(req)
        return s.t(
            f"；进度比 R = 近年年均 {o} ÷ 剩余每年所需 {q} = {R}",
            f"; pace ratio R = recent average {o} a year ÷ {q} needed a year = {R}",
        )
    o, q = s.v(obs, signed=True), s.v(req, signed=True)
    return s.t(
        f"；进度比 R = 实际年均变化{since} {o} ÷ 所需 {q} = {R}",
        f"; pace ratio R = observed change a year{since} {o} ÷ required {q} = {R}",
    )


def _required(s: _S) -> str:
    r = s.r
    if s.agg == "cumulative":
        need, rec = r.required_per_year, r.recent_per_year
        if not _ok(need):
            return ""
        need, rec = s.v(need), s.v(rec)
        return s.t(
            f"；剩余每年需 {need}，近年年均 {rec}", f"; needs {need} a year from now on, recent average {rec} a year"
        )
    if r.latest_met:
        return s.t(
            "；最新值已达到目标水平，保持即可",
            "; the latest value already meets the target level and needs only to be held",
        )
    if s.agg == "growth" or r.method == "loglinear":
        need, rec = r.required_growth, r.recent_growth
        if _ok(need):
            if s.zh:

                def w(x):
                    return (("增长 " if x >= 0 else "下降 ") + fmt_pct(abs(x), "zh", 1)) if _ok(x) else "—"

                return f"；每年需{w(need)}，近年年均{w(rec)}"
            return (
                f"; needs {fmt_pct(need, 'en', 1, signed=True)} a year, recent average "
                f"{fmt_pct(rec, 'en', 1, signed=True)} a year"
            )
    need, rec = r.required_per_year, r.recent_per_year
    if not _ok(need):
        return ""
    if s.zh:

        def w(x):
            return ("增 " if x >= 0 else "减 ") + s.v(abs(x)) if _ok(x) else "—"

        return f"；每年需{w(need)}，近年年均{w(rec)}"
    return f"; needs {s.v(need, signed=True)} a year, recent average {s.v(rec, signed=True)} a year"


def _projection(s: _S) -> str:
    r, T = s.r, int(s.tg["target_year"])
    n, ws, yL = r.n_points, r.window_start, r.latest_year
    if not _ok(r.projected_value) or n < 2:
        return ""
    mz = _METHOD["en" if not s.zh else "zh"][r.method]
    pv = s.q(r.projected_value)
    if s.agg == "cumulative":
        what = s.t(f"至{T}年累计 {pv}", f"a {T} total of {pv}")
    elif s.agg == "growth":
        what = s.t(f"年均增长 {pv}", f"average growth of {pv}")
    elif s.agg == "reduction":
        what = s.t(f"{T}年压减 {pv}", f"a cut of {pv} in {T}")
    else:
        what = s.t(f"{T}年 {pv}", f"{pv} for {T}")
    txt = s.t(f"；按{ws}–{yL}年{n}个数据点的{mz}预计{what}", f"; the {mz} of the {n} points {ws}–{yL} projects {what}")
    if n >= 3:
        iv = f"{s.q(r.lower_80)}–{s.q(r.upper_80)}"
        extra = s.t("，区间按方差合并", ", interval by combined variances") if s.agg == "cumulative" else ""
        p = fmt_pct(r.p_meet, s.lang)
        txt += s.t(f"（80%区间 {iv}{extra}），达成概率 {p}", f" (80% interval {iv}{extra}), probability of meeting {p}")
    else:
        txt += s.t("（仅2个数据点，无区间，按进度比判断）", " (only 2 points: no interval, judged by the pace ratio)")
    if r.fallback:
        txt += s.t("（数据含零或负值，改用线性趋势）", " (zero or negative values: linear used)")
    return txt


def explain(r: TargetResult, tg: dict, lang: str = "zh") -> str:
    """The explanation sentence for one evaluated target (``r``) in ``lang`` ('zh'|'en')."""
    lang = "en" if lang == "en" else "zh"
    st = r.status
    if st == "no_target":
        return "无量化目标（按里程碑跟踪）。" if lang == "zh" else "No quantitative target (tracked as a milestone)."
    s = _S(r, tg, lang)
    sep, end = s.t("；", "; "), s.t("。", ".")
    parts = [_head(s)]
    if st == "no_data":
        parts.append(s.t("暂无实际数据", "no actual data yet"))
        return sep.join(parts) + end
    if st in ("achieved", "missed"):
        parts.append(_actual(s))
    elif st == "insufficient_data":
        reason = r.reason
        if reason == "no_baseline":
            parts.append(
                s.t(
                    f"基数（{r.base_year}年）数据缺失，无法计算",
                    f"the base ({r.base_year}) is missing, so it cannot be computed",
                )
            )
        elif reason == "no_flow":
            parts.append(
                s.t(
                    "存量数据年份不连续，无法计算年度增量",
                    "stock figures are not in consecutive years; no yearly change",
                )
            )
        elif reason == "bad_period":
            parts.append(
                s.t("起算年晚于目标年，请核对目标定义", "period start is after the target year; check the target")
            )
        elif reason == "no_pace":
            parts.append(
                _latest(s)
                + _projection(s)
                + s.t(
                    f"；规划基年（{r.period_start}年前一年）以来数据不足2个，无法计算进度比",
                    "; fewer than 2 actuals since the plan's base year, so no pace ratio",
                )
            )
        else:
            parts.append(
                _latest(s) + s.t("；仅1个数据点，无法判断趋势", "; only one data point, no trend can be judged")
            )
    else:
        body = _latest(s)
        if r.awaiting_data:
            body += s.t(
                "；目标年数据尚未公布，以下为预测", "; the target-year figure is not yet published, so it is projected"
            )
        if r.early:
            m = _margin(s)
            body += s.t(f"，已提前达成（{m}）", f", already met early ({m})")
        body += _projection(s) + _pace(s)
        if not r.early:
            body += _required(s)
        if r.wrong_way:
            body += s.t("；近年走势与目标方向相反", "; recent change runs away from the target")
        parts.append(body)
    txt = sep.join(parts) + end
    if r.uses_illustrative:
        txt += s.t("（含示意数据）", " (uses illustrative data)")
    return txt
