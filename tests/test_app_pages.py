"""AppTest of every dashboard page: it runs without exception and shows what ipdash computes."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from ipdash.engine import evaluate
from ipdash.frames import compare, detail, sources, tables, verdicts
from ipdash.settings import ViewSettings
from ipdash.store import read
from tests.apptest import open_page


def _page(path: str, *, lang: str | None = None, illus: bool | None = None) -> AppTest:
    # the sidebar switches, as a user would (the URL form is tested in the browser)
    at = open_page(path, 120, switch_lang=lang, illustrative=illus)
    assert not at.error, [e.value for e in at.error]
    return at


def _current(res):
    """The targets the overview shows by default: superseded ones (issue 24) only with its switch."""
    from ipdash.frames import sources

    return res[~res["target_id"].isin(list(sources.superseded()))].reset_index(drop=True)


@pytest.fixture(scope="module")
def everything(built_data):
    return evaluate.evaluate_all(read.table("targets"), read.actuals(), read.table("indicators"))


@pytest.fixture(scope="module")
def engine(everything):
    return _current(everything)


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _tile_links(at) -> dict[str, str]:
    """{target_id: href of its tile's details link} from the overview's tile blocks (st.html)."""
    bodies = " ".join(h.proto.body for h in at.get("html"))
    found = re.findall(r'<div class="ipd-tile" data-target="([^"]+)">.*?<a class="ipd-link" href="([^"]+)"', bodies)
    assert len(found) == len({tid for tid, _ in found}), "a target has two tiles"
    return {tid: html.unescape(href) for tid, href in found}


def test_overview_counts_equal_engine(engine):
    at = _page("app_pages/overview.py")
    counts = evaluate.status_counts(engine)
    expected = {f"{r.icon} {r.label_zh}": str(r.n) for r in counts.itertuples() if r.n > 0}
    assert _metrics(at) == expected
    # one tile per target: a link to the detail page each, carrying that target's picker label
    links = _tile_links(at)
    assert sorted(links) == sorted(engine["target_id"])
    for tid, href in links.items():
        assert href.startswith("/detail?") and parse_qs(urlsplit(href).query)["det_target"] == [tid]


def test_overview_filter_and_english(engine):
    at = _page("app_pages/overview.py", lang="en")
    at.multiselect(key="ov_area").select("yangpu").run()
    assert not at.exception
    yp = engine[engine["area"] == "yangpu"]
    counts = evaluate.status_counts(yp)
    assert _metrics(at) == {f"{r.icon} {r.label_en}": str(r.n) for r in counts.itertuples() if r.n > 0}
    links = _tile_links(at)  # only Yangpu's tiles, their links in English
    assert sorted(links) == sorted(yp["target_id"])
    assert all(parse_qs(urlsplit(h).query)["lang"] == ["en"] and "det_target=" in h for h in links.values())


def test_overview_as_of_year(engine):
    at = _page("app_pages/overview.py")
    at.selectbox(key="ov_asof").select(2023).run()
    assert not at.exception
    res = evaluate.evaluate_all(read.table("targets"), read.actuals(), read.table("indicators"), as_of=2023)
    counts = evaluate.status_counts(_current(res))
    assert all(parse_qs(urlsplit(h).query)["det_asof"] == ["2023"] for h in _tile_links(at).values())
    assert _metrics(at) == {f"{r.icon} {r.label_zh}": str(r.n) for r in counts.itertuples() if r.n > 0}


def test_overview_shows_jingan_without_target():
    at = _page("app_pages/overview.py")
    n = int((read.table("milestones")["area"] == "jingan").sum())
    assert any(f"定性任务 {n} 项" in m.value.replace("\\", "") for m in at.markdown)


def test_detail_explanation_equals_engine(engine):
    at = _page("app_pages/detail.py")
    tid = at.selectbox(key="det_target").value
    row = engine.set_index("target_id").loc[tid]
    shown = [i.value.replace("\\", "") for i in at.info]
    assert row["explanation_zh"] in shown
    at.selectbox(key="det_target").select("YP26-09").run()
    assert not at.exception
    assert engine.set_index("target_id").loc["YP26-09", "explanation_zh"] in [
        i.value.replace("\\", "") for i in at.info
    ]
    assert (
        _metrics(at)["达成概率"]
        == verdicts.status_frame(view=ViewSettings(lang="zh")).set_index("target_id").loc["YP26-09", "p_meet_text"]
    )


def test_detail_method_switch_and_what_if():
    at = _page("app_pages/detail.py", lang="en")
    at.selectbox(key="det_target").select("YP26-03").run()
    at.segmented_control(key="det_method").set_value("linear").run()
    assert not at.exception
    lin = evaluate.evaluate_all(read.table("targets"), read.actuals(), read.table("indicators"), method="linear")
    assert lin.set_index("target_id").loc["YP26-03", "explanation_en"] in [i.value.replace("\\", "") for i in at.info]
    at.slider(key="det_growth").set_value(30.0).run()
    wi = detail.what_if_result("YP26-03", 0.30)
    label = f"Reaches in {int(lin.set_index('target_id').loc['YP26-03', 'target_year'])}"
    assert _metrics(at)[label] == verdicts.fmt.fmt_value(wi["compared_value"], "件", "en")


def test_detail_shows_source_clause():
    at = _page("app_pages/detail.py")
    at.selectbox(key="det_target").select("PD24-06").run()
    src = detail.source_clause("PD24-06")
    text = " ".join(m.value.replace("\\", "") for m in at.markdown) + " ".join(
        c.value.replace("\\", "") for c in at.caption
    )
    assert src["clause"] in text and src["doc_number"] in text


def test_compare_ranking_equals_dashboard():
    at = _page("app_pages/compare.py")
    ind = at.selectbox(key="cmp_ind").value
    shown = [d.value for d in at.dataframe]
    expected = compare.compare_ranking(ind, (), False, view=ViewSettings(include_illustrative=True, lang="zh"))
    assert any(
        list(df.get("rank", [])) == list(expected["rank"])
        and list(df["value"]) == pytest.approx(list(expected["value"]))
        for df in shown
        if "rank" in df
    )
    at.toggle(key="cmp_pc").set_value(True).run()
    at.selectbox(key="cmp_ind").select("invention_patents").run()
    assert not at.exception
    assert any("2020年第七次人口普查" in c.value for c in at.caption)


def test_compare_english():
    _page("app_pages/compare.py", lang="en")


def test_data_page_every_table():
    at = _page("app_pages/data.py")
    for name in ("targets", "milestones", "documents", "actuals", "statuses", "areas", "indicators", "batches"):
        at.selectbox(key="data_table").select(name).run()
        assert not at.exception
        n = len(tables.data_tables()[name])
        assert any(c.value == f"{n} 行" for c in at.caption), name
    assert len(at.get("download_button")) >= 2 * 8 + 4


def test_long_tables_are_paged_on_the_data_and_targets_pages(monkeypatch):
    from ipdash.ui import paging

    monkeypatch.setattr(paging, "PAGE_ROWS", 100)  # the shipped tables are short; county ones are not
    at = _page("app_pages/data.py")
    at.selectbox(key="data_table").select("actuals").run()
    n = len(tables.data_tables()["actuals"])
    assert len(at.dataframe[0].value) == 100 and any(c.value == f"{n} 行" for c in at.caption)
    at.selectbox(key="data_page_actuals").select(2).run()
    assert len(at.dataframe[0].value) == 100 and at.query_params["data_page_actuals"] == "2"
    monkeypatch.setattr(paging, "PAGE_ROWS", 10)
    at = _page("app_pages/targets.py")
    n = len(sources.targets_table("zh"))
    assert len(at.dataframe[0].value) == 10
    assert any(c.value.startswith(f"显示第 1–10 行，共 {n} 行") for c in at.caption)


def test_data_page_english_without_illustrative():
    at = _page("app_pages/data.py", lang="en", illus=False)
    at.selectbox(key="data_table").select("actuals").run()
    n = len(read.actuals(include_illustrative=False))
    assert any(c.value == f"{n} rows" for c in at.caption)


def test_targets_page():
    at = _page("app_pages/targets.py")
    assert any(c.value.startswith(f"共 {len(sources.targets_table('zh'))} 项量化目标") for c in at.caption)
    _page("app_pages/targets.py", lang="en")


def test_overview_full_table_is_sent_only_when_opened(built_data):
    from ipdash.frames import verdicts

    closed = open_page("app_pages/overview.py")
    assert not any(len(df.value) == 26 and "explanation" in df.value for df in closed.dataframe)
    closed.session_state["ov_table_box"] = True
    closed.run()
    shown = [df.value for df in closed.dataframe if "explanation" in df.value]
    assert len(shown) == 1 and list(shown[0]["target_id"]) == list(
        verdicts.filter_status(verdicts.status_frame(view=ViewSettings(lang="zh")), superseded=False)["target_id"]
    )


def test_overview_superseded_switch_shows_them(everything):
    """Superseded targets are out of the tiles and counts by default; the URL-bound switch brings them back."""
    at = _page("app_pages/overview.py")
    assert "PD25-01" not in _tile_links(at) and any(
        "superseded" in c.value or "已被后续文件更新" in c.value for c in at.caption
    )
    at = open_page("app_pages/overview.py", 120, ov_superseded="true")  # the switch, as a link carries it
    assert sorted(_tile_links(at)) == sorted(everything["target_id"])
    counts = evaluate.status_counts(everything)
    assert _metrics(at) == {f"{r.icon} {r.label_zh}": str(r.n) for r in counts.itertuples() if r.n > 0}
