"""Charts drawn at once (``deck.draw``: one browser, several tabs) are the very PNGs drawn one at a time;
an export hands every chart to kaleido before it waits for one; a failed draw is drawn again once on a
restarted browser; the PDF made in the background is ``deck_pdf``'s, its failure kept for the page."""

from __future__ import annotations

import concurrent.futures
import io
import zipfile
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image

from ipdash.deck import draw, layout, office, render
from ipdash.frames import deck_plan, meeting
from ipdash.settings import ViewSettings


def fig(i: int) -> go.Figure:
    return go.Figure(
        go.Bar(x=["a", "b", "c"], y=[i, 2 * i + 1, 3]), layout={"title": {"text": f"图 {i}"}, "font": {"size": 16}}
    )


@pytest.mark.skipif(not Path(draw.CHROMIUM).exists(), reason="Debian's Chromium")
def test_figures_drawn_together_are_those_drawn_one_by_one():
    opts = {"format": "png", "width": 540, "height": 380, "scale": 2.5}
    together = [draw.submit(fig(i), opts) for i in range(4)]  # more figures than tabs
    at_once = [f.result(timeout=180) for f in together]
    one_by_one = [draw.submit(fig(i), opts).result(timeout=180) for i in range(4)]
    assert at_once == one_by_one
    assert len(set(at_once)) == 4 and all(p.startswith(b"\x89PNG") for p in at_once)
    assert layout.png_size(at_once[0]) == (1350, 950)  # 540 × 380 at 2.5×


def png(n: int) -> bytes:
    """A real 40 × 30 PNG, one shade per ``n``."""
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (n % 256, 90, 160)).save(out, format="PNG")
    return out.getvalue()


class Recorder:
    """A fake kaleido: futures completed only when the export asks for a result, the order of events kept."""

    def __init__(self, fail_first: int = 0) -> None:
        self.events: list[str] = []
        self.fail_first = fail_first
        self.restarts = 0

    def submit(self, fig, opts):
        n = sum(e.startswith("submit") for e in self.events)
        self.events.append(f"submit {n}")
        recorder = self

        class Pending(concurrent.futures.Future):
            def result(self, timeout=None):
                recorder.events.append(f"wait {n}")
                if n < recorder.fail_first:
                    raise RuntimeError("browser crashed")
                return png(n)

        return Pending()

    def restart(self):
        self.restarts += 1


@pytest.fixture
def recorder(fresh_data, monkeypatch):
    rec = Recorder()
    monkeypatch.setattr(draw, "submit", rec.submit)
    monkeypatch.setattr(draw, "restart", rec.restart)
    monkeypatch.setattr(render, "_pngs", {})
    monkeypatch.setattr(render, "_charts", {})
    return rec


def test_an_export_hands_every_chart_over_before_waiting(recorder, tmp_path):
    res = render.export_meeting(pptx=tmp_path / "d.pptx", view=ViewSettings(lang="en"))
    submits = [e for e in recorder.events if e.startswith("submit")]
    assert len(submits) >= 2
    first_wait = recorder.events.index(next(e for e in recorder.events if e.startswith("wait")))
    assert first_wait == len(submits)  # all drawn at once, then collected
    with zipfile.ZipFile(res.pptx) as z:
        assert len([n for n in z.namelist() if n.startswith("ppt/media/")]) == len(submits)


def test_the_page_plan_is_laid_out_as_given(recorder, tmp_path):
    view = ViewSettings(lang="en")
    data = meeting.load(view=view)
    plan = deck_plan.slide_plan(["yangpu"], "area", view=view, data=data)
    res = render.export_meeting(pptx=tmp_path / "d.pptx", view=view, data=data, plan=plan[:3])
    assert res.n_slides == 3


def test_a_failed_draw_is_drawn_again_once_on_a_restarted_browser(recorder):
    recorder.fail_first = 1
    png = render.figure_png(fig(1), 500, 300)
    assert png.startswith(b"\x89PNG") and recorder.restarts == 1
    assert recorder.events == ["submit 0", "wait 0", "submit 1", "wait 1"]


def test_the_background_pdf_is_the_kept_deck_pdf(fresh_data, monkeypatch):
    made: list[str] = []

    def convert(pptx, pdf):
        made.append(Path(pptx).read_bytes()[:2].decode())
        Path(pdf).write_bytes(b"%PDF-1.7 fake")
        return Path(pdf)

    monkeypatch.setattr(office, "pptx_to_pdf", convert)
    from pptx import Presentation

    prs = Presentation()
    prs.slides.add_slide(prs.slide_layouts[5]).shapes.title.text = "slide"
    path = fresh_data / "x.pptx"
    prs.save(str(path))
    blob = path.read_bytes()
    assert render.start_pdf(blob).result(timeout=60) == b"%PDF-1.7 fake"
    assert render.start_pdf(blob).result(timeout=60) == b"%PDF-1.7 fake" and made == ["PK"]  # kept, converted once


def test_a_background_pdf_failure_is_kept_in_its_future(fresh_data, monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    job = render.start_pdf(b"not a pptx")
    with pytest.raises(render.ExportError, match="LibreOffice is not installed"):
        job.result(timeout=60)
    assert job.done() and isinstance(job.exception(), render.ExportError)
