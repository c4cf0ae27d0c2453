"""One explanation sentence per target, in Chinese and English (rules §3.6), checkable by hand.

It is built from the same numbers the tile and the chart show: the target as written, the
latest actual, ONE required pace and ONE observed pace on the same basis, the projection with
its 80 % interval and P(meet) — or, when the status rests on the pace ratio, R as observed ÷
required. Values near the target carry enough digits that a verdict never hides behind
rounding. When a trend line stands off the latest actual, the sentence says so (that is why
its projection differs from "the actual plus the trend"). Text: ``ipdash.strings.engine``.
"""

from __future__ import annotations

from ipdash import fmt
from ipdash.engine import models, rules, wording
from ipdash.engine.result import TargetResult
from ipdash.engine.rules import TargetRow
from ipdash.engine.wording import WrittenTarget, ok

FIT_GAP = 0.02  # a trend line off the latest actual by more than 2 % is worth a word


class _S:
    """Formatting bound to one record and language."""

    def __init__(self, r: TargetResult, tg: TargetRow, lang: str):
        self.r, self.tg, self.lang = r, tg, ("en" if lang == "en" else "zh")
        self.agg = tg.get("aggregation")
        self.unit = r.series_unit or tg.get("unit") or ""
        self.qunit = "%" if self.agg in ("growth", "reduction") else self.unit
        self.T = int(rules.num(tg["target_year"]))  # judged, so a valid year (``rules.make_ctx``)

    def t(self, key: str, **kw: object) -> str:
        return wording.t(key, self.lang, **kw)

    def v(self, x: float | None, ref: float | None = None) -> str:
        """A value in the series unit, bare (numbers after the target read in its unit)."""
        return wording.value(x, self.unit, self.lang, ref=ref, bare=True)

    def q(self, x: float | None, ref: float | None = None) -> str:
        return wording.value(x, self.qunit, self.lang, ref=ref, bare=True)

    def change(self, x: float) -> str:
        return wording.change(x, self.unit, self.lang)

    def method(self, m: str) -> str:
        return self.t(f"eng.method.{m}")


def _row(r: TargetResult) -> WrittenTarget:
    """The target as written, from its result (``evaluate`` copied the target's own fields onto it)."""
    return {
        "aggregation": r.aggregation,
        "comparator": r.comparator,
        "target_value": r.target_value,
        "unit": r.unit,
        "target_year": r.target_year,
        "period_start": r.period_start,
        "base_year": r.base_year,
        "base_value": r.base_value,
        "threshold": r.threshold,
        "series_unit": r.series_unit,
        "indicator": r.indicator,
    }


def _head(s: _S) -> str:
    r = s.r
    if s.agg == "reduction" and r.base_year is not None and ok(r.base_value):
        v = fmt.fmt_value(rules.num(s.tg["value"]), "%", s.lang, exact=True)
        if s.tg.get("comparator") == "approx":
            v = wording.cmp_word("approx", s.lang) + " " + v
        return s.t(
            "eng.head.reduction",
            T=s.T,
            obj=wording.reduction_object(s.tg.get("indicator"), s.lang),
            v=v,
            by=r.base_year,
            b=s.v(r.base_value),
            thr=s.v(r.threshold, ref=r.base_value),
        )
    return s.t("eng.head", T=s.T, text=wording.target_text(_row(r), s.lang))


def _latest(s: _S) -> str:
    r = s.r
    if s.agg == "cumulative":
        ky = r.known_years or ()
        if not ky:
            return s.t("eng.cum_none")
        span = f"{ky[0]}–{ky[-1]}" if len(ky) > 1 else f"{ky[0]}"
        return s.t("eng.cum_known", span=span, v=s.v(r.known_sum, ref=r.threshold))
    txt = s.t("eng.latest", y=r.latest_year, v=s.v(r.latest_value, ref=r.threshold))
    if s.agg == "growth" and ok(r.base_value):
        txt += s.t("eng.growth_base", by=r.base_year, b=s.v(r.base_value))
    return txt


