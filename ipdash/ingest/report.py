"""What was read from an upload, in words: the same lines on the page and on the command line."""

from __future__ import annotations

from ipdash import i18n
from ipdash.sheets.read import RawTable


def summary(raw: RawTable, refused: int, lang: str) -> list[str]:
    """Counts of read / skipped / refused rows, and what was not read (page and CLI say the same)."""
    sep = i18n.t("ingest.sep", lang)
    lines = [
        i18n.t(
            "ingest.summary",
            lang,
            rows=raw.rows_read,
            n=sum(s.values for s in raw.sheets),
            blank=raw.skipped_blank,
            totals=len(raw.totals_skipped),
            refused=refused,
        )
    ]
    named = [s for s in raw.sheets if s.name]
    if named and any(s.status == "read" for s in named):
        lines.append(i18n.t("ingest.sheets_read", lang, names=sep.join(s.name for s in named if s.status == "read")))
    skipped = [f"{s.name} ({i18n.t(f'ingest.sheet_reason.{s.status}', lang)})" for s in named if s.status != "read"]
    if skipped:
        lines.append(i18n.t("ingest.sheets_not_read", lang, names=sep.join(skipped)))
    if raw.totals_skipped:
        rows = sep.join(f"{s}!{r}" if s else str(r) for s, r in raw.totals_skipped[:50])
        lines.append(i18n.t("ingest.totals_rows", lang, rows=rows))
    partial = [c for s in raw.sheets for c in s.partial_columns]
    if partial:
        lines.append(i18n.t("ingest.partial_columns", lang, cols=sep.join(partial)))
    merged = sum(s.merged_filled for s in raw.sheets)
    if merged:
        lines.append(i18n.t("ingest.merged_filled", lang, n=merged))
    computed = sum(s.formulas_computed for s in raw.sheets)
    if computed:
        lines.append(i18n.t("ingest.formulas_computed", lang, n=computed))
    return lines
