"""Every stored table's columns, defined once: name, types, and where their words live.

A ``Column`` carries its pandas dtype (what a frame of the table holds), its PostgreSQL type, whether it
may be empty, the PostgreSQL migration that created it (``since``) and, for the actuals, whether an
uploaded file carries it (``upload``) and whether the upload template has it (``template``). The words
people read stay in ``ipdash/strings/``: the Chinese and English meanings in
``strings.dictionary.COLUMN_ZH`` / ``COLUMN_EN`` under ``Column.meaning_key``, the data contract's notes in
``strings.dictionary.COLUMN_NOTE`` under ``"<table>.<column>"``, the upload headers in
``strings.ingest.DEFAULT_HEADERS`` / ``HEADER_ALIASES`` under the column name (a column without words
there falls back to its own name).

Adding a column to a table here reaches: the local store (its frames and Parquet files), the PostgreSQL
store (a migration ``ALTER TABLE … ADD COLUMN`` generated for every column whose ``since`` is newer than
the hand-written migrations; see ``store.pg_schema``), the upload (header, parse, the pandera check, the
template) for an actuals column marked ``upload``, the data dictionary and the "Tables" section of
docs/architecture.md (``python -m ipdash.schema`` writes it; a test fails when it drifts).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from ipdash.strings.dictionary import COLUMN_NOTE, TABLE_NOTE

_TEXT = "string"
_C = 'text COLLATE "C"'  # key text that sorts as bytes, as the local store sorts it


@dataclass(frozen=True)
class Column:
    name: str
    dtype: str = _TEXT  # pandas dtype
    pg_type: str = "text"
    nullable: bool = True
    since: int = 1  # the PostgreSQL migration that created the column
    upload: bool = False  # an uploaded file carries it (actuals)
    template: bool = False  # the upload template has a column for it (actuals)
    meaning: str = ""  # key in strings.dictionary (default: the column's name)

    @property
    def meaning_key(self) -> str:
        return self.meaning or self.name

    @property
    def arrow(self) -> str:
        """The Arrow type alias of the column (``pyarrow.type_for_alias``)."""
        if self.pg_type == "double precision":
            return "float64"
        return self.dtype.lower() if self.dtype.lower() in ("int32", "int64", "float64", "bool") else "string"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    derived: tuple[Column, ...] = field(default=())  # not stored: added to every export of the table

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in (*self.columns, *self.derived):
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def dtypes(self) -> dict[str, str]:
        return {c.name: c.dtype for c in self.columns}

    def names_where(self, **flags: bool) -> tuple[str, ...]:
        """The columns whose attributes equal ``flags`` (``upload=True``), in table order."""
        return tuple(c.name for c in self.columns if all(getattr(c, k) == v for k, v in flags.items()))


_INT, _INT_NA, _FLOAT, _BOOL = "int64", "Int64", "float64", "bool"


def _text(*names: str) -> tuple[Column, ...]:
    """Nullable text columns, in this order."""
    return tuple(Column(n) for n in names)


def _bigint(*names: str) -> tuple[Column, ...]:
    """Whole-number columns (int64, PostgreSQL bigint), in this order."""
    return tuple(Column(n, _INT, "bigint") for n in names)


INDICATORS = Table(
    "indicators",
    (
        Column("code", nullable=False),
        *_text("name_zh", "name_en", "unit", "unit_en", "kind", "measure", "direction"),
        Column("per_capita_ok", _BOOL, "boolean"),
        *_text("aliases", "description_zh", "description_en"),
        *_bigint("publish_month"),
        *_text("publish_source"),
    ),
    key=("code",),
)
AREAS = Table(
    "areas",
    (
        Column("code", nullable=False),
        *_text("name_zh", "name_en", "short_zh", "level"),
        *_bigint("population", "population_year"),
        *_text("population_source", "population_confidence", "aliases"),
    ),
    key=("code",),
)
DOCUMENTS = Table(
    "documents",
    (
        Column("doc_id", nullable=False),
        *_text("file", "doc_number", "title_zh", "title_en", "issuer_zh", "issuer_en", "area", "issued", "url"),
        *_text("confidence"),
    ),
    key=("doc_id",),
)
TARGETS = Table(
    "targets",
    (
        Column("target_id", nullable=False),
        *_text("area", "indicator", "aggregation", "comparator"),
        Column("value", _FLOAT, "double precision"),
        *_text("unit"),
        *_bigint("period_start", "target_year"),
        Column("baseline_year", _INT_NA, "bigint"),
        Column("baseline_value", "object", "double precision"),
        *_text("theme", "doc_id", "clause", "assumptions_zh", "assumptions_en"),
        *(Column(n, since=4) for n in ("lead_department", "lead_department_en")),  # only where the text names one
    ),
    key=("target_id",),
)
MILESTONES = Table(
    "milestones",
    (
        Column("milestone_id", nullable=False),
        *_text("area", "doc_id", "task_no", "theme", "title_zh", "title_en", "clause"),
        *_text("lead_department", "lead_department_en"),
        *_bigint("due_year"),
        *_text("status", "status_note"),
    ),
    key=("milestone_id",),
    derived=(
        Column("overdue", _BOOL, "boolean"),
        *_text("reported_at", "reported_by", "report_department", "evidence"),
    ),
)
ACTUALS = Table(  # the base, every batch and the effective actuals share these columns
    "actuals",
    (
        Column("area", pg_type=_C, nullable=False, upload=True, template=True),
        Column("indicator", pg_type=_C, nullable=False, upload=True, template=True),
        Column("year", "int32", "integer", nullable=False, upload=True, template=True),
        Column("value", _FLOAT, "double precision", upload=True, template=True),
        Column("unit", upload=True, template=True),
        Column("provenance", upload=True, template=True),
        Column("confidence", upload=True),
        Column("source_url", upload=True, template=True),
        Column("note", upload=True, template=True),
        Column("batch_id"),
    ),
    key=("area", "indicator", "year"),
)
BATCHES = Table(  # the batch log: one row per committed upload
    "batches",
    (
        Column("batch_id", nullable=False),
        *_text("committed_at", "user", "file_name", "sha256"),
        *_bigint("n_rows", "n_new", "n_changed"),
        *_text("status", "reverted_at", "reverted_by"),
    ),
    key=("batch_id",),
)
MILESTONE_REPORTS = Table(  # one row per report, never changed once written; empty text rather than null
    "milestone_reports",
    tuple(
        Column(n, nullable=False, since=2)
        for n in (
            "report_id",
            "milestone_id",
            "area",
            "status",
            "previous_status",
            "note",
            "evidence_url",
            "evidence_file",
            "reported_at",
            "user",
            "department",
            "source",
            "file_name",
            "sha256",
        )
    ),
    key=("report_id",),
)

SUBSCRIPTIONS = Table(  # who follows what, on which channel (notify.model.Subscription); lists comma-joined
    "subscriptions",
    tuple(
        Column(n, nullable=False, since=3)
        for n in (
            "id",
            "name",
            "channel",
            "address",
            "secret",
            "areas",
            "departments",
            "targets",
            "events",
            "lang",
            "user",
            "created_at",
        )
    ),
    key=("id",),
)
OUTBOX = Table(  # one message per (subscription, event): queued, failed (tried again later) or sent
    "outbox",
    (
        *(Column(n, nullable=False, since=3) for n in ("key", "subscription_id", "version", "payload", "status")),
        Column("attempts", _INT, "bigint", nullable=False, since=3),
        *(Column(n, nullable=False, since=3) for n in ("next_try", "last_error", "created_at", "sent_at")),
    ),
    key=("key",),
)
NOTIFIED = Table(  # the data versions (a commit, a revert, a day's overdue check) whose events were enqueued
    "notified",
    (Column("version", nullable=False, since=3), Column("at", nullable=False, since=3)),
    key=("version",),
)
MEETINGS = Table(  # the meetings commitments are made at (ipdash.meetings.commitments)
    "meetings",
    tuple(
        Column(n, nullable=False, since=5, meaning=m)
        for n, m in (("meeting_date", ""), ("title", "meeting_title"), ("user", "recorded_by"), ("created_at", ""))
    ),
    key=("meeting_date",),
)
COMMITMENTS = Table(  # what a meeting agreed: one row per commitment, never changed once written
    "commitments",
    tuple(
        Column(n, nullable=False, since=5, meaning=m)
        for n, m in (
            ("commitment_id", ""),
            ("meeting_date", ""),
            ("text", ""),
            ("department", "owner_department"),
            ("due", ""),
            ("target_id", ""),
            ("milestone_id", ""),
            ("user", "recorded_by"),
            ("created_at", ""),
        )
    ),
    key=("commitment_id",),
)
COMMITMENT_REPORTS = Table(  # progress on a commitment, as for tasks: one row per report, never changed
    "commitment_reports",
    tuple(
        Column(n, nullable=False, since=5, meaning=m)
        for n, m in (
            ("report_id", ""),
            ("commitment_id", ""),
            ("status", ""),
            ("previous_status", ""),
            ("note", ""),
            ("user", ""),
            ("department", "commitment_report_department"),
            ("reported_at", ""),
            ("source", "commitment_report_source"),
            ("file_name", ""),
        )
    ),
    key=("report_id",),
)

CHECKINS = Table(  # one row per check-in on a target, never changed once written; empty text rather than null
    "checkins",
    tuple(
        Column(n, nullable=False, since=4, meaning=m)
        for n, m in (
            ("checkin_id", ""),
            ("target_id", ""),
            ("area", ""),
            ("note", "checkin_note"),
            ("action", "checkin_action"),
            ("confidence", "checkin_confidence"),
            ("data_version", ""),
            ("data_as_of", ""),
            ("checked_at", ""),
            ("user", "checkin_user"),
            ("department", "checkin_department"),
        )
    ),
    key=("checkin_id",),
)

CATALOG = (INDICATORS, AREAS, DOCUMENTS, TARGETS, MILESTONES)
CYCLE = (CHECKINS, MEETINGS, COMMITMENTS, COMMITMENT_REPORTS)  # the meeting cycle's tables (migrations 4, 5)
NOTIFY = (SUBSCRIPTIONS, OUTBOX, NOTIFIED)
TABLES: dict[str, Table] = {t.name: t for t in (*CATALOG, MILESTONE_REPORTS, ACTUALS, BATCHES, *NOTIFY, *CYCLE)}


def table(name: str) -> Table:
    return TABLES[name]


def next_migration() -> int:
    """The PostgreSQL migration a column or table added now gets as its ``since``."""
    return max(c.since for t in TABLES.values() for c in t.columns) + 1


def actual_columns() -> tuple[str, ...]:
    """Every stored actuals column, in store order."""
    return ACTUALS.names


def upload_columns() -> tuple[str, ...]:
    """What a validated upload row carries (the actuals without ``batch_id``)."""
    return ACTUALS.names_where(upload=True)


def compared_columns() -> tuple[str, ...]:
    """The uploaded columns a preview compares with the stored row (all but the key)."""
    return tuple(c for c in upload_columns() if c not in ACTUALS.key)


def template_columns() -> tuple[str, ...]:
    return ACTUALS.names_where(template=True)


# ---------------------------------------------------------------- docs/architecture.md, "Tables"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
BEGIN = "<!-- tables: generated from ipdash/schema.py by `python -m ipdash.schema`; do not edit by hand -->"
END = "<!-- /tables -->"


def note(table: str, column: str) -> str:
    """The data contract's note on a column (Markdown; "" when it has none)."""
    return COLUMN_NOTE.get(f"{table}.{column}", "")