def _actual(s: _S) -> str:
    r, T = s.r, s.T
    cv = r.compared_value
    if s.agg == "cumulative":
        what = s.t("eng.actual.cumulative", ps=r.period_start, T=T, v=s.v(r.known_sum, ref=r.threshold))
    elif s.agg == "growth":
        what = s.t("eng.actual.growth", T=T, x=s.v(r.actual_x), by=r.base_year, b=s.v(r.base_value), q=s.q(cv))
    elif s.agg == "reduction":
        what = s.t("eng.actual.reduction", T=T, x=s.v(r.actual_x, ref=r.threshold), q=s.q(cv))
    else:
        what = s.t("eng.actual.level", T=T, v=s.v(cv, ref=r.threshold))
    if r.status == "achieved":
        verdict = s.t("eng.achieved")
        if ok(r.margin) and r.margin < 0:
            verdict += s.t("eng.achieved_tol")
    else:
        verdict = s.t("eng.missed")
    c = s.t("eng.comma")
    return f"{what}{c}{verdict}{c}{wording.margin(r.margin, r.margin_pct, s.qunit, s.lang)}"


def _need(s: _S) -> str:
    """The ONE required pace: what must happen from now on (rules §3.7), on the method's basis."""
    r = s.r
    if s.agg == "cumulative":
        if not ok(r.required_per_year):
            return ""
        if r.required_per_year * r.side <= 0:
            return s.t("eng.sep") + s.t("eng.cum_reached")
        need = s.t("eng.need_flow", w=s.v(r.required_per_year))
        return s.t("eng.sep") + need + s.t("eng.comma") + s.t("eng.recent_flow", w=s.v(r.recent_per_year))
    if r.latest_met:
        return s.t("eng.sep") + s.t("eng.hold")
    if s.agg == "growth" or r.method == models.LOGLINEAR:
        if not ok(r.required_growth):
            return ""
        return s.t("eng.sep") + s.t("eng.need", w=wording.growth(r.required_growth, s.lang))
    if not ok(r.required_per_year):
        return ""
    return s.t("eng.sep") + s.t("eng.need", w=s.change(r.required_per_year))


def _pace_word(s: _S) -> str:
    """The ONE observed pace: the method's own (its trend; the last change for 'last value
    plus recent change'), on the same basis as the required pace."""
    r = s.r
    if r.method == models.LOGLINEAR or s.agg == "growth":
        g = r.trend_pace if r.method == models.LOGLINEAR else r.whatif_growth
        return wording.growth(g, s.lang)
    return s.change(r.trend_pace)


def _what(s: _S) -> str:
    r, T = s.r, s.T
    pv = s.q(r.projected_value, ref=r.target_value if s.qunit != s.unit else r.threshold)
    if s.agg == "cumulative":
        return s.t("eng.what.cumulative", T=T, v=pv)
    if s.agg in ("growth", "reduction"):
        x = s.v(r.projected_x, ref=r.threshold)
        return s.t(f"eng.what.{s.agg}", T=T, x=x, v=pv)
    return s.t("eng.what.level", T=T, v=pv)


def _projection(s: _S) -> str:
    r = s.r
    n, ws, yL = r.n_points, r.window_start, r.latest_year
    if not ok(r.projected_value) or n < 2:
        return ""
    span = f"{ws}–{yL}"
    if s.agg == "cumulative" or r.basis == "pace":  # by pace: R's pair is the only pace named
        txt = s.t("eng.proj_plain", method=s.method(r.method), span=span, n=n, what=_what(s))
    elif r.method == models.LAST_CHANGE and r.prev_year is not None:
        txt = s.t("eng.proj_last", prev=r.prev_year, y=yL, w=_pace_word(s), span=span, n=n, what=_what(s))
    else:
        txt = s.t("eng.proj", method=s.method(r.method), span=span, n=n, w=_pace_word(s), what=_what(s))
    txt = s.t("eng.sep") + txt
    if n >= 3 and ok(r.lower_80):
        iv = dict(lo=s.q(r.lower_80), hi=s.q(r.upper_80), extra=s.t("eng.cum_extra") if s.agg == "cumulative" else "")
        if r.low_confidence or not ok(r.p_meet):
            txt += s.t("eng.interval_only", **iv)
        else:
            txt += s.t("eng.interval", p=fmt.fmt_pct(r.p_meet, s.lang), **iv)
    elif n == 2:
        txt += s.t("eng.two_points")
    if r.fallback:
        txt += s.t("eng.fallback")
    if r.low_confidence:
        txt += s.t("eng.implausible", w=s.change(r.implied_change), max=s.v(abs(r.max_change)))
    return txt + _fit_gap(s)


