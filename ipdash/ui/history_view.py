"""The status timeline strip and the data-freshness notes (detail and overview pages).

Each part is one call from its page: ``strip`` (detail: a target's status at every data version,
with the frame behind it offered for download), ``freshness_note`` (detail: the target's area ×
indicator), ``late_figures`` (overview: how many figures are late, which, in an expander). The
frames are kept per data version (``ui.cached``); freshness also per day, so "late" follows the date.
"""

from __future__ import annotations

import streamlit as st

from ipdash import ui
from ipdash.charts import timeline_figures
from ipdash.frames import freshness, timeline
from ipdash.settings import ViewSettings
from ipdash.ui import widgets


def strip_figure(target_id: str, *, view: ViewSettings):
    """The strip; call it through ``ui.cached`` (one figure per target, view and data version)."""
    frame = ui.cached(timeline.timeline_frame, target_id, view=view)
    return timeline_figures.timeline_strip(frame, view.lang)


def strip(target_id: str, view: ViewSettings) -> None:
    """Subheader, the strip, what it shows, and the frame behind it as CSV / Parquet."""
    st.subheader(ui.t("tl.title"))
    st.plotly_chart(
        ui.cached(strip_figure, target_id, view=view),
        theme=None,
        key="det_timeline",
        config={"displaylogo": False, "displayModeBar": False},
        alt=ui.t("tl.title"),
    )
    st.caption(ui.t("tl.caption"))
    ui.downloads(
        lambda: ui.cached(timeline.timeline_frame, target_id, view=view),
        f"ipdash-{target_id}-history",
        key="dl_det_timeline",
    )


def _frame(lang: str):
    return ui.cached(freshness.freshness_frame, lang, today=freshness.today_shanghai())


def freshness_note(area: str, indicator: str, lang: str) -> None:
    """One caption: the latest real figure of the target's area × indicator, when it arrived, the
    next one's due date (late or not), and when the indicator is normally published, with its basis."""
    r = ui.cached(freshness.pair_row, area, indicator, lang, today=freshness.today_shanghai())  # kept per pair
    if r is None:
        return
    basis = ui.t("fresh.basis.assumed" if str(r["publish_source"]).startswith("assumed:") else "fresh.basis.dated")
    basis = ui.t("fresh.publish", month=r["publish_month"], basis=basis)
    if r["state"] == "no_figure":
        line = ui.t("fresh.detail_none", state=r["state_text"], basis=basis)
    else:
        latest, arrived = r["latest_year"], r["arrived_date"]
        line = ui.t("fresh.detail", latest=latest, arrived=arrived, state=r["state_text"], basis=basis)
    if r["state"] == "late":
        st.warning(widgets.md(line), icon=":material/schedule:")
    else:
        st.caption(widgets.md(line))


def late_figures(lang: str, areas: tuple[str, ...] = ()) -> None:
    """An expander on the overview: N figures late (of the chosen areas; all when none chosen), which."""
    line = ui.cached(freshness.late_line, lang, tuple(areas), today=freshness.today_shanghai())
    with st.expander(line.title, icon=":material/schedule:" if line.n_late else ":material/event_available:"):
        st.caption(line.caption)
        if line.items:  # one element for the list, not one a late figure
            st.markdown("\n".join("- " + widgets.md(item) for item in line.items))
        ui.downloads(lambda: freshness.of_areas(_frame(lang), tuple(areas)), "ipdash-freshness", key="dl_ov_freshness")
