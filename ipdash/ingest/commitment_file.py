"""Files of commitment progress reports (承诺事项进展文件): uploaded bytes → rows of strings.

A report file is a small table with the columns ``commitment_id``, ``status`` and ``note``, under English or
Chinese headers (承诺编号 / 状态 / 进展说明 — every alias in ``ipdash.strings.commitments.HEADER_ALIASES``),
as CSV (UTF-8, GB18030, UTF-16: ``sheets.read.decode`` and ``sheets.read.csv_rows``, the upload's own
readers) or ``.xlsx`` (the first sheet). The header may follow title rows; other columns are ignored; empty
rows and ``#`` comment rows are skipped. Nothing here raises on bad content: a file that cannot be read
becomes one ``Problem`` (``ipdash.problem.Problem``'s fields; expected text ``cmt.exp.*``).
The rows are checked — and written all together or not at all — by ``meetings.commitment_reports``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ipdash import i18n
from ipdash.ingest import small_table
from ipdash.sheets.read import MAX_BYTES, Problem
from ipdash.strings import commitments as vocab

FIELDS = ("commitment_id", "status", "note")
_LOOKUP = small_table.lookup(vocab.HEADER_ALIASES)


@dataclass
class ReportFile:
    """The rows of a report file (columns ``_row`` — the row Excel shows — and ``FIELDS``)."""

    df: pd.DataFrame
    headers: dict[str, str] = field(default_factory=dict)  # field → header text as in the file
    problems: list[Problem] = field(default_factory=list)


def _problem(code: str, value: str = "", row: int | None = None, **kw) -> Problem:
    return Problem(code, row, "", value, i18n.t(f"cmt.exp.{code}", "zh", **kw), i18n.t(f"cmt.exp.{code}", "en", **kw))


def _file_problem(code: str, value: str = "", **kw) -> Problem:
    return _problem("bad_file" if code == "old_excel" else code, value, **kw)


def _empty(p: Problem) -> ReportFile:
    return ReportFile(pd.DataFrame(columns=["_row", *FIELDS]), problems=[p])


def read_report_file(data: bytes, file_name: str) -> ReportFile:
    """Uploaded bytes → ``ReportFile``. Never raises on bad content."""
    if len(data) > MAX_BYTES:
        return _empty(_problem("too_large", f"{len(data) / 2**20:.1f} MB", mb=MAX_BYTES // 2**20))
    if not data.strip():
        return _empty(_problem("empty", file_name))
    got = small_table.grid(data, file_name, _file_problem)
    if isinstance(got, Problem):
        return _empty(got)
    rows, _encoding = got
    found = small_table.find_header(rows, _LOOKUP, {"commitment_id", "status"})
    if found is None:
        return _empty(_problem("no_header", small_table.first_text(rows), row=1))
    h, cols = found
    out = []
    for i in range(h + 1, len(rows)):
        row = rows[i]
        if not any(row) or row[0].startswith("#"):
            continue
        rec = {f: (row[cols[f]] if f in cols and cols[f] < len(row) else "") for f in FIELDS}
        if any(rec.values()):
            out.append({"_row": i + 1, **rec})
    df = pd.DataFrame(out, columns=["_row", *FIELDS])
    return ReportFile(df, {f: rows[h][j] for f, j in cols.items()})
