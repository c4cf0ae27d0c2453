"""The track record section of 目标与来源 / Targets & sources (``ipdash.frames.track``)."""

from __future__ import annotations

import streamlit as st

from ipdash import ui
from ipdash.frames import track


def section(lang: str) -> None:
    """Past verdicts on real figures against what then happened: one sentence, a table, its download."""
    st.subheader(ui.t("track.title"))
    st.markdown(ui.cached(track.sentence, lang))
    frame = ui.cached(track.summary, lang)
    ui.table(
        frame,
        key="track_table",
        alt=ui.t("track.title"),
        columns=["label", "n_calls", "n_achieved", "n_missed", "hit_rate"],
        column_config={"hit_rate": st.column_config.NumberColumn(format="percent")},
    )
    st.caption(ui.t("track.caption"))
    ui.downloads(ui.cached(track.calls), "ipdash-track-record", key="dl_track")
