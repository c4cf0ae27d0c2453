"""The meeting digest as one printed A4 page (``meetings.digest.Digest`` → PDF): HTML with print
styles, printed by Debian's Chromium headless (``--print-to-pdf``; the same browser kaleido drives).

It fits one page however many rows there are: the sections share ``LINES`` lines of rows (``caps``:
each gets ``MIN_ROWS`` first, in page order, then one more row each in turn while lines are left), a
section with more rows says "… and N more", and every row is one line (a long text ends in an
ellipsis) or, in the column that names a commitment, a check-in or a late figure, at most two.

    pdf_bytes = digest_pdf(d)        # bytes of a one-page A4 PDF
    html_text = digest_html(d)       # the page itself (for a test, or a browser)
"""

from __future__ import annotations

import datetime as dt
import html
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ipdash import i18n
from ipdash.deck.render import CHROMIUM, ExportError
from ipdash.meetings import digest as dg

PRINT_TIMEOUT = 120
LINES = 38  # lines of rows ("… and N more", "None" included) beside the head and 6 headings; A4 holds 42 at 8.5 pt
MIN_ROWS = 3
EM_MM = 8.5 * 25.4 / 72  # the body size in mm
TEXT_MM = 210 - 2 * 12  # the table's width: A4 less the side margins
PAD_MM = 1.5
Cells = Callable[[dict[str, object], str], list[str]]

_CSS = """
@page { size: A4; margin: 11mm 12mm 10mm 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 8.5pt; color: #111;
       line-height: 1.3; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 14pt; margin: 0 0 1mm 0; }
.sub { color: #333; margin: 0 0 3mm 0; font-size: 9pt; }
h2 { font-size: 10pt; margin: 3mm 0 1mm 0; padding-bottom: 0.5mm; border-bottom: 0.6pt solid #444; }
h2 .n { font-weight: normal; color: #333; font-size: 8.5pt; margin-left: 2mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
td { padding: 0.35mm 1.5mm 0.35mm 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
     vertical-align: top; border-bottom: 0.3pt solid #ccc; }
td.key { font-weight: bold; }
td.wrap { white-space: normal; }
td.wrap div { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
.more, .none { color: #333; font-style: italic; margin: 0.5mm 0 0 0; }
.foot { margin-top: 3mm; color: #555; font-size: 7.5pt; }
"""


def _commitment(r: dict[str, object], lang: str) -> list[str]:
    due = i18n.t("brief.due", lang, due=r["due"]) if r["due"] else ""
    return [str(r["state_text"]), str(r["text"]), str(r["department"]), due, str(r["last_note"])]


def _change(r: dict[str, object], lang: str) -> list[str]:
    return [
        str(r["target_id"]),
        f"{r['area_name']} · {r['indicator_name']}",
        f"{r['status_before_text']} → {r['status_after_text']}",
    ]


def _risk(r: dict[str, object], lang: str) -> list[str]:
    if r["checkin_note"] or r["checkin_action"]:
        said = " · ".join(
            str(x) for x in (r["checked_at"], r["checkin_by"], r["checkin_note"], r["checkin_action"]) if x
        )
    else:
        said = i18n.t("brief.checkin_none", lang)
    return [
        str(r["status_text"]),
        str(r["target_id"]),
        f"{r['area_name']} · {r['indicator_name']}",
        str(r["p_meet_text"]),
        said,
    ]


def _task(r: dict[str, object], lang: str) -> list[str]:
    return [str(r["milestone_id"]), str(r["title"]), str(r["lead_text"]), str(r["due_year"])]


def _overdue_commitment(r: dict[str, object], lang: str) -> list[str]:
    due = i18n.t("brief.due", lang, due=r["due"]) if r["due"] else ""
    return [str(r["meeting_date"]), str(r["text"]), str(r["department"]), due]


def _late(r: dict[str, object], lang: str) -> list[str]:
    days = i18n.t("brief.late_days", lang, n=r["days_late"]) if pd.notna(r["days_late"]) else ""
    due = i18n.t("brief.late_due", lang, year=r["next_year"], due=r["next_due"])
    return [str(r["area_name"]), str(r["indicator_name"]), due, days]


# section (a frame of the Digest) → (how a row reads, relative column widths, the column that may take
# two lines: a commitment, a check-in and a late figure are read in full, up to two lines)
SECTIONS: dict[str, tuple[Cells, tuple[float, ...], int]] = {
    "commitments": (_commitment, (1.2, 4.6, 2.4, 1.9, 2.4), 1),
    "changes": (_change, (1.1, 5.0, 4.0), -1),
    "risks": (_risk, (1.4, 0.9, 4.8, 0.6, 4.3), 4),
    "overdue_commitments": (_overdue_commitment, (1.3, 5.5, 2.2, 1.6), 1),
    "tasks": (_task, (1.4, 5.6, 2.4, 0.8), -1),
    "late": (_late, (2.0, 5.0, 3.2, 1.5), 1),
}


