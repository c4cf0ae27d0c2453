"""Plotly figures (ipdash.charts.figures): built only from the dashboard frames, marked, greyscale-readable."""

from __future__ import annotations

import pandas as pd
import pytest

from ipdash import status_meta
from ipdash.charts import figures
from ipdash.engine import evaluate
from ipdash.frames import compare, detail, verdicts
from ipdash.settings import ViewSettings


@pytest.fixture(scope="module", autouse=True)
def _data(built_data):
    return built_data


def _names(fig):
    return [t.name for t in fig.data if t.name]


def _detail(tid, lang="zh", **kw):
    view = ViewSettings(lang=lang, **kw)
    return figures.detail_figure(detail.detail_frame(tid, view=view), detail.target_row(tid, view=view), lang)


def test_detail_figure_marks_illustrative_projection_and_target():
    fig = _detail("YP26-01")
    names = _names(fig)
    assert "实际值（示意）" in names and "预测" in names and "预测80%区间" in names and "目标" in names
    by = {t.name: t for t in fig.data if t.name}
    illus, proj, target = by["实际值（示意）"], by["预测"], by["目标"]
    assert illus.line.dash == "dash" and illus.marker.symbol == "circle-open"
    assert proj.line.dash == "dot"
    assert target.marker.symbol == "star" and list(target.x) == [2026] and list(target.y) == [65]
    texts = [a.text for a in fig.layout.annotations]
    assert any("目标 ≥ 65 件/万人" in t for t in texts)
    assert any(t.startswith("预测 ") for t in texts) and "示意" in texts
    assert "Noto Sans CJK SC" in fig.layout.font.family


def test_detail_figure_band_is_the_80_interval():
    frame = detail.detail_frame("YP26-01")
    fig = figures.detail_figure(frame, detail.target_row("YP26-01"), "zh")
    proj = frame[frame["kind"] == "projected"]
    band = next(t for t in fig.data if t.name == "预测80%区间")
    upper = next(t for t in fig.data if t.fill is None and t.showlegend is False and t.hoverinfo == "skip")
    assert band.y[-1] == pytest.approx(proj["lower_80"].iloc[-1])
    assert upper.y[-1] == pytest.approx(proj["upper_80"].iloc[-1])


def test_detail_figure_official_actuals_solid():
    fig = _detail("SH25-02", "en")
    by = {t.name: t for t in fig.data if t.name}
    assert by["actual"].line.dash == "solid" and by["actual"].marker.symbol == "circle"
    assert "actual (illustrative)" not in by


def test_detail_figure_greyscale_styles_distinct():
    fig = _detail("YP26-01")
    styles = {
        (t.name, getattr(t.line, "dash", None), str(getattr(t.marker, "symbol", None)))
        for t in fig.data
        if t.name and t.name != "预测80%区间"
    }
    assert len({(d, s) for _, d, s in styles}) == len(styles)


def test_detail_figure_cumulative_running_total_and_growth_threshold():
    row = detail.target_row("YP26-08")
    fig = figures.detail_figure(detail.detail_frame("YP26-08"), row, "zh")
    star = next(t for t in fig.data if t.name == "目标")
    assert list(star.y) == [3000]
    assert fig.layout.yaxis.title.text.startswith("累计")
    g = detail.target_row("PD24-10", view=ViewSettings(as_of=2023))
    fig = figures.detail_figure(detail.detail_frame("PD24-10", view=ViewSettings(as_of=2023)), g, "zh")
    star = next(t for t in fig.data if t.name == "目标")
    assert star.y[0] == pytest.approx(g["threshold"])


def test_detail_figure_large_counts_in_wan():
    fig = _detail("YP26-03")
    assert fig.layout.yaxis.title.text == "万件"
    star = next(t for t in fig.data if t.name == "目标")
    assert star.y[0] == pytest.approx(10)


def test_detail_figure_empty_frame():
    row = detail.target_row("YP26-01")
    fig = figures.detail_figure(detail.detail_frame("YP26-01").iloc[0:0], row, "zh")
    assert fig.layout.annotations[0].text == "暂无数据"


def test_compare_figure_one_line_per_area_and_target_stars():
    f = compare.compare_frame("hv_invention_per10k")
    t = compare.compare_targets("hv_invention_per10k")
    fig = figures.compare_figure(f, t, "zh")
    lines = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert len(lines) == f["area"].nunique()
    stars = [tr for tr in fig.data if str(tr.marker.symbol).startswith("star") and tr.x[0] is not None]
    assert len(stars) == t["drawn"].sum()
    hollow = [tr for tr in stars if tr.marker.symbol == "star-open"]  # superseded targets (issue 24): hollow, grey
    assert len(hollow) == (t["drawn"] & t["superseded_by"].astype(bool)).sum() > 0
    assert any("（示意）" in tr.name for tr in lines) and "上海市" in [tr.name for tr in lines]
    # each area its own symbol (greyscale)
    assert len({str(tr.marker.symbol).replace("-open", "") for tr in lines}) == len(lines)


def test_ranking_figure_hatches_illustrative():
    r = compare.compare_ranking("hv_invention_per10k")
    fig = figures.ranking_figure(r, "zh")
    bar = fig.data[0]
    shapes = dict(zip(bar.y, bar.marker.pattern.shape))
    # one year for every area (issue 11); Pudong's series is real now, Yangpu's still illustrative
    assert shapes["上海市 (2024)"] == "" and shapes["浦东新区 (2024)"] == "" and shapes["杨浦区 (2024)"] == "/"


def test_small_multiples_one_panel_per_indicator():
    inds = ("trademarks", "pct_applications", "rd_intensity")
    f = compare.small_multiples_frame(inds, view=ViewSettings(lang="en"))
    tg = pd.concat([compare.compare_targets(i, view=ViewSettings(lang="en")).assign(indicator=i) for i in inds])
    fig = figures.small_multiples(f, "en", tg)
    titles = [a.text for a in fig.layout.annotations]
    assert len(titles) == 3 and titles[0].startswith("Registered trademarks")


def test_status_bar_icon_word_and_colour():
    counts = evaluate.status_counts(verdicts.evaluate())
    fig = figures.status_bar(counts, "zh")
    bar = fig.data[0]
    shown = counts[counts["n"] > 0]
    assert len(bar.y) == len(shown)
    for s, label in zip(shown["status"], shown["label_zh"]):
        assert f"{status_meta.STATUS_META[s]['icon']} {label}" in bar.y
    assert sorted(bar.x) == sorted(shown["n"])


def test_figures_export_with_kaleido_cjk(tmp_path):
    """The meeting deck exports these figures with kaleido: a PNG comes out."""
    pytest.importorskip("kaleido")
    fig = _detail("YP26-01")
    out = tmp_path / "d.png"
    try:
        fig.write_image(out, width=900, height=450)
    except Exception as exc:  # kaleido needs a working Chromium; skip, don't fail, without one
        pytest.skip(f"kaleido unavailable: {exc}")
    assert out.stat().st_size > 10_000
