"""Exports of the meeting: chart PNGs (kaleido, offline), the PPTX deck, its PDF (no streamlit).

Charts are rendered by kaleido 1.x driving Debian's Chromium — never a downloaded browser —
with MathJax switched off and plotly.js loaded from the plotly package, so nothing is fetched
from the network (``ipdash.deck.draw``: one browser per process, several tabs, so the charts of a
deck are drawn at once while the next figures are being built):

    kaleido.Kaleido(n=draw.TABS, path="/usr/bin/chromium", mathjax=False,
                    plotlyjs=<plotly>/package_data/plotly.min.js, timeout=90)

(``plotly.io.defaults.mathjax = False`` is not enough: plotly only forwards a truthy value.)
The PDF is the PPTX converted by LibreOffice (``soffice --headless --convert-to pdf``) with a
private profile directory, so concurrent exports do not collide.

    result = export_meeting(pptx="deck.pptx", pdf="deck.pdf", areas=["pudong"], view=ViewSettings(lang="zh"))

``export_meeting`` is the single code path of the page's export button and of
``python -m ipdash export``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ipdash import i18n, paths
from ipdash.charts import figures, meeting_figures
from ipdash.deck import draw, pptx_deck
from ipdash.deck.office import deck_pdf
from ipdash.deck.office import pptx_to_pdf as pptx_to_pdf  # the deck's PDF: ``deck.office``
from ipdash.deck.office import soffice as soffice
from ipdash.deck.office import start_pdf as start_pdf
from ipdash.frames import deck_plan, detail, meeting
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import DEFAULT_VIEW, ViewSettings

CHROMIUM, PLOTLY_JS = draw.CHROMIUM, draw.PLOTLY_JS
CHART_W, CHART_H = 1600, 800
CHART_SCALE = 2.5  # a chart is rendered at its slot's size in pt (1 px = 1 pt), 2.5× for a sharp print

Progress = Callable[[float, str], None]


ExportError = draw.ExportError  # an export could not be made (no Chromium, no LibreOffice, conversion failed…)


# ------------------------------------------------------------------ PNG via kaleido
def start_kaleido() -> None:
    """Start kaleido's browser on Debian's Chromium, offline (idempotent; ``deck.draw``)."""
    draw.start()


def warm_kaleido() -> None:
    """Start kaleido's browser in the background (once per process), so that the first chart of an
    export does not wait for Chromium and plotly.js to load; errors surface on the real export."""
    global _warming
    if _warming is not None:
        return

    def run() -> None:
        with contextlib.suppress(Exception):
            start_kaleido()

    _warming = threading.Thread(target=run, name="ipdash-kaleido-warm", daemon=True)
    _warming.start()


_warming: threading.Thread | None = None
_pngs: dict[str, bytes] = {}  # this process's rendered charts, by ``_png_key``
PNG_KEEP = 400  # charts kept in memory and on disk (a 20-slide deck has ≤ 20)


def _png_key(fig, opts: dict) -> str:
    """What the PNG is made of: the figure itself (its data, texts, language, style), its size and
    scale, and the plotly.js that draws it — a new data version draws a new figure, so a new key."""
    js = PLOTLY_JS.stat() if PLOTLY_JS.exists() else None
    head = f"{sorted(opts.items())}|{js and (js.st_size, js.st_mtime_ns)}|".encode()
    return hashlib.sha256(head + fig.to_json().encode()).hexdigest()


def png_dir() -> Path:
    """Chart PNGs kept across processes (next to the store's other kept results)."""
    return paths.store_dir() / "cache" / "png"


def _kept_png(key: str) -> bytes | None:
    png = _pngs.get(key)
    if png is None:
        with contextlib.suppress(OSError):
            png = (png_dir() / f"{key}.png").read_bytes()
    return png if png and png.startswith(b"\x89PNG") else None


def _keep_png(key: str, png: bytes) -> None:
    if len(_pngs) >= PNG_KEEP:
        _pngs.pop(next(iter(_pngs)))
    _pngs[key] = png
    with contextlib.suppress(OSError):
        d = png_dir()
        d.mkdir(parents=True, exist_ok=True)
        tmp = d / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        tmp.write_bytes(png)
        os.replace(tmp, d / f"{key}.png")
        files = sorted(d.glob("*.png"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[: max(len(files) - PNG_KEEP, 0)]:
            old.unlink(missing_ok=True)


class Drawing:
    """A chart's PNG, kept or being drawn by kaleido (``deck.draw``): ``result()`` waits for it — drawn
    again once on a restarted browser when the browser failed — keeps it, and gives its bytes."""

    def __init__(self, key: str, fig=None, opts: dict | None = None, png: bytes | None = None) -> None:
        self.key, self.fig, self.opts, self.png = key, fig, opts, png
        self.then: list[Callable[[bytes], None]] = []  # called once with the PNG when it is there
        self.future = None if png is not None else draw.submit(fig, opts or {})

    def result(self) -> bytes:
        if self.png is None:
            assert self.future is not None
            try:
                png = self.future.result()
            except Exception:  # a crashed browser: restart once
                draw.restart()
                png = draw.submit(self.fig, self.opts or {}).result()
            _keep_png(self.key, png)
            self.png, self.fig = png, None
            for then in self.then:
                then(png)
        return self.png


def figure_drawing(fig, width: int = CHART_W, height: int | None = None, scale: float = CHART_SCALE) -> Drawing:
    """``figure_png`` without waiting: the figure is handed to kaleido's next free tab (figures handed
    over together are drawn at once), or comes back kept — from this process's memory or ``png_dir()``."""
    height = height or int(fig.layout.height or CHART_H)
    opts = dict(format="png", width=int(width), height=int(height), scale=scale)
    key = _png_key(fig, opts)
    png = _kept_png(key)
    return Drawing(key, png=png) if png is not None else Drawing(key, fig, opts)


def figure_png(fig, width: int = CHART_W, height: int | None = None, scale: float = CHART_SCALE) -> bytes:
    """PNG bytes of a Plotly figure, rendered offline by kaleido + Debian's Chromium — once: the
    same figure at the same size comes back from this process's memory or ``png_dir()``."""
    return figure_drawing(fig, width, height, scale).result()


def chart_drawing(
    spec: SlideSpec, data: meeting.MeetingData, lang: str | None = None, *, titled: bool = False
) -> Drawing | None:
    """``chart_png`` without waiting for kaleido (None when the slide has no chart)."""
    slot = pptx_deck.chart_slot(spec, data)
    key: tuple | None = (id(data), spec, lang, titled, slot)
    try:
        hash(key)
    except TypeError:  # a slide whose spec holds something unhashable: not kept
        key = None
    hit = _charts.get(key) if key is not None else None
    if hit is not None and hit[0]() is data:  # this very meeting data (one per data version and view)
        return Drawing("", png=hit[1])
    fig = meeting_figures.slide_figure(spec, data, lang)
    if fig is None:
        return None
    w, h = slot or (CHART_W / 2, CHART_H / 2)
    if titled:
        fig = meeting_figures.titled(fig, spec.title)
        h += meeting_figures.DECK_FONT * 2
    job = figure_drawing(fig, int(w), int(h))

    if key is not None:

        def keep(png: bytes, memo: tuple = key) -> None:
            if len(_charts) >= PNG_KEEP:
                _charts.pop(next(iter(_charts)))
            _charts[memo] = (weakref.ref(data), png)

        if job.png is not None:
            keep(job.png)
        else:
            job.then.append(keep)
    return job


def chart_png(
    spec: SlideSpec, data: meeting.MeetingData, lang: str | None = None, *, titled: bool = False
) -> bytes | None:
    """PNG of one slide's chart at the size of its place on the slide (None when the slide has no
    chart). ``titled``: with the slide's title on top — a PNG on its own says what it shows."""
    job = chart_drawing(spec, data, lang, titled=titled)
    return None if job is None else job.result()


# a slide's PNG by (meeting data, slide, language, titled, size): a repeated export builds no figure again
_charts: dict[tuple, tuple[weakref.ref, bytes]] = {}


EMAIL_W, EMAIL_H, EMAIL_SCALE = 640, 360, 1.5  # a chart inside an email: fits a phone, sharp enough


def target_png(target_id: str, lang: str = "zh", *, view: ViewSettings = DEFAULT_VIEW) -> bytes:
    """PNG of a target's detail chart (the detail page's figure) at an email's size — what a
    notification email shows inline (``ipdash.notify.channels.Channels(chart=...)``)."""
    v = dataclasses.replace(view, lang="en" if lang == "en" else "zh")
    fig = figures.detail_figure(detail.detail_frame(target_id, view=v), detail.target_row(target_id, view=v), lang)
    return figure_png(fig, EMAIL_W, EMAIL_H, EMAIL_SCALE)


# ------------------------------------------------------------------ the whole export
class _Drawn(Mapping[str, bytes]):
    """The charts' PNGs by slide key while the slides are laid out: a chart still being drawn is
    waited for when its slide needs it (a chart that came out empty is not there)."""

    def __init__(self, jobs: dict[str, Drawing]) -> None:
        self.jobs = jobs

    def __getitem__(self, key: str) -> bytes:
        png = self.jobs[key].result()
        if not png:
            raise KeyError(key)
        return png

    def __iter__(self) -> Iterator[str]:
        return iter(self.jobs)

    def __len__(self) -> int:
        return len(self.jobs)


@dataclass
class ExportResult:
    n_slides: int
    pptx: Path | None = None
    pdf: Path | None = None
    pngs: list[Path] = field(default_factory=list)
    # data, charts (figures built and handed to kaleido), pptx (laid out, waiting for charts still drawn), pdf, total
    seconds: dict[str, float] = field(default_factory=dict)


def _slug(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


def export_meeting(
    *,
    pptx=None,
    pdf=None,
    png_dir=None,
    areas=None,
    order: str = "area",
    view: ViewSettings = DEFAULT_VIEW,
    progress: Progress | None = None,
    data: meeting.MeetingData | None = None,
    date: str | None = None,
    since: str | None = None,
    appendix: bool = False,
    plan: list[SlideSpec] | None = None,
) -> ExportResult:
    """Build the meeting deck (PPTX), optionally its PDF and each chart as PNG; time each step.

    ``progress(fraction, message)`` is called as the work advances (the page shows it); ``appendix``:
    with the appendix (``deck_plan.slide_plan``); ``plan``: that plan when the caller has it already
    (the page shows it), made from ``data`` with these areas, order, view, since and appendix."""
    if not (pptx or pdf or png_dir):
        raise meeting.MeetingError("nothing to export: give a PPTX, PDF or PNG destination")
    say = progress or (lambda f, m: None)
    lang = view.lang
    t0 = time.perf_counter()
    secs: dict[str, float] = {}
    say(0.0, i18n.t("meet.step.data", lang))
    if data is None or data.view != ViewSettings(
        lang=lang,
        as_of=view.as_of,
        include_illustrative=view.include_illustrative,
        include_superseded=view.include_superseded,
    ):
        data = meeting.load(view=view)
    if plan is None:
        plan = deck_plan.slide_plan(areas, order, view=data.view, data=data, since=since, appendix=appendix)
    secs["data"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    charted = [s for s in plan if pptx_deck.chart_slot(s, data) is not None]
    jobs: dict[str, Drawing] = {}  # each figure is handed to kaleido as soon as it is built
    for i, spec in enumerate(charted, 1):
        say(0.05 + 0.65 * (i - 1) / max(len(charted), 1), i18n.t("meet.step.chart", lang, i=i, n=len(charted)))
        job = chart_drawing(spec, data, lang)
        if job is not None:
            jobs[spec.key] = job
    titled = {s.key: chart_drawing(s, data, lang, titled=True) for s in charted} if png_dir else {}
    secs["charts"] = time.perf_counter() - t1  # the figures built and handed to kaleido, which draws on

    t2 = time.perf_counter()
    say(0.72, i18n.t("meet.step.slides", lang))
    blob = pptx_deck.build_pptx(plan, data, lang, _Drawn(jobs), date=date)  # a slide waits for its chart
    for job in jobs.values():  # every chart kept, even one no slide placed
        job.result()
    result = ExportResult(n_slides=len(plan))
    if png_dir:
        d = Path(png_dir)
        d.mkdir(parents=True, exist_ok=True)
        for spec in charted:
            tjob = titled.get(spec.key)  # on its own a chart carries its title
            if tjob is not None and (png := tjob.result()):
                p = d / f"{spec.index:02d}-{_slug(spec.key)}.png"
                p.write_bytes(png)
                result.pngs.append(p)
    tmpdir = None
    if pdf and not pptx:
        tmpdir = tempfile.TemporaryDirectory(prefix="ipdash-deck-")
        pptx = Path(tmpdir.name, "deck.pptx")
    if pptx:
        Path(pptx).parent.mkdir(parents=True, exist_ok=True)
        Path(pptx).write_bytes(blob)
        result.pptx = Path(pptx)
    secs["pptx"] = time.perf_counter() - t2
    try:
        if pdf:
            t3 = time.perf_counter()
            say(0.8, i18n.t("meet.step.pdf", lang))
            result.pdf = deck_pdf(pptx, pdf)
            secs["pdf"] = time.perf_counter() - t3
    finally:
        if tmpdir is not None:
            tmpdir.cleanup()
            result.pptx = None
    secs["total"] = time.perf_counter() - t0
    result.seconds = {k: round(v, 2) for k, v in secs.items()}
    say(1.0, i18n.t("meet.step.done", lang))
    return result