def text_mm(text: str) -> float:
    """How wide ``text`` is set at the body size, a little generously: a wide (CJK) character one em,
    any other 0.6 em (Noto Sans averages about 0.55)."""
    return sum(EM_MM if unicodedata.east_asian_width(c) in "WF" else 0.6 * EM_MM for c in text)


def row_lines(key: str, frame: pd.DataFrame, lang: str) -> list[int]:
    """Lines each row of a section takes: 1, or 2 when its two-line column's text is wider than the
    column (10 % kept for where a line breaks)."""
    cells, widths, wrap = SECTIONS[key]
    if wrap < 0:
        return [1] * len(frame)
    room = TEXT_MM * widths[wrap] / sum(widths) - PAD_MM
    return [1 if 1.1 * text_mm(cells(r, lang)[wrap]) <= room else 2 for r in frame.to_dict("records")]


def caps(d: dg.Digest) -> dict[str, int]:
    """How many rows each section shows: ``MIN_ROWS`` each first, then a row more each in turn while
    the sections' lines (``row_lines``; "… and N more" and "None" one each) stay within ``LINES``."""
    lines = {k: row_lines(k, getattr(d, k).head(LINES), d.lang) for k in SECTIONS}
    n = {k: len(getattr(d, k)) for k in SECTIONS}
    shown = {k: min(n[k], MIN_ROWS) for k in SECTIONS}

    def used() -> int:  # an empty section's "None" line and a "… and N more" line count one each
        return sum(sum(lines[k][: shown[k]]) + (1 if n[k] > shown[k] or not n[k] else 0) for k in SECTIONS)

    full: set[str] = {k for k in SECTIONS if shown[k] >= n[k]}
    while len(full) < len(SECTIONS):
        for k in SECTIONS:
            if k in full:
                continue
            shown[k] += 1
            if used() > LINES or shown[k] > len(lines[k]):
                shown[k] -= 1
                full.add(k)
            elif shown[k] >= n[k]:
                full.add(k)
    return shown


def _section(key: str, frame: pd.DataFrame, lang: str, cap: int) -> str:
    cells, widths, wrap = SECTIONS[key]
    total = sum(widths)
    head = f'<h2>{html.escape(i18n.t(f"brief.sec.{key}", lang))}<span class="n">{len(frame)}</span></h2>'
    if frame.empty:
        return head + f'<p class="none">{html.escape(i18n.t("brief.none", lang))}</p>'
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)
    rows = []
    for r in frame.head(cap).to_dict("records"):
        tds = [
            f'<td class="wrap"><div>{html.escape(c)}</div></td>'
            if i == wrap
            else f'<td class="{"key" if i == 0 else ""}">{html.escape(c)}</td>'
            for i, c in enumerate(cells(r, lang))
        ]
        rows.append(f"<tr>{''.join(tds)}</tr>")
    out = head + f"<table><colgroup>{cols}</colgroup>{''.join(rows)}</table>"
    if len(frame) > cap:
        out += f'<p class="more">{html.escape(i18n.t("brief.more", lang, n=len(frame) - cap))}</p>'
    return out


def digest_html(d: dg.Digest, *, made: dt.datetime | None = None) -> str:
    """The digest as one HTML page with A4 print styles."""
    lang = d.lang
    title = i18n.t("brief.title", lang, date=d.meeting.isoformat())
    since = (
        i18n.t("brief.since", lang, since=d.previous.isoformat()) if d.previous else i18n.t("brief.since_none", lang)
    )
    counts = dg.commitment_counts(d.commitments)
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">{html.escape(since)} · {html.escape(i18n.t("brief.counts", lang, **counts))}</p>',
    ]
    cap = caps(d)
    for key in SECTIONS:
        parts.append(_section(key, getattr(d, key), lang, cap[key]))
    when = (made or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(f'<p class="foot">{html.escape(i18n.t("brief.made", lang, when=when))}</p>')
    html_lang = "en" if lang == "en" else "zh-CN"
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def print_pdf(page: str, timeout: int = PRINT_TIMEOUT) -> bytes:
    """An HTML page printed to PDF by Chromium headless (its own throwaway profile, no header/footer)."""
    if not Path(CHROMIUM).exists():
        raise ExportError(f"Chromium not found at {CHROMIUM} (install Debian's chromium or set IPDASH_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="ipdash-digest-") as tmp:
        src, out = Path(tmp) / "digest.html", Path(tmp) / "digest.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not print the digest within {timeout} s") from None
        if not out.exists() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-400:]
            raise ExportError(f"Chromium printed no digest (exit {done.returncode}): {tail}")
        return out.read_bytes()


def digest_pdf(d: dg.Digest, *, made: dt.datetime | None = None) -> bytes:
    """The digest as a one-page A4 PDF."""
    return print_pdf(digest_html(d, made=made))