def _fit_gap(s: _S) -> str:
    """Say so when a trend line stands off the latest actual (and the projection with it)."""
    r = s.r
    if s.agg == "cumulative" or r.method not in (models.LINEAR, models.LOGLINEAR) or r.basis != "probability":
        return ""
    fit, vL = r.fitted_latest, r.latest_value
    if not (ok(fit) and ok(vL)) or vL == 0 or abs(fit - vL) <= FIT_GAP * abs(vL):
        return ""
    key = "eng.fit_low" if fit < vL else "eng.fit_high"
    return s.t(key, method=s.method(r.method), y=r.latest_year, fit=s.v(fit, ref=vL), v=s.v(vL, ref=fit))


def _pace(s: _S) -> str:
    """R as observed ÷ required, when the status rests on it (or nothing else can be said)."""
    r = s.r
    if not ok(r.pace_ratio) or (r.basis != "pace" and ok(r.p_meet)):
        return ""
    R = fmt.fmt_ratio(r.pace_ratio)
    if r.pace_basis == "flow":
        return s.t("eng.pace_flow", o=s.v(r.pace_observed), q=s.v(r.pace_required), R=R)
    b, y, T = r.pace_base_year, r.latest_year, s.T
    if s.agg == "growth":
        o, q = fmt.fmt_pct(r.pace_observed, s.lang, 1), fmt.fmt_pct(r.pace_required, s.lang, 1)
        return s.t("eng.pace_growth", b=b, y=y, o=o, q=q, R=R)
    if r.pace_basis == "cagr":
        o, q = wording.growth(r.pace_observed, s.lang), wording.growth(r.pace_required, s.lang)
    else:
        o, q = s.change(r.pace_observed), s.change(r.pace_required)
    return s.t("eng.pace", b=b, y=y, T=T, o=o, q=q, R=R)


def _insufficient(s: _S) -> str:
    r = s.r
    if r.reason == "no_baseline":
        return s.t("eng.no_baseline", by=r.base_year)
    if r.reason == "no_flow":
        return s.t("eng.no_flow")
    if r.reason == "bad_period":
        return s.t("eng.bad_period")
    if r.reason == "out_of_range":
        return s.t("eng.out_of_range")
    if r.reason == "no_pace":
        return _latest(s) + _projection(s) + s.t("eng.no_pace", ps=r.period_start)
    return _latest(s) + s.t("eng.one_point")


def explain(r: TargetResult, tg: TargetRow, lang: str = "zh") -> str:
    """The explanation sentence for one evaluated target (``r``) in ``lang`` ('zh'|'en')."""
    lang = "en" if lang == "en" else "zh"
    if r.status == "no_target":
        return wording.t("eng.no_target", lang)
    s = _S(r, tg, lang)
    sep, end = s.t("eng.sep"), s.t("eng.end")
    parts = [_head(s)]
    if r.status == "no_data":
        parts.append(s.t("eng.no_data"))
    elif r.status in ("achieved", "missed"):
        parts.append(_actual(s))
    elif r.status == "insufficient_data":
        parts.append(_insufficient(s))
    else:
        body = _latest(s)
        if r.awaiting_data:
            body += sep + s.t("eng.awaiting")
        if r.early:
            body += s.t("eng.early", m=wording.margin(r.margin, r.margin_pct, s.qunit, lang))
        elif r.basis == "probability":
            body += _need(s)
        body += _projection(s) + _pace(s)
        if r.wrong_way:
            body += s.t("eng.wrong_way")
        parts.append(body)
    txt = sep.join(parts) + end
    if r.uses_illustrative:
        txt += s.t("eng.illus")
    return txt
