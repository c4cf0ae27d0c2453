"""Chart PNGs are rendered once per figure and size (memory, then the store's cache) and kaleido's
browser starts once per process; what comes back is exactly what kaleido made."""

from __future__ import annotations

import concurrent.futures
from pathlib import Path

import plotly.graph_objects as go
import pytest

from ipdash.deck import draw, office, render


@pytest.fixture
def fake_kaleido(fresh_data, monkeypatch):
    """kaleido without a browser: a distinct fake PNG per call, and the calls counted."""
    calls: list[dict] = []
    starts: list[int] = []

    def calc(fig, opts):
        calls.append(opts)
        done: concurrent.futures.Future[bytes] = concurrent.futures.Future()
        done.set_result(b"\x89PNG\r\n\x1a\n" + f"{len(calls)}:{opts['width']}x{opts['height']}".encode())
        return done

    monkeypatch.setattr(draw, "submit", calc)
    monkeypatch.setattr(render, "start_kaleido", lambda: starts.append(1))
    monkeypatch.setattr(render, "_pngs", {})
    monkeypatch.setattr(render, "_warming", None)
    return calls, starts


def fig(y=(1, 2, 3), title="t"):
    return go.Figure(go.Scatter(x=[2021, 2022, 2023], y=list(y)), layout={"title": {"text": title}})


def test_same_figure_and_size_is_rendered_once(fake_kaleido):
    calls, _ = fake_kaleido
    first = render.figure_png(fig(), 500, 300)
    assert render.figure_png(fig(), 500, 300) == first
    assert len(calls) == 1
    render._pngs.clear()  # a new process: from the store's cache
    assert render.figure_png(fig(), 500, 300) == first
    assert len(calls) == 1
    assert len(list(render.png_dir().glob("*.png"))) == 1


@pytest.mark.parametrize(
    "other",
    [
        lambda: render.figure_png(fig(), 501, 300),
        lambda: render.figure_png(fig(), 500, 301),
        lambda: render.figure_png(fig(), 500, 300, scale=1.0),
        lambda: render.figure_png(fig(y=(1, 2, 4)), 500, 300),  # new data
        lambda: render.figure_png(fig(title="T"), 500, 300),  # another language's text
    ],
)
def test_anything_else_is_rendered_anew(fake_kaleido, other):
    calls, _ = fake_kaleido
    first = render.figure_png(fig(), 500, 300)
    again = other()
    assert len(calls) == 2 and again != first


def test_a_damaged_kept_file_is_rendered_again(fake_kaleido):
    calls, _ = fake_kaleido
    render.figure_png(fig(), 500, 300)
    (kept,) = render.png_dir().glob("*.png")
    kept.write_bytes(b"not a png")
    render._pngs.clear()
    png = render.figure_png(fig(), 500, 300)
    assert len(calls) == 2 and png.startswith(b"\x89PNG")
    assert kept.read_bytes() == png


def test_the_kept_charts_are_bounded(fake_kaleido, monkeypatch):
    monkeypatch.setattr(render, "PNG_KEEP", 3)
    for i in range(6):
        render.figure_png(fig(y=(1, 2, i)), 500, 300)
    assert len(render._pngs) == 3
    assert len(list(render.png_dir().glob("*.png"))) == 3


def test_kaleido_is_warmed_once_per_process(fake_kaleido):
    _, starts = fake_kaleido
    render.warm_kaleido()
    render.warm_kaleido()
    assert render._warming is not None
    render._warming.join(timeout=30)
    assert starts == [1]


def _pptx(path, text: str, when: str):
    import datetime as dt

    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = text
    prs.core_properties.modified = dt.datetime.fromisoformat(when)
    prs.save(str(path))
    return path


def test_a_deck_is_converted_to_pdf_once(fresh_data, tmp_path, monkeypatch):
    made: list[str] = []

    def convert(pptx, pdf):
        made.append(str(pptx))
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(b"%PDF-1.7 fake " + str(len(made)).encode())
        return pdf

    monkeypatch.setattr(office, "pptx_to_pdf", lambda pptx, pdf: convert(pptx, Path(pdf)))
    first = render.deck_pdf(_pptx(tmp_path / "a.pptx", "slide", "2026-12-01T10:00:00"), tmp_path / "a.pdf")
    # the same slides made a minute later: the kept PDF
    again = render.deck_pdf(_pptx(tmp_path / "b.pptx", "slide", "2026-12-01T10:01:00"), tmp_path / "b.pdf")
    assert len(made) == 1 and again.read_bytes() == first.read_bytes()
    other = render.deck_pdf(_pptx(tmp_path / "c.pptx", "other slide", "2026-12-01T10:01:00"), tmp_path / "c.pdf")
    assert len(made) == 2 and other.read_bytes() != first.read_bytes()


def test_a_slide_chart_is_built_once_per_meeting_data(fake_kaleido, monkeypatch):
    from ipdash.charts import meeting_figures
    from ipdash.frames import deck_plan, meeting
    from ipdash.settings import ViewSettings

    calls, _ = fake_kaleido
    monkeypatch.setattr(render, "_charts", {})
    built: list[str] = []
    real = meeting_figures.slide_figure

    def counting(spec, data, lang=None):
        built.append(spec.key)
        return real(spec, data, lang)

    monkeypatch.setattr(meeting_figures, "slide_figure", counting)
    view = ViewSettings(lang="en")
    data = meeting.load(view=view)
    spec = next(s for s in deck_plan.slide_plan(None, "area", view=view, data=data) if s.kind == "target")
    first = render.chart_png(spec, data, "en")
    assert render.chart_png(spec, data, "en") == first and built == [spec.key]
    titled = render.chart_png(spec, data, "en", titled=True)
    assert titled != first and len(built) == 2
    again = meeting.load(view=view)  # another meeting data (e.g. after a data change): built anew
    assert render.chart_png(spec, again, "en") == first  # same figure, so the same kept PNG
    assert len(built) == 3 and len(calls) == 2
