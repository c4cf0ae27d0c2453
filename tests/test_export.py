"""The meeting deck: PPTX opened with python-pptx (type sizes, contrast, layout, notes), chart PNGs,
PDF via LibreOffice, the CLI."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from ipdash import textfit
from ipdash.charts import meeting_figures
from ipdash.cli import main
from ipdash.contrast import AA, contrast
from ipdash.deck import layout, office, pptx_deck, render
from ipdash.frames import deck_plan, meeting, slides
from ipdash.settings import ViewSettings

AREAS = ["yangpu", "pudong", "jingan"]
WHITE = "FFFFFF"


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
    plan = deck_plan.slide_plan(AREAS, "area", view=ViewSettings(lang="zh"))
    return res, plan, Presentation(str(res.pptx)), steps


@pytest.fixture(scope="module")
def built_en(built_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("deck_en")
    res = render.export_meeting(pptx=out / "deck.pptx", view=ViewSettings(lang="en"), since="base")
    plan = deck_plan.slide_plan(None, "area", view=ViewSettings(lang="en"), since="base")
    return res, plan, Presentation(str(res.pptx))


def _texts(slide) -> list[str]:
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            out.append(sh.text_frame.text)
        if sh.has_table:
            out += [c.text_frame.text for row in sh.table.rows for c in row.cells]
    return out


def _runs(slide):
    """(run, background hex, where) of every run of text on a slide: text boxes on the white slide,
    table cells on their own fill."""
    for sh in slide.shapes:
        if sh.has_text_frame:
            for p in sh.text_frame.paragraphs:
                for r in p.runs:
                    yield r, WHITE, "box"
        if sh.has_table:
            for row in sh.table.rows:
                for c in row.cells:
                    bg = str(c.fill.fore_color.rgb)
                    for p in c.text_frame.paragraphs:
                        for r in p.runs:
                            yield r, bg, "table"


def _decks(built, built_en):
    return [(built[1], built[2]), (built_en[1], built_en[2])]


def test_slide_count_equals_the_plan(built, built_en):
    for res, plan, prs in ((built[0], built[1], built[2]), built_en):
        assert res.n_slides == len(plan) == len(prs.slides)
        for spec, slide in zip(plan, prs.slides):
            assert spec.title in " ".join(_texts(slide))


def test_every_chart_slide_has_its_picture(built):
    _, plan, prs, _ = built
    data = meeting.load(view=ViewSettings(lang="zh"))
    for spec, slide in zip(plan, prs.slides):
        pics = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if spec.kind in ("target", "compare"):
            assert len(pics) == 1, spec.key
        assert len(pics) == (pptx_deck.chart_slot(spec, data) is not None), spec.key
        for pic in pics:
            assert pic._element.nvPicPr.cNvPr.get("descr")  # alt text
        if spec.kind == "target":
            assert any(len(t) > 40 for t in _texts(slide))  # the explanation sentence
    assert sum(s.kind == "target" for s in plan) >= 1
    assert any(s.kind == "summary" for s in plan if pptx_deck.chart_slot(s, data))


def test_chinese_text_is_set_in_an_east_asian_font(built):
    _, _, prs, _ = built
    runs = [r for slide in prs.slides for r, _, _ in _runs(slide) if r.text.strip()]
    chinese = [r for r in runs if any("\u4e00" <= ch <= "\u9fff" for ch in r.text)]
    assert len(chinese) > 50
    for r in runs:
        rpr = r._r.find(qn("a:rPr"))
        ea = rpr.find(qn("a:ea")) if rpr is not None else None
        assert ea is not None and ea.get("typeface") == layout.FONT_EA, r.text
        assert rpr.find(qn("a:latin")).get("typeface")
    assert "知识产权联席会议" in _texts(prs.slides[0])


def test_no_run_under_12_pt_and_body_text_at_18(built, built_en):
    for plan, prs in _decks(built, built_en):
        for spec, slide in zip(plan, prs.slides):
            for r, _, where in _runs(slide):
                size = r.font.size.pt
                assert size >= 12, (spec.key, r.text, size)
                if where == "table" or (r.text and r.text not in spec.footnote):
                    assert size >= 18, (spec.key, r.text, size)  # only the footnote is smaller
            notes = slide.notes_slide.notes_text_frame
            assert all(r.font.size.pt >= 12 for p in notes.paragraphs for r in p.runs)


def test_every_text_colour_reads_on_its_background(built, built_en):
    """WCAG 2.x: every run ≥ 4.5:1 against the fill it sits on (status words in a darker shade)."""
    seen_status = set()
    for plan, prs in _decks(built, built_en):
        for spec, slide in zip(plan, prs.slides):
            assert str(slide.background.fill.fore_color.rgb) == WHITE
            for r, bg, _ in _runs(slide):
                if not r.text.strip():
                    continue
                fg = str(r.font.color.rgb)
                assert contrast(f"#{fg}", f"#{bg}") >= AA, (spec.key, r.text, fg, bg)
                if r.font.bold and fg not in ("222222", WHITE):
                    seen_status.add(fg)
    assert len(seen_status) >= 3  # coloured status words were checked, not only black text


def test_status_shades_keep_their_hue_and_pass():
    from ipdash.contrast import text_colour
    from ipdash.status_meta import STATUS_META

    assert contrast("#E69F00", "#FFFFFF") < 2.3  # 存在风险 as a fill fails as text…
    for meta in STATUS_META.values():
        shade = text_colour(meta["colour"])
        assert contrast(shade, "#FFFFFF") >= AA
        assert contrast(text_colour(meta["colour"], layout.BAND_FILL), layout.BAND_FILL) >= AA  # banded rows
        if contrast(meta["colour"], "#FFFFFF") >= AA:
            assert shade.upper() == meta["colour"].upper()  # …a colour that passes is kept as it is


def test_tables_end_above_the_footnote(built, built_en):
    """The English slide 3 table once ran into its footnote: every table, text and picture now ends
    above the footnote, with the row heights measured from the text."""
    for plan, prs in _decks(built, built_en):
        for spec, slide in zip(plan, prs.slides):
            foot = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == spec.footnote)
            for sh in slide.shapes:
                if sh.shape_id == foot.shape_id or sh.is_placeholder:
                    continue
                bottom = sh.top + (sum(r.height for r in sh.table.rows) if sh.has_table else sh.height)
                assert bottom <= foot.top + Emu(12700), (spec.key, sh.name)
            assert foot.top + foot.height <= prs.slide_height


def test_no_header_is_narrower_than_its_words(built, built_en):
    """A column is never narrower than its header's longest unbreakable part (a whole Chinese header
    line): "达成概/率" cannot happen. The PDF test checks the same on the rendered page."""
    for plan, prs in _decks(built, built_en):
        for spec, slide in zip(plan, prs.slides):
            for sh in slide.shapes:
                if not sh.has_table:
                    continue
                size = sh.table.cell(0, 0).text_frame.paragraphs[0].runs[0].font.size.pt
                for j, col in enumerate(sh.table.columns):
                    header = sh.table.cell(0, j).text_frame.text
                    need = textfit.widest_word(header, size, True) + 2 * layout.CELL_MARGIN.pt
                    assert Emu(col.width).pt >= need, (spec.key, header)


def test_notes_on_every_target_slide_carry_its_explanation(built, built_en):
    for plan, prs in _decks(built, built_en):
        data = meeting.load(view=ViewSettings(lang="en" if plan[0].title.startswith("District") else "zh"))
        for spec, slide in zip(plan, prs.slides):
            notes = slide.notes_slide.notes_text_frame.text
            assert notes.strip(), spec.key
            if spec.kind == "target":
                row = slides.target_row(data, spec.target_id)
                assert row["explanation"] in notes and row["clause"] in notes


def test_chart_text_is_at_least_14_pt_on_the_slide(built_data):
    data = meeting.load(view=ViewSettings(lang="en"))
    plan = deck_plan.slide_plan(None, "area", view=data.view, data=data)
    for spec in plan:
        slot = pptx_deck.chart_slot(spec, data)
        fig = meeting_figures.slide_figure(spec, data)
        if slot is None or fig is None:
            continue
        # rendered at the slot's size in pt (1 px = 1 pt) and placed at that size
        assert meeting_figures.min_font_size(fig) >= 14, spec.key


def test_what_changed_slide_is_in_the_deck(built_en):
    _, plan, prs = built_en
    i = next(i for i, s in enumerate(plan) if s.kind == "changes")
    assert i == 2
    assert "What changed since the last meeting" in " ".join(_texts(prs.slides[i]))


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


def test_no_empty_placeholders(built):
    _, _, prs, _ = built
    for i, slide in enumerate(prs.slides, 1):
        for ph in slide.placeholders:
            assert ph.has_text_frame and ph.text_frame.text.strip(), f"empty placeholder on slide {i}"


def test_progress_is_reported_and_time_measured(built):
    res, _, _, steps = built
    assert steps[0][0] == 0.0 and steps[-1][0] == 1.0
    assert [f for f, _ in steps] == sorted(f for f, _ in steps)
    assert {"data", "charts", "pptx", "total"} <= set(res.seconds)


def test_chart_pngs_are_real_images_with_their_title(built):
    res, plan, _, _ = built
    data = meeting.load(view=ViewSettings(lang="zh"))
    assert len(res.pngs) == sum(pptx_deck.chart_slot(s, data) is not None for s in plan)
    for p in res.pngs:
        img = Image.open(p).convert("L")
        assert img.width >= 800 and img.height >= 300
        lo, hi = img.getextrema()
        assert hi - lo > 100  # not a blank image
        assert len(img.resize((200, 100)).getcolors(maxcolors=65536) or []) > 20
    spec = next(s for s in plan if s.kind == "target")
    fig = meeting_figures.titled(meeting_figures.slide_figure(spec, data), spec.title)
    assert fig.layout.title.text == spec.title  # an exported PNG says what it shows


def test_single_chart_png(built_data):
    data = meeting.load(view=ViewSettings(lang="en"))
    spec = next(
        s
        for s in deck_plan.slide_plan(["yangpu"], "area", data=data, view=ViewSettings(lang="en"))
        if s.kind == "target"
    )
    png = render.chart_png(spec, data, "en")
    titled = render.chart_png(spec, data, "en", titled=True)
    assert png[:8] == titled[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).width >= 800
    assert Image.open(io.BytesIO(titled)).height > Image.open(io.BytesIO(png)).height  # room for the title


def test_cli_export_and_bad_input(built_data, tmp_path, capsys):
    assert main.main(["export", "--pptx", str(tmp_path / "x.pptx"), "--areas", "pudong,atlantis"]) == 2
    assert "unknown area 'atlantis'" in capsys.readouterr().err
    assert main.main(["export"]) == 2
    assert main.main(["export", "--pptx", str(tmp_path / "x.pptx"), "--since", "no-such-batch"]) == 2
    assert "no data version" in capsys.readouterr().err
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
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(render.ExportError, match="LibreOffice is not installed"):
        render.pptx_to_pdf(tmp_path / "x.pptx", tmp_path / "x.pdf")


@pytest.mark.slow
def test_pdf_renders_every_slide_and_no_header_breaks(built, tmp_path):
    if render.soffice() is None:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh dev installs libreoffice-impress)")
    if shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    res, plan, prs, _ = built
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
    # as LibreOffice lays it out: every Chinese header line stands whole on one line of the page
    for i, slide in enumerate(prs.slides, 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True, text=True
        ).stdout
        lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
        for sh in slide.shapes:
            if sh.has_table:
                for c in sh.table.rows[0].cells:
                    for part in c.text_frame.text.split("\n"):
                        word = re.sub(r"\s+", "", part)
                        if any("\u4e00" <= ch <= "\u9fff" for ch in word):
                            assert any(word in line for line in lines), (i, word)
