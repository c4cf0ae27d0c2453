"""What every ipdash chart shares: the CJK font, colour-blind-safe colours, area styles, axis
units as officials read them, the base layout and the empty state (no streamlit)."""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ipdash import i18n
from ipdash.strings import units

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


def label(key: str, lang: str) -> str:
    """A chart label (``chart.<key>`` in ipdash/strings/charts.py)."""
    return i18n.t(f"chart.{key}", lang)


def target_marker(colour: str, *, superseded: bool = False, size: int = 18) -> dict:
    """A target's star; a superseded one's (已被后续文件更新) hollow and grey: never read as the current goal."""
    if superseded:
        return dict(symbol="star-open", size=size, color=LOW, line=dict(width=2, color=LOW))
    return dict(symbol="star", size=size, color=colour, line=dict(width=1.5, color=INK))


def target_hover(r: Mapping[str, Any], lang: str) -> str:
    """A target marker's hover: area, year, the target as written, its document, and — when a later
    document replaced it — the sentence naming the newer target."""
    head = " ".join(str(x) for x in (r.get("area_name") or "", label("target", lang), r.get("target_year")) if x)
    lines = [f"{head}: {r.get('target_text') or ''}"]
    if r.get("document"):
        lines.append(f"{i18n.t('sup.doc_col', lang)}: {r['document']}")
    if r.get("superseded_note"):
        lines.append(str(r["superseded_note"]))
    return "<br>".join(lines)


def paren(text: str, inner: str, lang: str) -> str:
    """ "名称（示意）" / "name (illustrative)"."""
    return i18n.t("chart.paren", lang, text=text, inner=inner)


def ok(x) -> bool:
    try:
        return x is not None and not pd.isna(x)
    except (TypeError, ValueError):
        return False


def axis_scale(unit: str | None, vmax: float, lang: str) -> tuple[float, str]:
    """(divisor, axis unit) so axes read as officials read them: 万件 for large counts,
    CNY bn for 亿元 in English."""
    u = (unit or "").strip()
    en = lang == "en"
    if u == units.YI_YUAN:
        return (10.0, "CNY bn") if en else (1.0, units.YI_YUAN)
    if u.endswith(units.PER_10K):
        return 1.0, (("CNY 10k" if u.startswith(units.WAN_YUAN) else "") + " per 10k residents").strip() if en else u
    if u in ("%", units.DAYS):
        return 1.0, (units.EN_AXIS[u] if en and u == units.DAYS else u)
    if not en and vmax >= 1e4 and not u.startswith(units.WAN):
        return 1e4, f"{units.WAN}{u}"
    if en:
        return 1.0, units.EN_AXIS.get(u, u)
    return 1.0, u


def set_template(fig: go.Figure, name: str = "plotly_white") -> go.Figure:
    """``fig.update_layout(template=name)`` without validating the registered template again, as
    plotly itself does for its default template: validating it took ~18 ms per figure, most of
    building a small chart (issue 16, goal b)."""
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = pio.templates[name]
    finally:
        layout._validate = True
    return fig


def base_layout(
    fig: go.Figure, *, title: str | None = None, y_title: str = "", height: int = 460, lang: str = "zh"
) -> go.Figure:
    """The layout every ipdash chart shares (template, font, margins, legend, axes), set on ``fig``.

    A new figure (no traces, no layout yet) gets it as a copy of the validated layout kept per title,
    axis title, height and language (``_base_props``), set in the same order without validating it again:
    the same figure and JSON, in a tenth of the time (``update_layout`` cost ~13 ms a chart, issue 26 b).
    A figure that already has panels or settings (``make_subplots``) gets the full update."""
    if fig.data or set(fig.layout._props or ()) - {"template"}:
        return _base_layout_full(fig, title=title, y_title=y_title, height=height, lang=lang)
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = pio.templates["plotly_white"]
        for key, value in copy.deepcopy(_base_props(title, y_title, height, lang)).items():
            layout[key] = value
    finally:
        layout._validate = True
    return fig


@functools.lru_cache(maxsize=256)
def _base_props(title: str | None, y_title: str, height: int, lang: str) -> dict[str, Any]:
    """``_base_layout_full``'s layout of a new figure as plotly stored it, in its order, without the template."""
    props = _base_layout_full(go.Figure(), title=title, y_title=y_title, height=height, lang=lang).layout._props
    return {k: copy.deepcopy(v) for k, v in props.items() if k != "template"}


def _base_layout_full(
    fig: go.Figure, *, title: str | None = None, y_title: str = "", height: int = 460, lang: str = "zh"
) -> go.Figure:
    set_template(fig)
    fig.update_layout(
        height=height,
        font=dict(family=FONT, size=16, color=INK),
        title=dict(text=title, x=0, xanchor="left", font=dict(size=19)) if title else None,
        margin=dict(l=70, r=30, t=70 if title else 40, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", font=dict(size=15)),
        hoverlabel=dict(font=dict(family=FONT, size=15)),
        separators=".,",
    )
    fig.update_xaxes(
        title_text=label("year", lang), dtick=1, tickformat="d", showgrid=False, linecolor="#888", ticks="outside"
    )
    fig.update_yaxes(
        title_text=y_title,
        gridcolor="#e3e6ec",
        zeroline=False,
        linecolor="#888",
        tickformat=",~r" if lang == "en" else "~r",
    )
    return fig


def empty(fig: go.Figure, lang: str) -> go.Figure:
    fig.add_annotation(
        text=label("no_data", lang),
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


def area_styles(areas: list[str]) -> dict[str, tuple[str, str, str]]:
    """A fixed colour and symbol per area (the same area looks the same in every chart)."""
    known = {a: i for i, a in enumerate(AREA_ORDER)}
    extra = [a for a in areas if a not in known]
    idx = {**known, **{a: len(AREA_ORDER) + i for i, a in enumerate(extra)}}
    return {a: (AREA_COLOURS[idx[a] % 7], AREA_SYMBOLS[idx[a] % 7], AREA_DASHES[idx[a] % 7]) for a in areas}


def for_phone(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` legible on a phone (about 360 px of plot): the legend below the plot, at most
    five labelled years per axis (never rotated, no "year" title), smaller type and margins."""
    out = go.Figure(fig)
    titled = False
    for ax in out.select_xaxes():
        if ax.tickformat == "d":  # a year axis: labels say it
            ticks = list(ax.tickvals) if ax.tickvals is not None else []
            if len(ticks) > 5:
                ax.update(tickvals=ticks[::-1][:: -(-len(ticks) // 5)][::-1])
            elif not ticks:
                ax.update(dtick=None, nticks=5)
            ax.update(title_text="", tickangle=0)
        titled = titled or bool(ax.title.text)
    height = out.layout.height or 450
    below = (62 if titled else 30) / max(height - 70, 100)  # pixels under the plot, as a fraction of it
    out.update_layout(
        font=dict(size=13),
        legend=dict(orientation="h", yanchor="top", y=-below, x=0, xanchor="left", font=dict(size=12)),
        margin=dict(l=50, r=10, t=30, b=40),
    )
    out.update_annotations(font_size=12)
    return out
