"""Plotly figures for the dashboard and the meeting deck — each drawn ONLY from a frame that
``ipdash.frames.verdicts`` returns (no streamlit, no store access here).

Stable API (the meeting-deck exporter calls these; keep the signatures):

    detail_figure(frame, target_row, lang="zh") -> go.Figure
        frame: dashboard.detail_frame(...); target_row: a dashboard.status_frame row as dict.
    compare_figure(frame, targets, lang="zh") -> go.Figure
        frame: dashboard.compare_frame(...); targets: dashboard.compare_targets(...) or None.
    ranking_figure(ranking, lang="zh") -> go.Figure
        ranking: dashboard.compare_ranking(...).
    small_multiples(frame, lang="zh", targets=None, cols=2) -> go.Figure
        frame: dashboard.small_multiples_frame(...); targets: concatenated compare_targets.
    status_bar(counts, lang="zh") -> go.Figure
        counts: dashboard.overview_counts(...) / progress.status_counts(...).

Conventions: official actuals solid line + filled markers; illustrative actuals dashed line +
hollow markers, labelled 示意/illustrative; projections dotted with a shaded 80 % band,
labelled 预测/projected; the target a star labelled with its value. Marker symbols and dashes
differ as well as colours, so a greyscale print stays readable. The CJK font is set in
every layout (kaleido renders with the same family).
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ipdash import fmt, i18n
from ipdash.engine import wording
from ipdash.status_meta import STATUS_META, STATUSES

FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
INK = "#14181f"
ACTUAL = "#1f4e9c"
PROJ = "#D55E00"
TARGET = "#009E73"
BAND = "rgba(213, 94, 0, 0.16)"
PROJ_DOTS = "rgba(213,94,0,0.45)"
LOW = "#8a8f98"  # a low-confidence projection (plausibility guard): grey, dashed, thinner
LOW_BAND = "rgba(138, 143, 152, 0.16)"
AREA_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
AREA_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "cross", "x", "pentagon"]
AREA_DASHES = ["solid", "dash", "dashdot", "longdash", "dot", "longdashdot", "solid"]

AREA_ORDER = ["pudong", "jingan", "yangpu", "shanghai"]  # the catalog's order; others follow

_T = {
    "actual": ("实际值", "actual"),
    "illustrative": ("实际值（示意）", "actual (illustrative)"),
    "projected": ("预测", "projected"),
    "band": ("预测80%区间", "projected 80% interval"),
    "target": ("目标", "target"),
    "year": ("年份", "year"),
    "illus_short": ("示意", "illustrative"),
    "cum": ("累计", "running total"),
    "n": ("目标数", "targets"),
    "of_target": ("目标", "target"),
    "no_data": ("暂无数据", "no data"),
    "bar_legend": ("最新实际值（斜线 = 示意）", "latest actual (hatched = illustrative)"),
}


def _t(key: str, lang: str) -> str:
    return _T[key][1 if lang == "en" else 0]


def _ok(x) -> bool:
    try:
        return x is not None and not pd.isna(x)
    except (TypeError, ValueError):
        return False


def axis_scale(unit: str | None, vmax: float, lang: str) -> tuple[float, str]:
    """(divisor, axis unit) so axes read as officials read them: 万件 for large counts,
    CNY bn for 亿元 in English."""
    u = (unit or "").strip()
    en = lang == "en"
    if u == "亿元":
        return (10.0, "CNY bn") if en else (1.0, "亿元")
    if u.endswith("/万人"):
        return 1.0, (("CNY 10k" if u.startswith("万元") else "") + " per 10k residents").strip() if en else u
    if u in ("%", "天"):
        return 1.0, ("days" if en and u == "天" else u)
    if not en and vmax >= 1e4 and not u.startswith("万"):
        return 1e4, f"万{u}"
    if en:
        return 1.0, {"件": "number", "家": "firms"}.get(u, u)
    return 1.0, u


def base_layout(
    fig: go.Figure, *, title: str | None = None, y_title: str = "", height: int = 460, lang: str = "zh"
) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        font=dict(family=FONT, size=16, color=INK),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=19)) if title else None,
        margin=dict(l=70, r=30, t=70 if title else 40, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", font=dict(size=15)),
        hoverlabel=dict(font=dict(family=FONT, size=15)),
        separators=".,",
    )
    fig.update_xaxes(
        title_text=_t("year", lang), dtick=1, tickformat="d", showgrid=False, linecolor="#888", ticks="outside"
    )
    fig.update_yaxes(
        title_text=y_title,
        gridcolor="#e3e6ec",
        zeroline=False,
        linecolor="#888",
        tickformat=",~r" if lang == "en" else "~r",
    )
    return fig


def _empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(
        text=_t("no_data", lang),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font=dict(size=20, color="#666"),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# ------------------------------------------------------------------ target detail
def detail_figure(frame: pd.DataFrame, target_row: dict, lang: str = "zh") -> go.Figure:
    """Actuals, projection fan and target of one target.

    ``frame``: ``dashboard.detail_frame`` (year, kind, value, lower_80, upper_80, illustrative,
    running_total, provenance, unit). ``target_row``: the target's ``dashboard.status_frame``
    row (needs target_year, target_value, aggregation, threshold, target_text, series_unit or
    unit; lower_80/upper_80 are used for the interval of a cumulative total).
    Cumulative targets are drawn as running totals from period_start; growth and reduction
    targets mark the level that meets them (``threshold``) in the series unit.
    """
    fig = go.Figure()
    agg = target_row.get("aggregation")
    unit = target_row.get("series_unit") or target_row.get("unit") or (frame["unit"].iloc[0] if len(frame) else "")
    col = "running_total" if agg == "cumulative" else "value"
    data = frame[frame[col].notna()] if len(frame) else frame
    T = int(target_row["target_year"])
    goal = target_row.get("target_value") if agg in ("level", "annual", "cumulative") else target_row.get("threshold")
    vals = [v for v in list(data.get(col, [])) + list(data.get("upper_80", [])) + [goal] if _ok(v)]
    div, yunit = axis_scale(unit, max([abs(v) for v in vals] or [0]), lang)
    title_y = (
        f"{_t('cum', lang)}（{yunit}）"
        if agg == "cumulative" and lang != "en"
        else (f"{_t('cum', lang)} ({yunit})" if agg == "cumulative" else yunit)
    )
    base_layout(fig, y_title=title_y, lang=lang)
    if data.empty:
        return _empty(fig, lang)
    act = data[data["kind"] == "actual"]
    proj = data[data["kind"] == "projected"]

    def hover(name):
        return f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>"

    for illus, key, symbol, dash in (
        (False, "actual", "circle", "solid"),
        (True, "illustrative", "circle-open", "dash"),
    ):
        part = act[act["illustrative"] == illus]
        if part.empty:
            continue
        fig.add_scatter(
            x=part["year"],
            y=part[col] / div,
            mode="lines+markers",
            name=_t(key, lang),
            line=dict(color=ACTUAL, width=3, dash=dash),
            marker=dict(symbol=symbol, size=11, color=ACTUAL, line=dict(width=2.5, color=ACTUAL)),
            customdata=[fmt.fmt_value(v, unit, lang) for v in part[col]],
            hovertemplate=hover(_t(key, lang)),
        )
    if not act.empty and act["illustrative"].iloc[-1]:
        last = act.iloc[-1]
        fig.add_annotation(
            x=last["year"],
            y=last[col] / div,
            text=_t("illus_short", lang),
            showarrow=False,
            yshift=-24,
            font=dict(size=14, color=ACTUAL),
        )
    proj_end = float(proj[col].iloc[-1]) if not proj.empty and _ok(proj[col].iloc[-1]) else math.nan
    # labels on opposite sides: the higher of target and projection above, the other below
    goal_v = float(goal) if goal is not None and _ok(goal) else math.nan
    proj_above = _ok(goal_v) and _ok(proj_end) and proj_end >= goal_v
    if _ok(goal_v):  # drawn before the projection, so the target never hides the projected point
        text = f"{_t('target', lang)} {target_row.get('target_text') or fmt.fmt_value(goal, unit, lang)}"
        if agg in ("growth", "reduction"):
            text += f" ⇒ {fmt.fmt_value(goal, unit, lang)}"
        fig.add_hline(y=goal_v / div, line=dict(color=TARGET, width=1.5, dash="longdash"), layer="below")
        fig.add_scatter(
            x=[T],
            y=[goal_v / div],
            mode="markers",
            name=_t("target", lang),
            marker=dict(symbol="star", size=20, color=TARGET, line=dict(width=1.5, color=INK)),
            customdata=[text],
            hovertemplate="%{customdata}<extra></extra>",
        )
        fig.add_annotation(
            x=T,
            y=goal_v / div,
            text=text,
            showarrow=False,
            xanchor="right",
            xshift=-14,
            yshift=-18 if proj_above else 16,
            font=dict(size=15, color="#006e50"),
            bgcolor="rgba(255,255,255,0.8)",
        )
    if not proj.empty:
        anchor = act.tail(1)
        px = list(anchor["year"]) + list(proj["year"])
        py = list(anchor[col]) + list(proj[col])
        if agg == "cumulative":
            lo = [v for v in anchor[col]] + [math.nan] * len(proj)
            hi = list(lo)
            if _ok(target_row.get("lower_80")) and proj["year"].iloc[-1] == T:
                lo[-1], hi[-1] = target_row["lower_80"], target_row["upper_80"]
        else:
            lo = list(anchor[col]) + list(proj["lower_80"])
            hi = list(anchor[col]) + list(proj["upper_80"])
        band = [(x, a, b) for x, a, b in zip(px, lo, hi) if _ok(a) and _ok(b)]
        if len(band) >= 2:
            bx = [b[0] for b in band]
            fig.add_scatter(
                x=bx, y=[b[2] / div for b in band], mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip"
            )
            fig.add_scatter(
                x=bx,
                y=[b[1] / div for b in band],
                mode="lines",
                line=dict(width=0),
                fill="tonexty",
                fillcolor=LOW_BAND if target_row.get("low_confidence") else BAND,
                name=_t("band", lang),
                hoverinfo="skip",
                fillpattern=dict(shape=".", fgcolor=LOW if target_row.get("low_confidence") else PROJ_DOTS, size=6),
            )
        elif agg == "cumulative" and _ok(hi[-1]) and _ok(lo[-1]):
            fig.add_scatter(
                x=[px[-1]],
                y=[py[-1] / div],
                mode="markers",
                name=_t("band", lang),
                marker=dict(size=1, color=PROJ),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=[(hi[-1] - py[-1]) / div],
                    arrayminus=[(py[-1] - lo[-1]) / div],
                    color=PROJ,
                    thickness=3,
                    width=10,
                ),
            )
        low = bool(target_row.get("low_confidence"))
        colour = LOW if low else PROJ
        name = i18n.t("vd.chart.projected_low", lang) if low else _t("projected", lang)
        fig.add_scatter(
            x=px,
            y=[v / div for v in py],
            mode="lines+markers",
            name=name,
            line=dict(color=colour, width=2 if low else 3, dash="dashdot" if low else "dot"),
            marker=dict(
                symbol=["circle-open"] + ["diamond"] * len(proj),
                size=[0] + [12] * len(proj),
                color=colour,
                line=dict(width=1.5, color="#ffffff"),
            ),
            customdata=[fmt.fmt_value(v, unit, lang) for v in py],
            hovertemplate=hover(name),
        )
        ref = target_row.get("threshold") if agg != "cumulative" else goal
        fig.add_annotation(
            x=px[-1],
            y=py[-1] / div,
            text=f"{name} {wording.value(py[-1], unit, lang, ref=ref)}",
            showarrow=False,
            xanchor="left",
            xshift=14,
            yshift=20 if proj_above else -20,
            font=dict(size=14, color=colour),
            bgcolor="rgba(255,255,255,0.8)",
        )
    xs = [*list(data["year"]), T]
    fig.update_xaxes(range=[min(xs) - 0.4, max(xs) + 1.6], tickvals=list(range(int(min(xs)), int(max(xs)) + 1)))
    return fig


# ------------------------------------------------------------------ compare
def _area_styles(areas: list[str]) -> dict[str, tuple[str, str, str]]:
    """A fixed colour and symbol per area (the same area looks the same in every chart)."""
    known = {a: i for i, a in enumerate(AREA_ORDER)}
    extra = [a for a in areas if a not in known]
    idx = {**known, **{a: len(AREA_ORDER) + i for i, a in enumerate(extra)}}
    return {a: (AREA_COLOURS[idx[a] % 7], AREA_SYMBOLS[idx[a] % 7], AREA_DASHES[idx[a] % 7]) for a in areas}


def _add_area_lines(fig, frame, targets, lang, *, row=None, col=None, showlegend=True, div=1.0):
    unit = frame["unit"].iloc[0] if len(frame) else ""
    areas = (
        [a for a in AREA_ORDER if a in set(frame["area"])] + sorted(set(frame["area"]) - set(AREA_ORDER))
        if len(frame)
        else []
    )
    styles = _area_styles(areas)
    kw = dict(row=row, col=col) if row else {}
    for a in areas:
        part = frame[frame["area"] == a].sort_values("year")
        colour, symbol, _dash = styles[a]
        name = part["area_name"].iloc[0]
        illus = bool(part["illustrative"].any())
        label = (
            f"{name}（{_t('illus_short', lang)}）"
            if illus and lang != "en"
            else (f"{name} ({_t('illus_short', lang)})" if illus else name)
        )
        fig.add_scatter(
            x=part["year"],
            y=part["value"] / div,
            mode="lines+markers",
            name=label,
            legendgroup=a,
            showlegend=showlegend,
            line=dict(color=colour, width=3, dash="dash" if illus else "solid"),
            marker=dict(
                symbol=f"{symbol}-open" if illus else symbol, size=10, color=colour, line=dict(width=2, color=colour)
            ),
            customdata=[fmt.fmt_value(v, unit, lang) for v in part["value"]],
            hovertemplate=f"{name}<br>%{{x}}: %{{customdata}}<extra></extra>",
            **kw,
        )
    if targets is not None and len(targets):
        for r in targets[targets["drawn"]].to_dict("records"):
            colour, _, _ = styles.get(r["area"], (TARGET, "", ""))
            fig.add_scatter(
                x=[r["target_year"]],
                y=[r["target_value"] / div],
                mode="markers",
                name=f"{r['area_name']} {_t('target', lang)}",
                legendgroup=r["area"],
                showlegend=False,
                marker=dict(symbol="star", size=18, color=colour, line=dict(width=1.5, color=INK)),
                customdata=[f"{r['area_name']} {_t('target', lang)} {r['target_year']}: {r['target_text']}"],
                hovertemplate="%{customdata}<extra></extra>",
                **kw,
            )


def compare_figure(frame: pd.DataFrame, targets: pd.DataFrame | None = None, lang: str = "zh") -> go.Figure:
    """One indicator across areas over the years; each area's target a star in its colour.

    ``frame``: ``dashboard.compare_frame``; ``targets``: ``dashboard.compare_targets`` (only
    rows with ``drawn`` are marked). Like with like: one panel per ``axis_group`` — absolute
    totals of the city get a panel (and axis) of their own beside the districts'."""
    if frame is None or frame.empty:
        return _empty(base_layout(go.Figure(), lang=lang), lang)
    groups = list(dict.fromkeys(frame["axis_group"])) if "axis_group" in frame else ["all"]
    groups.sort(key=lambda g: {"all": 0, "district": 1}.get(g, 2))
    if len(groups) == 1:
        fig = go.Figure()
        div, yunit = _compare_scale(frame, targets, lang)
        base_layout(fig, y_title=yunit, lang=lang, height=480)
        _add_area_lines(fig, frame, targets, lang, div=div)
    else:
        titles = []
        for g in groups:
            part = frame[frame["axis_group"] == g]
            name = part["area_name"].iloc[0] if part["area"].nunique() == 1 else i18n.t("vd.cmp.districts", lang)
            unit = _compare_scale(part, targets, lang)[1]
            key = "vd.cmp.own_panel" if g == "city" else "vd.cmp.panel"
            titles.append(i18n.t(key, lang, name=name, unit=unit))
        fig = make_subplots(rows=1, cols=len(groups), subplot_titles=titles, column_widths=[0.62, 0.38][: len(groups)])
        base_layout(fig, lang=lang, height=480)
        for i, g in enumerate(groups):
            part = frame[frame["axis_group"] == g]
            tg = targets[targets["area"].isin(set(part["area"]))] if targets is not None and len(targets) else None
            div, yunit = _compare_scale(part, tg, lang)
            _add_area_lines(fig, part, tg, lang, row=1, col=i + 1, div=div)
            fig.update_yaxes(title_text=yunit, row=1, col=i + 1)
        fig.update_layout(margin=dict(t=130), legend=dict(y=1.14))
        fig.update_annotations(font=dict(size=16))
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=_t("target", lang),
        marker=dict(symbol="star", size=16, color="#ffffff", line=dict(width=1.5, color=INK)),
    )
    return fig


