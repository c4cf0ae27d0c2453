"""The meeting deck: PPTX opened with python-pptx, chart PNGs, PDF via LibreOffice, the CLI."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from ipdash.cli import main
from ipdash.deck import pptx_deck, render
from ipdash.frames import meeting
from ipdash.settings import ViewSettings

AREAS = ["yangpu", "pudong", "jingan"]


@pytest.fixture(scope="module")
def built(built_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("deck")
    steps = []
    res = render.export_meeting(
        pptx=out / "deck.pptx",
        png_dir=out / "png",
        areas=AREAS,
        view=ViewSettings(lang="zh"),
        progress=lambda f, m: steps.append((f, m)),
    )
    plan = meeting.slide_plan(AREAS, "area", view=ViewSettings(lang="zh"))
    return res, plan, Presentation(str(res.pptx)), steps


def _texts(slide) -> list[str]:
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            out.append(sh.text_frame.text)
        if sh.has_table:
            out += [c.text_frame.text for row in sh.table.rows for c in row.cells]
    return out


def test_slide_count_equals_the_plan(built):
    res, plan, prs, _ = built
    assert res.n_slides == len(plan) == len(prs.slides)
    for spec, slide in zip(plan, prs.slides):
        assert spec.title in " ".join(_texts(slide))


def test_every_chart_slide_has_its_picture(built):
    _, plan, prs, _ = built
    for spec, slide in zip(plan, prs.slides):
        pics = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if spec.kind in ("target", "compare", "summary"):
            assert len(pics) == 1, spec.key
            assert pics[0]._element.nvPicPr.cNvPr.get("descr")  # alt text
        if spec.kind == "target":
            assert any(len(t) > 40 for t in _texts(slide))  # the explanation sentence
    assert sum(s.kind == "target" for s in plan) >= 1


def test_chinese_text_is_set_in_an_east_asian_font(built):
    _, _, prs, _ = built
    runs = [
        r
        for slide in prs.slides
        for sh in slide.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
        if r.text.strip()
    ]
    runs += [
        r
        for slide in prs.slides
        for sh in slide.shapes
        if sh.has_table
        for row in sh.table.rows
        for c in row.cells
        for p in c.text_frame.paragraphs
        for r in p.runs
    ]
    chinese = [r for r in runs if any("\u4e00" <= ch <= "\u9fff" for ch in r.text)]
    assert len(chinese) > 50
    for r in runs:
        rpr = r._r.find(qn("a:rPr"))
        ea = rpr.find(qn("a:ea")) if rpr is not None else None
        assert ea is not None and ea.get("typeface") == pptx_deck.FONT_EA, r.text
        assert rpr.find(qn("a:latin")).get("typeface")
    assert "知识产权联席会议" in _texts(prs.slides[0])


def test_no_empty_placeholders(built):
    _, _, prs, _ = built
    for i, slide in enumerate(prs.slides, 1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), f"empty placeholder on slide {i}"


def test_every_slide_footnotes_as_of_sources_and_marks(built):
    _, plan, prs, _ = built
    for spec, slide in zip(plan, prs.slides):
        text = " ".join(_texts(slide))
        assert spec.footnote in text
        assert "数据截至" in text and "来源" in text
        if spec.uses_illustrative:
            assert "※示意" in text
    yangpu = [s for s in plan if s.kind == "scorecard" and s.area == "yangpu"]
    first = prs.slides[yangpu[0].index - 1]
    assert any(t.startswith("预测") for t in _texts(first))  # projected values marked as on screen


def test_progress_is_reported_and_time_measured(built):
    res, _, _, steps = built
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert {"data", "charts", "pptx", "total"} <= set(res.seconds)


def test_chart_pngs_are_real_images(built):
    res, plan, _, _ = built
    assert len(res.pngs) == sum(s.kind in ("target", "compare", "summary") for s in plan)
    for p in res.pngs:
        img = Image.open(p).convert("L")
        assert img.width >= 800 and img.height >= 300
        lo, hi = img.getextrema()
        assert hi - lo > 100  # not a blank image
        assert len(img.resize((200, 100)).getcolors(maxcolors=65536) or []) > 20


def test_single_chart_png(built_data):
    data = meeting.load(view=ViewSettings(lang="en"))
    spec = next(
        s for s in meeting.slide_plan(["yangpu"], "area", data=data, view=ViewSettings(lang="en")) if s.kind == "target"
    )
    png = render.chart_png(spec, data, "en")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).width >= 800


def test_cli_export_and_bad_input(built_data, tmp_path, capsys):
    assert main.main(["export", "--pptx", str(tmp_path / "x.pptx"), "--areas", "pudong,atlantis"]) == 2
    assert "unknown area 'atlantis'" in capsys.readouterr().err
    assert main.main(["export"]) == 2
    assert (
        main.main(
            [
                "export",
                "--pptx",
                str(tmp_path / "en.pptx"),
                "--areas",
                "yangpu",
                "--lang",
                "en",
                "--as-of",
                "2024",
                "--order",
                "risk",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "slides;" in err and "total" in err
    prs = Presentation(str(tmp_path / "en.pptx"))
    assert prs.slides[0].shapes.title.text_frame.text == "District IP joint meeting"


def test_missing_libreoffice_is_a_clear_error(built_data, tmp_path, monkeypatch):
    monkeypatch.setattr(render, "soffice", lambda: None)
    with pytest.raises(render.ExportError, match="LibreOffice is not installed"):
        render.pptx_to_pdf(tmp_path / "x.pptx", tmp_path / "x.pdf")


@pytest.mark.slow
def test_pdf_renders_every_slide(built, tmp_path):
    if render.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh dev installs libreoffice-impress)")
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    res, plan, _, _ = built
    pdf = render.pptx_to_pdf(res.pptx, tmp_path / "deck.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages_line = next(line for line in info.splitlines() if line.startswith("Pages:"))
    assert int(pages_line.split()[1]) == len(plan)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts  # Chinese set in the CJK font and embedded, not substituted
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(plan)
    for p in pages:
        lo, hi = Image.open(p).convert("L").getextrema()
        assert hi - lo > 100
