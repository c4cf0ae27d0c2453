"""The overview's target tiles as HTML: one ``st.html`` block per area instead of about ten
Streamlit elements per tile (286 deltas for the 26 embedded targets; each costs the server a
protobuf, a queue entry and a websocket frame).

Each tile's HTML is made once per data version, language, illustrative switch and as-of year
(``tile_html``, kept by ``ui.cached``) from the display texts ``verdicts.status_frame`` already
prepares; a rerun only joins the tiles its filters keep. Every text from the data is escaped
(``html.escape``) and every link parameter URL-encoded: nothing from the catalog or an upload
becomes markup. Status shows as colour AND icon AND word, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from ipdash import fmt, i18n, status_meta, ui
from ipdash.frames import sources, verdicts
from ipdash.frames.records import StatusRow, status_rows
from ipdash.settings import ViewSettings

TILE_COLUMNS = [  # what a tile shows: display texts the status frame prepared per data version
    "target_id",
    "area_name",
    "indicator_name",
    "target_year",
    "status",
    "status_icon",
    "status_label",
    "uses_illustrative",
    "basis",
    "target_text",
    "current_label",
    "current_text",
    "projected_text",
    "p_meet_text",
    "required_text",
    "margin_text",
]
LINK_CLASS = "ipd-link"  # the tile's link to the detail page (tests and the load benchmark find it)


def _css() -> str:
    status_rules = "".join(
        f".ipd-s-{s}{{background:{m['colour']}1f;border-color:{m['colour']}}}"
        for s, m in status_meta.STATUS_META.items()
    )
    return (
        "<style>"
        ".ipd-area h3{margin:1rem 0 .25rem}"
        ".ipd-theme{font-weight:600;margin:.5rem 0 .25rem}"
        ".ipd-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:.5rem}"
        ".ipd-tile{border:1px solid rgba(49,51,63,.2);border-radius:.5rem;padding:.6rem .8rem;"
        "display:flex;flex-direction:column;gap:.2rem;line-height:1.45}"
        ".ipd-head{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem}"
        ".ipd-badge{border:1px solid;border-radius:.4rem;padding:0 .4rem;font-size:.875rem;font-weight:600}"
        ".ipd-illus{background:#f0f2f6;border-color:#999}"
        ".ipd-id{color:rgba(49,51,63,.65);font-size:.875rem}"
        ".ipd-ind{font-weight:700}"
        ".ipd-tile p{margin:0}"
        ".ipd-k{margin-right:.75em}"
        f".{LINK_CLASS}{{margin-top:auto;padding-top:.25rem;color:#1f4e9c;font-weight:600;text-decoration:none}}"
        f".{LINK_CLASS}:hover{{text-decoration:underline}}"
        f"{status_rules}"
        "</style>"
    )


CSS = _css()


def _line(label: str, value: str) -> str:
    return f'<p><span class="ipd-k">{escape(label)}</span><b>{escape(value)}</b></p>'


def _tile(r: StatusRow, *, lang: str, href: str) -> str:
    t = lambda key: i18n.t(key, lang)  # noqa: E731
    badge = f"{escape(r['status_icon'])} {escape(r['status_label'])}"
    head = f'<span class="ipd-badge ipd-s-{escape(r["status"])}">{badge}</span>'
    if r.get("uses_illustrative"):
        head += f'<span class="ipd-badge ipd-illus">{escape(t("ov.illustrative"))}</span>'
    head += f'<span class="ipd-id">{escape(str(r["target_id"]))} · {verdicts.year_shown(r)}</span>'
    lines = [_line(t("ov.target"), r["target_text"]), _line(r["current_label"], r["current_text"])]
    if r["projected_text"] != fmt.DASH:
        lines.append(_line(t("ov.projected"), r["projected_text"]))
    if r.get("basis") == "actual":
        lines.append(f"<p><b>{escape(r['margin_text'])}</b></p>")
    else:
        lines += [_line(t("ov.p_meet"), r["p_meet_text"]), _line(t("ov.required"), r["required_text"])]
    return (
        f'<div class="ipd-tile" data-target="{escape(str(r["target_id"]))}">'
        f'<div class="ipd-head">{head}</div><p class="ipd-ind">{escape(r["indicator_name"])}</p>{"".join(lines)}'
        f'<a class="{LINK_CLASS}" href="{escape(href)}">{escape(t("ov.details"))} →</a></div>'
    )


def detail_href(target_id: str, *, view: ViewSettings, as_of: int | None, base: str) -> str:
    """The detail page with this target, the as-of year and the shell state in the URL, as codes
    (the same link in both languages) — what ``widgets.detail_link`` puts in a page link, as a
    plain address."""
    params: dict[str, str] = {}
    if view.lang != "zh":
        params["lang"] = view.lang
    if not view.include_illustrative:
        params["illus"] = "false"
    params["det_target"] = target_id
    if as_of:
        params["det_asof"] = str(as_of)
    return f"{base}/detail?{urlencode(params)}"


def tile_html(ids: tuple[str, ...], *, view: ViewSettings, base: str = "") -> pd.Series:
    """{target_id: tile HTML} for the targets ``ids`` judged with ``view`` (links keep ``view.as_of``).

    Called through ``ui.cached``: made once per data version, view and set of tiles on screen (at
    county scale a page of 48 of 28 000 targets), so a first page does not wait for every tile."""
    frame = ui.cached(verdicts.status_frame, view=view)
    rows = status_rows(frame.loc[frame["target_id"].isin(ids), TILE_COLUMNS])
    return pd.Series(
        {
            r["target_id"]: _tile(
                r,
                lang=view.lang,
                href=detail_href(r["target_id"], view=view, as_of=view.as_of, base=base),
            )
            for r in rows
        },
        dtype=object,
    )


def base_path() -> str:
    """The app's URL path prefix (``server.baseUrlPath``, e.g. behind a proxy): '' or '/ipdash'."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def render(ordered: pd.DataFrame, *, view: ViewSettings, under_heading: Callable[[str], None] | None = None) -> None:
    """The tiles of ``ordered`` (rows of the status frame, in tile order): one block per area,
    headed by the area's name, tiles grouped by theme. ``under_heading(area)`` draws what goes
    between an area's heading and its tiles (the overview: its qualitative tasks by status)."""
    if ordered.empty:
        return
    ids = tuple(ordered["target_id"])
    pieces = ui.cached(tile_html, ids, view=view, base=base_path()).reindex(ids)
    names = ui.cached(sources.area_names, view.lang)
    st.html(CSS)
    blocks: dict[str, dict[str, list[str]]] = {}  # area -> theme -> tiles, in tile order
    for area, theme, piece in zip(ordered["area"], ordered["theme"], pieces, strict=True):
        blocks.setdefault(area, {}).setdefault(theme, []).append(piece)
    for area, by_theme in blocks.items():
        parts = [f'<section class="ipd-area"><h3>{escape(names.get(area, area))}</h3>']
        if under_heading is not None:
            st.html("".join(parts) + "</section>")
            under_heading(area)
            parts = ['<section class="ipd-area">']
        for theme, group in by_theme.items():
            parts.append(f'<div class="ipd-theme">{escape(verdicts.theme_label(theme, view.lang))}</div>')
            parts.append(f'<div class="ipd-grid">{"".join(group)}</div>')
        st.html("".join(parts) + "</section>")