def _compare_scale(frame: pd.DataFrame, targets: pd.DataFrame | None, lang: str) -> tuple[float, str]:
    unit = frame["unit"].iloc[0]
    vals = list(frame["value"])
    if targets is not None and len(targets):
        drawn = targets[targets["drawn"].astype(bool) & targets["area"].isin(set(frame["area"]))]
        vals += list(drawn["target_value"])
    return axis_scale(unit, max([abs(v) for v in vals if _ok(v)] or [0]), lang)


def ranking_figure(ranking: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Horizontal bars of each area's latest value (rank 1 on top); illustrative bars hatched;
    a tick at each area's target. ``ranking``: ``dashboard.compare_ranking``."""
    fig = go.Figure()
    if ranking is None or ranking.empty:
        return _empty(base_layout(fig, lang=lang), lang)
    r = ranking.sort_values("rank", ascending=False)
    unit = r["unit"].iloc[0]
    vals = list(r["value"]) + [v for v in r["target_value"] if _ok(v)]
    div, yunit = axis_scale(unit, max(abs(v) for v in vals), lang)
    base_layout(fig, lang=lang, height=120 + 70 * len(r))
    labels = [f"{n} ({y})" for n, y in zip(r["area_name"], r["year"])]
    fig.add_bar(
        y=labels,
        x=r["value"] / div,
        orientation="h",
        name=_t("bar_legend", lang),
        marker=dict(
            color=[AREA_COLOURS[0]] * len(r),
            line=dict(color=INK, width=1),
            pattern=dict(shape=["/" if i else "" for i in r["illustrative"]], fgcolor="#ffffff", size=8),
        ),
        hoverinfo="skip",
    )
    for lab, v, tv, i in zip(labels, r["value"], r["target_value"], r["illustrative"]):
        end = max(v, tv if _ok(tv) else v) / div
        text = fmt.fmt_value(v, unit, lang) + ((" (illustrative)" if lang == "en" else "（示意）") if i else "")
        fig.add_annotation(
            x=end, y=lab, text=text, showarrow=False, xanchor="left", xshift=16, font=dict(size=15, color=INK)
        )
    has_t = r["target_value"].notna()
    if has_t.any():
        fig.add_scatter(
            y=[lab for lab, h in zip(labels, has_t) if h],
            x=r.loc[has_t, "target_value"] / div,
            mode="markers",
            name=_t("target", lang),
            marker=dict(symbol="star", size=18, color=TARGET, line=dict(width=1.5, color=INK)),
            customdata=[
                f"{_t('target', lang)} {int(y)}: {fmt.fmt_value(v, unit, lang)}"
                for y, v in zip(r.loc[has_t, "target_year"], r.loc[has_t, "target_value"])
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig.update_xaxes(
        title_text=yunit,
        dtick=None,
        tickformat=",~r" if lang == "en" else "~r",
        showgrid=True,
        gridcolor="#e3e6ec",
        range=[0, max(vals) / div * 1.45],
    )
    fig.update_yaxes(title_text="", tickformat=None)
    fig.update_layout(margin=dict(l=20, r=30, t=40, b=60))
    return fig


def small_multiples(
    frame: pd.DataFrame, lang: str = "zh", targets: pd.DataFrame | None = None, cols: int = 2
) -> go.Figure:
    """One panel per indicator (own y axis), areas as lines in the same style as compare_figure.
    ``frame``: ``dashboard.small_multiples_frame``; ``targets``: concatenated compare_targets
    (with an ``indicator`` column) or None."""
    if frame is None or frame.empty:
        return _empty(base_layout(go.Figure(), lang=lang), lang)
    inds = list(dict.fromkeys(frame["indicator"]))
    rows = math.ceil(len(inds) / cols)
    titles = []
    for i in inds:
        part = frame[frame["indicator"] == i]
        name, scale = (
            part["indicator_name"].iloc[0],
            axis_scale(part["unit"].iloc[0], part["value"].abs().max(), lang)[1],
        )
        if "axis_group" in part and set(part["axis_group"]) == {"district"}:
            scale = i18n.t("vd.cmp.districts_unit", lang, unit=scale)
        titles.append(f"{name} ({scale})" if lang == "en" else f"{name}（{scale}）")
    fig = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=titles,
        vertical_spacing=0.16 / max(rows, 1) + 0.08,
        horizontal_spacing=0.08,
    )
    base_layout(fig, lang=lang, height=330 * rows + 80)
    for k, i in enumerate(inds):
        part = frame[frame["indicator"] == i]
        tg = targets[targets["indicator"] == i] if targets is not None and "indicator" in targets else None
        div, _ = axis_scale(part["unit"].iloc[0], part["value"].abs().max(), lang)
        _add_area_lines(fig, part, tg, lang, row=k // cols + 1, col=k % cols + 1, showlegend=(k == 0), div=div)
    fig.update_annotations(font=dict(size=16))
    fig.update_layout(legend=dict(y=1.0 + 0.35 / (330 * rows + 80) * 100, yanchor="bottom"), margin=dict(t=110))
    fig.update_xaxes(title_text="")
    fig.update_yaxes(title_text="")
    return fig


# ------------------------------------------------------------------ overview summary
def status_bar(counts: pd.DataFrame, lang: str = "zh") -> go.Figure:
    """Targets per status: one bar each, coloured AND labelled with icon and word (greyscale-safe).
    ``counts``: ``progress.status_counts`` / ``dashboard.overview_counts``; zero rows dropped."""
    c = counts[counts["n"] > 0].copy()
    c["order"] = c["status"].map({s: i for i, s in enumerate(STATUSES)})
    c = c.sort_values("order", ascending=False)
    fig = go.Figure()
    base_layout(fig, lang=lang, height=110 + 52 * max(len(c), 1))
    if c.empty:
        return _empty(fig, lang)
    lab = "label_en" if lang == "en" else "label_zh"
    labels = [f"{STATUS_META[s]['icon']} {w}" for s, w in zip(c["status"], c[lab])]
    fig.add_bar(
        y=labels,
        x=c["n"],
        orientation="h",
        marker=dict(color=list(c["colour"]), line=dict(color=INK, width=1)),
        text=[str(n) for n in c["n"]],
        textposition="outside",
        cliponaxis=False,
        showlegend=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    fig.update_xaxes(
        title_text=_t("n", lang),
        dtick=1 if c["n"].max() <= 12 else None,
        showgrid=True,
        gridcolor="#e3e6ec",
        range=[0, c["n"].max() * 1.18 + 0.5],
    )
    fig.update_yaxes(title_text="", tickformat=None, tickfont=dict(size=16))
    fig.update_layout(margin=dict(l=20, r=30, t=20, b=50))
    return fig
