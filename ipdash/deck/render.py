"""Exports of the meeting: chart PNGs (kaleido, offline), the PPTX deck, its PDF (no streamlit).

Charts are rendered by kaleido 1.x driving Debian's Chromium — never a downloaded browser —
with MathJax switched off and plotly.js loaded from the plotly package, so nothing is fetched
from the network:

    kaleido.start_sync_server(n=1, path="/usr/bin/chromium", mathjax=False,
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
import io
import os
import shutil
import subprocess
import tempfile
import threading
import time
import weakref
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import plotly

from ipdash import i18n, paths
from ipdash.charts import figures, meeting_figures
from ipdash.deck import pptx_deck
from ipdash.frames import deck_plan, detail, meeting
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import DEFAULT_VIEW, ViewSettings

CHROMIUM = os.environ.get("IPDASH_CHROMIUM", "/usr/bin/chromium")
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_W, CHART_H = 1600, 800
CHART_SCALE = 2.5  # a chart is rendered at its slot's size in pt (1 px = 1 pt), 2.5× for a sharp print
PDF_TIMEOUT = int(os.environ.get("IPDASH_PDF_TIMEOUT", "240"))

Progress = Callable[[float, str], None]
_lock = threading.Lock()  # kaleido's sync server is one queue per process: one caller at a time


class ExportError(RuntimeError):
    """An export could not be made (no Chromium, no LibreOffice, conversion failed…)."""


# ------------------------------------------------------------------ PNG via kaleido
def start_kaleido() -> None:
    """Start kaleido's per-process server on Debian's Chromium, offline (idempotent)."""
    import kaleido

    if not Path(CHROMIUM).exists():
        raise ExportError(f"Chromium not found at {CHROMIUM} (install Debian's chromium or set IPDASH_CHROMIUM)")
    kaleido.start_sync_server(
        n=1, path=CHROMIUM, mathjax=False, plotlyjs=str(PLOTLY_JS), timeout=90, silence_warnings=True
    )


def warm_kaleido() -> None:
    """Start kaleido's browser in the background (once per process), so that the first chart of an
    export does not wait for Chromium and plotly.js to load; errors surface on the real export."""
    global _warming
    if _warming is not None:
        return

    def run() -> None:
        with _lock, contextlib.suppress(Exception):
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


def figure_png(fig, width: int = CHART_W, height: int | None = None, scale: float = CHART_SCALE) -> bytes:
    """PNG bytes of a Plotly figure, rendered offline by kaleido + Debian's Chromium — once: the
    same figure at the same size comes back from this process's memory or ``png_dir()``."""
    import kaleido

    height = height or int(fig.layout.height or CHART_H)
    opts = dict(format="png", width=int(width), height=int(height), scale=scale)
    key = _png_key(fig, opts)
    png = _kept_png(key)
    if png is not None:
        return png
    with _lock:
        start_kaleido()
        try:
            png = kaleido.calc_fig_sync(fig, opts=opts)
        except Exception:  # a crashed browser: restart once
            kaleido.stop_sync_server(silence_warnings=True)
            start_kaleido()
            png = kaleido.calc_fig_sync(fig, opts=opts)
    _keep_png(key, png)
    return png


def chart_png(
    spec: SlideSpec, data: meeting.MeetingData, lang: str | None = None, *, titled: bool = False
) -> bytes | None:
    """PNG of one slide's chart at the size of its place on the slide (None when the slide has no
    chart). ``titled``: with the slide's title on top — a PNG on its own says what it shows."""
    slot = pptx_deck.chart_slot(spec, data)
    key: tuple | None = (id(data), spec, lang, titled, slot)
    try:
        hash(key)
    except TypeError:  # a slide whose spec holds something unhashable: not kept
        key = None
    hit = _charts.get(key) if key is not None else None
    if hit is not None and hit[0]() is data:  # this very meeting data (one per data version and view)
        return hit[1]
    fig = meeting_figures.slide_figure(spec, data, lang)
    if fig is None:
        return None
    w, h = slot or (CHART_W / 2, CHART_H / 2)
    if titled:
        fig = meeting_figures.titled(fig, spec.title)
        h += meeting_figures.DECK_FONT * 2
    png = figure_png(fig, int(w), int(h))
    if key is not None:
        if len(_charts) >= PNG_KEEP:
            _charts.pop(next(iter(_charts)))
        _charts[key] = (weakref.ref(data), png)
    return png


# a slide's PNG by (meeting data, slide, language, titled, size): a repeated export builds no figure again
_charts: dict[tuple, tuple[weakref.ref, bytes]] = {}


EMAIL_W, EMAIL_H, EMAIL_SCALE = 640, 360, 1.5  # a chart inside an email: fits a phone, sharp enough


