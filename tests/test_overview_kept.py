"""Issue 26: what the overview keeps per data version and choice (``ipdash.ui.overview_view``) shows exactly what
the overview drew before — the Arrow tables ``st.dataframe`` sends are the very bytes Streamlit makes of the frames,
and each area's tasks line is the text the old per-area lookup made (kept here as the oracle)."""

from __future__ import annotations

import plotly.io as pio
import plotly.tools
import pytest
from streamlit import dataframe_util

from ipdash import i18n
from ipdash.charts import figures, style
from ipdash.frames import milestones as frames
from ipdash.settings import ViewSettings
from ipdash.store import milestones as history
from ipdash.ui import overview_view as ov
from ipdash.ui import tables
from ipdash.ui.overview_view import OverviewFilters
from ipdash.ui.widgets import md
from tests.apptest import open_page

CHOICES = [((), ()), (("pudong",), ()), (("pudong", "jingan"), ("protection", "services")), ((), ("utilization",))]


def _bytes(df) -> bytes:
    """What ``st.dataframe(df)`` sends for a pandas frame (Streamlit's own conversion)."""
    return dataframe_util.convert_pandas_df_to_arrow_bytes(df)


def _old_line(counts, area: str, lang: str) -> str | None:
    """The line the overview drew under an area's heading before (``ui.milestones.area_line``)."""
    hit = counts[counts["area"] == area]
    if not len(hit):
        return None
    r = hit.iloc[0].to_dict()
    return md(i18n.t("mst.ov.area_line", lang, n=r["n_milestones"], parts=frames.counts_text(r, lang)))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_kept_tables_and_lines_are_what_the_overview_drew(built_data, lang):
    on = history.today().isoformat()
    for areas, themes in CHOICES:
        counts = frames.counts_by_area(lang, on, areas=list(areas) or None, themes=list(themes) or None)
        kept = ov.ms_counts_table(lang, on, areas, themes)
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(kept) == _bytes(counts[ov.MS_COLUMNS])
        lines = ov.ms_area_lines(lang, on, areas, themes)
        for area in ["pudong", "jingan", "yangpu", "shanghai", "nowhere"]:
            assert lines.get(area) == _old_line(counts, area, lang)
        assert set(lines) == set(counts["area"])
        for area in ["jingan", "pudong"]:
            tasks = frames.milestone_table(lang, areas=[area], themes=list(themes) or None, on=on)
            kept = ov.area_tasks_table(lang, area, themes, on)
            assert dataframe_util.convert_arrow_table_to_arrow_bytes(kept) == _bytes(tasks[ov.TASK_COLUMNS])


def test_the_overview_sends_the_same_table_bytes(built_data):
    at = open_page("app_pages/overview.py")
    on = history.today().isoformat()
    sent = {d.proto.arrow_data.data for d in at.dataframe}
    counts = frames.counts_by_area("zh", on)
    jingan = frames.milestone_table("zh", areas=["jingan"], on=on)
    assert _bytes(counts[ov.MS_COLUMNS]) in sent and _bytes(jingan[ov.TASK_COLUMNS]) in sent
    lines = [c.value for c in at.caption]
    assert all(_old_line(counts, a, "zh") in lines for a in counts["area"] if a in {"pudong", "jingan", "yangpu"})


def test_a_kept_table_refuses_a_column_choice(built_data):
    with pytest.raises(ValueError):
        tables.table(tables.arrow(frames.counts_by_area("zh")), columns=["area"], key="k", alt="a")


def test_the_by_area_table_is_sent_as_before(built_data):
    view = ViewSettings(lang="en")
    for f in [OverviewFilters((), (), (), (), None), OverviewFilters(("pudong",), ("protection",), (), (), None)]:
        kept = ov.by_area_table(view=view, filters=f)
        assert dataframe_util.convert_arrow_table_to_arrow_bytes(kept) == _bytes(ov.by_area(view=view, filters=f))
        assert tables.column_labels(kept) == tables.column_labels(ov.by_area(view=view, filters=f))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_status_chart_sends_the_json_of_the_figure(built_data, lang):
    view = ViewSettings(lang=lang)
    for f in [
        OverviewFilters((), (), (), (), None),
        OverviewFilters(("pudong",), (), ("on_track", "at_risk"), (), None),
        OverviewFilters(("nowhere",), (), (), (), None),  # nothing to count: the empty chart
    ]:
        plain = figures.status_bar(ov.counts(view=view, filters=f), lang)
        sent = ov.status_figure(view=view, filters=f)
        as_sent = [plotly.tools.return_figure_from_figure_or_data(x, validate_figure=True) for x in (plain, sent)]
        assert pio.to_json(as_sent[1], validate=False) == pio.to_json(as_sent[0], validate=False)
        assert sent.to_dict() == plain.to_dict() and sent.to_dict() is not sent.to_dict()  # a new dict each call
        assert style.for_phone(sent).to_json() == style.for_phone(plain).to_json()