def _item(table: str, c: Column) -> str:
    text = note(table, c.name)
    return f"`{c.name}` ({text})" if text else f"`{c.name}`"


def docs_section() -> str:
    """The "Tables" section's body: one paragraph per table, its columns in order with their notes."""
    paras = []
    for t in TABLES.values():
        said = [TABLE_NOTE[t.name]] if t.name in TABLE_NOTE else []
        head = f"**{t.name}** ({'; '.join([*said, 'key ' + ', '.join(f'`{k}`' for k in t.key)])})"
        body = ", ".join(_item(t.name, c) for c in t.columns)
        if t.derived:
            body += "; every export adds " + ", ".join(_item(t.name, c) for c in t.derived)
        typed = [f"`{c.name}` {c.dtype} ({c.pg_type})" for c in t.columns if c.dtype != _TEXT]
        body += f". Not text: {', '.join(typed)}" if typed else ""
        paras.append(textwrap.fill(f"{head}: {body}.", width=110, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(paras)


def docs_drift(path: Path = DOCS) -> str | None:
    """None when ``path`` holds the generated section; else what is wrong, and what to run."""
    text = path.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return f"{path} lacks the markers {BEGIN!r} … {END!r}"
    inside = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    if inside != docs_section():
        return f"the Tables section of {path} differs from ipdash/schema.py: run python -m ipdash.schema"
    return None


def write_docs(path: Path = DOCS) -> bool:
    """Rewrite the section between the markers; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    new = f"{before}{BEGIN}\n{docs_section()}\n{END}{after}"
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


if __name__ == "__main__":  # python -m ipdash.schema: rewrite the Tables section of docs/architecture.md
    changed = write_docs()
    print(f"{DOCS}: {'rewritten' if changed else 'up to date'}")