def target_png(target_id: str, lang: str = "zh", *, view: ViewSettings = DEFAULT_VIEW) -> bytes:
    """PNG of a target's detail chart (the detail page's figure) at an email's size — what a
    notification email shows inline (``ipdash.notify.channels.Channels(chart=...)``)."""
    v = dataclasses.replace(view, lang="en" if lang == "en" else "zh")
    fig = figures.detail_figure(detail.detail_frame(target_id, view=v), detail.target_row(target_id, view=v), lang)
    return figure_png(fig, EMAIL_W, EMAIL_H, EMAIL_SCALE)


# ------------------------------------------------------------------ PDF via LibreOffice
def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def pptx_to_pdf(pptx: Path | str, pdf: Path | str, timeout: int = PDF_TIMEOUT) -> Path:
    """Convert a PPTX to PDF with LibreOffice headless; a clear ExportError when it cannot."""
    exe = soffice()
    if exe is None:
        raise ExportError(
            "LibreOffice is not installed, so no PDF can be made: install "
            "libreoffice-impress (scripts/setup.sh dev) or export the PPTX only"
        )
    pptx, pdf = Path(pptx).resolve(), Path(pdf).resolve()
    with tempfile.TemporaryDirectory(prefix="ipdash-lo-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        cmd = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(pptx),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=dict(os.environ, HOME=tmp))
        except subprocess.TimeoutExpired:
            raise ExportError(f"LibreOffice did not finish converting within {timeout} s") from None
        out = Path(tmp, pptx.with_suffix(".pdf").name)
        if proc.returncode != 0 or not out.exists():
            raise ExportError(
                f"LibreOffice could not convert {pptx.name}: {(proc.stderr or proc.stdout).strip()[-400:]}"
            )
        pdf.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(out), pdf)
    return pdf


PDF_KEEP = 20  # PDFs kept in the store's cache


def _pdf_key(pptx: bytes) -> str:
    """Every part of the PPTX but its creation time (``docProps/core.xml``), and the converter."""
    h = hashlib.sha256(f"pdf|{soffice()}|".encode())
    with zipfile.ZipFile(io.BytesIO(pptx)) as z:
        for name in sorted(z.namelist()):
            if name != "docProps/core.xml":
                part = z.read(name)
                h.update(f"{name}|{len(part)}|".encode() + part)
    return h.hexdigest()


def deck_pdf(pptx: Path | str, pdf: Path | str) -> Path:
    """``pptx_to_pdf``, once per deck: a deck with the same slides as one converted before (the same
    data, plan and language) gets that PDF back from the store's cache, not from LibreOffice again."""
    try:
        key = _pdf_key(Path(pptx).read_bytes())
    except (OSError, zipfile.BadZipFile):
        return pptx_to_pdf(pptx, pdf)
    kept = paths.store_dir() / "cache" / "pdf" / f"{key}.pdf"
    with contextlib.suppress(OSError):
        if kept.read_bytes()[:5] == b"%PDF-":
            Path(pdf).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, pdf)
            return Path(pdf)
    out = pptx_to_pdf(pptx, pdf)
    with contextlib.suppress(OSError):
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f".{kept.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        shutil.copyfile(out, tmp)
        os.replace(tmp, kept)
        files = sorted(kept.parent.glob("*.pdf"), key=lambda p: p.stat().st_mtime_ns)
        for old in files[: max(len(files) - PDF_KEEP, 0)]:
            old.unlink(missing_ok=True)
    return out


# ------------------------------------------------------------------ the whole export
@dataclass
class ExportResult:
    n_slides: int
    pptx: Path | None = None
    pdf: Path | None = None
    pngs: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # data, charts, pptx, pdf, total


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
) -> ExportResult:
    """Build the meeting deck (PPTX), optionally its PDF and each chart as PNG; time each step.

    ``progress(fraction, message)`` is called as the work advances (the page shows it); ``appendix``:
    with the appendix (``deck_plan.slide_plan``)."""
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
    plan = deck_plan.slide_plan(areas, order, view=data.view, data=data, since=since, appendix=appendix)
    secs["data"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    charted = [s for s in plan if pptx_deck.chart_slot(s, data) is not None]
    images: dict[str, bytes] = {}
    for i, spec in enumerate(charted, 1):
        say(0.05 + 0.65 * (i - 1) / max(len(charted), 1), i18n.t("meet.step.chart", lang, i=i, n=len(charted)))
        png = chart_png(spec, data, lang)
        if png:
            images[spec.key] = png
    secs["charts"] = time.perf_counter() - t1
    result = ExportResult(n_slides=len(plan))
    if png_dir:
        d = Path(png_dir)
        d.mkdir(parents=True, exist_ok=True)
        for spec in charted:
            png = chart_png(spec, data, lang, titled=True)  # on its own a chart carries its title
            if png:
                p = d / f"{spec.index:02d}-{_slug(spec.key)}.png"
                p.write_bytes(png)
                result.pngs.append(p)

    t2 = time.perf_counter()
    say(0.72, i18n.t("meet.step.slides", lang))
    blob = pptx_deck.build_pptx(plan, data, lang, images, date=date)
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
