"""Bounded work per upload: one size limit, a cell limit, an unpacked-size limit, a parse deadline.

``MAX_MB`` is the one upload size limit: the same number is given to the page's file widget
(``max_upload_size``) and to the server (``server.maxUploadSize`` in ``.streamlit/config.toml``),
and ``read`` refuses anything above ``MAX_BYTES`` with one message in both languages
(``ingest.p.too_large``). Streamlit's browser side counts a megabyte as 1 000 000 bytes on
Linux and macOS (1 048 576 on Windows) while its server counts 1 048 576, so ``MAX_BYTES`` uses
the decimal megabyte: whichever side sees a file first, the same files pass. A milestone's
evidence file has the same limit (the dialog's widget states it, ``ingest.milestones.commit``
refuses a larger one with ``mst.err.evidence_too_large``, nothing saved).

An ``.xlsx`` is a zip: its central directory states every part's unpacked size, checked before
anything is decompressed (``MAX_UNZIPPED_BYTES``, ``MAX_ZIP_PARTS``); parts are then streamed
with a byte counter (a directory that lies is caught too), the cell count is checked while the
sheet XML streams (``MAX_CELLS``), and every loop of the reader checks a ``Deadline``
(``MAX_SECONDS``). Any of these raises ``LimitExceeded``, which ``read`` turns into a problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

MAX_MB = 5
MAX_BYTES = MAX_MB * 1_000_000
MAX_CELLS = 1_000_000  # cells of all sheets together, blank cells inside the used area included
MAX_UNZIPPED_BYTES = 100_000_000
MAX_ZIP_PARTS = 2_000
MAX_SECONDS = 20.0
HEADER_SEARCH_ROWS = 500  # the header is looked for in this many rows at the top of each sheet
MAX_FORMULA_CELLS = 200_000  # formulas without a saved result that the reader will compute


class LimitExceeded(Exception):
    """``code`` names the limit (a problem code); ``args[0]`` is English for logs."""

    def __init__(self, code: str, message: str = "", **params):
        self.code, self.params = code, params
        super().__init__(message or code)


@dataclass
class Deadline:
    """Wall-clock budget of one read; ``check()`` is cheap enough for inner loops."""

    seconds: float = field(default_factory=lambda: MAX_SECONDS)
    start: float = field(default_factory=time.monotonic)

    def check(self) -> None:
        if time.monotonic() - self.start > self.seconds:
            raise LimitExceeded("too_slow", f"reading took more than {self.seconds:g} s", s=f"{self.seconds:g}")

    def elapsed(self) -> float:
        return time.monotonic() - self.start


class CellBudget:
    """Counts cells (and blank slots a row has to hold) against ``MAX_CELLS``."""

    def __init__(self, limit: int | None = None):
        self.limit, self.used = (MAX_CELLS if limit is None else limit), 0

    def take(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise LimitExceeded("too_many_cells", f"more than {self.limit} cells", n=self.limit)


class CountingReader:
    """A file-like wrapper that refuses to yield more than ``limit`` bytes (a lying zip directory)."""

    def __init__(self, raw, limit: int, deadline: Deadline):
        self.raw, self.limit, self.read_bytes, self.deadline = raw, limit, 0, deadline

    def read(self, n: int = -1) -> bytes:
        chunk = self.raw.read(65536 if n is None or n < 0 else min(n, 65536))
        self.read_bytes += len(chunk)
        if self.read_bytes > self.limit:
            raise LimitExceeded(
                "unzipped_too_large",
                "a zip part unpacks to more than it declares",
                mb=MAX_UNZIPPED_BYTES // 1_000_000,
                parts=MAX_ZIP_PARTS,
            )
        self.deadline.check()
        return chunk
