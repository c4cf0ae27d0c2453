"""The deck's PDF: its PPTX converted by LibreOffice headless (no streamlit).

``soffice --headless --convert-to pdf`` with a private profile directory, so concurrent exports do not
collide; ``deck_pdf`` converts a deck once (the PDF is kept by the PPTX's parts); ``start_pdf`` converts
in a background thread, so that a page can offer the PPTX while LibreOffice works.

    pdf = deck_pdf("deck.pptx", "deck.pdf")
    job = start_pdf(pptx_bytes); ...; pdf_bytes = job.result()
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

from ipdash import paths
from ipdash.deck.draw import ExportError

PDF_TIMEOUT = int(os.environ.get("IPDASH_PDF_TIMEOUT", "240"))


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


_pdf_pool: concurrent.futures.ThreadPoolExecutor | None = None
_pdf_pool_lock = threading.Lock()
PDF_WORKERS = 2  # LibreOffice conversions at once (each has its own profile)


def start_pdf(pptx: bytes) -> concurrent.futures.Future[bytes]:
    """``deck_pdf`` of a deck's PPTX bytes in a background thread: the PPTX can be offered while
    LibreOffice converts it; ``.result()`` gives the PDF's bytes or raises its ``ExportError``."""
    global _pdf_pool
    with _pdf_pool_lock:
        if _pdf_pool is None:
            _pdf_pool = concurrent.futures.ThreadPoolExecutor(PDF_WORKERS, thread_name_prefix="ipdash-pdf")

    def convert() -> bytes:
        with tempfile.TemporaryDirectory(prefix="ipdash-pdf-") as d:
            src = Path(d, "deck.pptx")
            src.write_bytes(pptx)
            return deck_pdf(src, Path(d, "deck.pdf")).read_bytes()

    return _pdf_pool.submit(convert)
