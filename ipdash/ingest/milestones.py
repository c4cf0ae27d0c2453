"""Milestone reports: validation (pandera) and commit — one code path for the dialog and the file.

``validate_file(data, name, user)`` (a status file) and ``validate_one(id, status, note, …, user)``
(the dialog on the Targets & sources page) both come down to ``check``: a pandera schema over
the parsed rows. Every failure is a ``Problem`` naming the row (as Excel numbers it), the column
(the file's own header), the value as typed and what was expected, in Chinese and English: an
unknown id, an illegal status, a task the user may not report (``auth.may_report``), a repeated
id, a note without status, an evidence link that is not a web address or is longer than
``MAX_LINK`` characters. A file with any problem writes nothing.

``commit(v, user, …)`` re-reads the user's account (permissions as they stand now), and under
``store.write.write_lock()`` refuses when a task's latest report changed since the preview
(``expected``), archives the status file and any evidence file under ``uploads/milestones/``,
appends one history row per changed task (``store.milestones.append``, atomic) and writes one
audit line per report (``accounts.audit``). A row identical to the task's latest report is not
recorded again. An evidence file larger than the one upload limit (``sheets.limits.MAX_BYTES``,
the number the dialog's widget states and ``server.maxUploadSize`` lets through) is refused with
``evidence_too_large`` before anything is written — never a report saved without its file.

``evidence_file(milestone_id, name)`` gives an archived evidence file back (for the dialog's
download button): only a file that a report of that very task names.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pandas as pd

from ipdash import catalog, i18n, store
from ipdash.accounts import auth
from ipdash.accounts.audit import audit
from ipdash.ingest.commit import safe_file_name
from ipdash.ingest.status_file import StatusTable, problem, read_status_file
from ipdash.sheets import limits
from ipdash.sheets.read import Problem, clean
from ipdash.store import milestones as history
from ipdash.store import read, write
from ipdash.strings import milestones as vocab

if TYPE_CHECKING:
    import pandera.pandas as pa

MAX_NOTE = 2000
MAX_LINK = 2000  # characters of an evidence link: every real address fits, a 900 KB "link" does not
MAX_VALUE_SHOWN = 200  # a problem quotes at most this much of the value as typed
EVIDENCE_MAX_MB, EVIDENCE_MAX_BYTES = limits.MAX_MB, limits.MAX_BYTES  # the one upload limit, evidence too
MAX_PROBLEMS = 1000
_URL = re.compile(r"^https?://\S+$", re.I)
_STATUS = {re.sub(r"[\s_\-]+", "", a.lower()): code for code, aliases in vocab.STATUS_ALIASES.items() for a in aliases}
ROW_COLUMNS = ("milestone_id", "status", "note", "evidence_url", "previous_status", "change", "_row")


class ReportError(Exception):
    """A commit refused; ``code`` keys the message (``mst.err.<code>``), ``args[0]`` is English."""

    def __init__(self, code: str, message: str, **params):
        self.code, self.params = code, params
        super().__init__(message)


@dataclass
class StatusValidation:
    """Everything the page, the dialog and the CLI show about one set of reports."""

    file_name: str
    sha256: str
    table: StatusTable
    rows: pd.DataFrame  # ROW_COLUMNS; meaningful when ok
    errors: list[Problem] = field(default_factory=list)
    expected: dict[str, str] = field(default_factory=dict)  # milestone → latest report id seen

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_rows(self) -> pd.DataFrame:
        return self.rows[self.rows["change"] == "new"]


def status_code(text: str) -> str | None:
    """``推进中`` / ``In progress`` / ``in_progress`` → ``in_progress``; None when not a status."""
    return _STATUS.get(re.sub(r"[\s_\-]+", "", clean(text).lower()))


def scope_text(user: auth.User, lang: str) -> str:
    """What ``user`` may report, in words (areas; departments)."""
    names = dict(zip(read.table("areas")["code"], read.table("areas")["name_en" if lang == "en" else "name_zh"]))
    sep = i18n.t("mst.sep", lang)
    areas = i18n.t("upload.all_areas", lang) if "*" in user.areas else sep.join(names.get(a, a) for a in user.areas)
    depts = sep.join(user.departments) if user.departments else i18n.t("mst.scope_all_departments", lang)
    return i18n.t("mst.scope", lang, areas=areas, departments=depts)


def _schema(known: set[str]) -> pa.DataFrameSchema:
    import pandera.pandas as pa  # here, not at import: pandera costs the first page of a cold start ~0.5-0.9 s

    def C(fn, name):
        return pa.Check(fn, name=name, ignore_na=False)

    return pa.DataFrameSchema(
        {
            "milestone_id": pa.Column(
                checks=[
                    C(lambda s: s != "", "id_missing"),
                    C(lambda s: (s == "") | s.isin(known), "id_known"),
                ]
            ),
            "allowed": pa.Column(checks=[C(lambda s: s, "id_allowed")]),
            "status_raw": pa.Column(checks=[C(lambda s: s != "", "status_missing")]),
            "status": pa.Column(checks=[C(lambda s: s.notna(), "status_known")], nullable=True),
            "dup": pa.Column(checks=[C(lambda s: ~s, "duplicate")]),
            "note": pa.Column(checks=[C(lambda s: s.str.len() <= MAX_NOTE, "note_length")]),
            "evidence_url": pa.Column(
                checks=[
                    C(lambda s: s.str.len() <= MAX_LINK, "evidence_length"),
                    C(lambda s: (s == "") | (s.str.len() > MAX_LINK) | s.str.match(_URL), "evidence_url"),
                ]
            ),
        }
    )


# check → (field whose header names the column, key of the expectation)
_MESSAGES = {
    "id_missing": ("milestone_id", "mst.exp.id_missing"),
    "id_known": ("milestone_id", "mst.exp.id_known"),
    "id_allowed": ("milestone_id", "mst.exp.id_allowed"),
    "status_missing": ("status", "mst.exp.status_missing"),
    "status_known": ("status", "mst.exp.status_known"),
    "duplicate": ("milestone_id", "mst.exp.duplicate"),
    "note_length": ("note", "mst.exp.note_length"),
    "evidence_url": ("evidence", "mst.exp.evidence_url"),
    "evidence_length": ("evidence", "mst.exp.evidence_length"),
}
_PARAMS = {"note_length": {"n": MAX_NOTE}, "evidence_length": {"n": MAX_LINK}}


def check(table: StatusTable, user: auth.User) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse and check the rows of ``table`` for ``user``: (parsed rows, problems)."""
    df = table.df
    ms = read.table("milestones").set_index("milestone_id")
    parsed = pd.DataFrame(index=df.index)
    parsed["milestone_id"] = df["milestone_id"].map(lambda s: clean(s).upper())
    parsed["status_raw"] = df["status"]
    # blank: "" (status_missing says so); not a status: None (status_known says so)
    parsed["status"] = pd.Series([status_code(s) if s else "" for s in df["status"]], index=df.index, dtype=object)
    parsed["note"] = df["note"].astype(str)
    parsed["evidence_url"] = df["evidence"].astype(str)
    known = parsed["milestone_id"].isin(ms.index)
    parsed["allowed"] = [(not k) or auth.may_report(user, ms.loc[m]) for m, k in zip(parsed["milestone_id"], known)]
    parsed["dup"] = parsed["milestone_id"].ne("") & parsed["milestone_id"].duplicated(keep="first")
    from pandera.errors import SchemaErrors  # lazily, as in ``_schema``

    try:
        _schema(set(ms.index)).validate(parsed, lazy=True)
        return parsed, []
    except SchemaErrors as exc:
        failures = exc.failure_cases
    f = failures[failures["check"].isin(list(_MESSAGES)) & failures["index"].notna()][["check", "index"]]
    f = f.drop_duplicates().astype({"index": "int64"}).sort_values("index", kind="stable")
    first = df["_row"].groupby(parsed["milestone_id"]).transform("first")
    scope = {lang: scope_text(user, lang) for lang in i18n.LANGS}
    row_no = dict(zip(df.index, (int(x) for x in df["_row"])))
    problems = []
    for chk, idx in f.head(MAX_PROBLEMS).itertuples(index=False):
        fld, key = _MESSAGES[chk]
        kw = {"first": int(first[idx])} if chk == "duplicate" else _PARAMS.get(chk, {})
        zh = i18n.t(key, "zh", scope=scope["zh"], **kw)
        en = i18n.t(key, "en", scope=scope["en"], **kw)
        column = table.headers.get(fld) or vocab.TEMPLATE_HEADERS["zh"][fld]
        row = row_no[idx]
        value = str(df.at[idx, fld])
        value = value if len(value) <= MAX_VALUE_SHOWN else value[:MAX_VALUE_SHOWN] + "…"
        problems.append(Problem(chk, row or None, column, value, zh, en))
    problems.sort(key=lambda p: (p.row or 0, p.column))
    return parsed, problems


def _finish(v: StatusValidation, user: auth.User) -> StatusValidation:
    if v.errors:
        return v
    if v.table.df.empty:
        v.errors.append(problem("no_rows", "mst.exp.no_rows", row=v.table.header_row + 1))
        return v
    parsed, problems = check(v.table, user)
    v.errors += problems
    if v.errors:
        return v
    last = history.latest()
    rows = parsed[["milestone_id", "status", "note", "evidence_url"]].copy()
    before = dict(last["status"]) if len(last) else {}
    rows["previous_status"] = [before.get(m, "not_assessed") for m in rows["milestone_id"]]
    same = [
        m in last.index and (last.at[m, "status"], last.at[m, "note"], last.at[m, "evidence_url"]) == (s, n, e)
        for m, s, n, e in rows[["milestone_id", "status", "note", "evidence_url"]].itertuples(index=False)
    ]
    rows["change"] = ["unchanged" if x else "new" for x in same]
    rows["_row"] = v.table.df["_row"]
    v.rows = rows[list(ROW_COLUMNS)].reset_index(drop=True)
    v.expected = {m: (str(last.at[m, "report_id"]) if m in last.index else "") for m in rows["milestone_id"]}
    return v


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=list(ROW_COLUMNS))


def validate_file(data: bytes, file_name: str, user: auth.User) -> StatusValidation:
    """A status file, checked for ``user`` (nothing is written)."""
    table = read_status_file(data, file_name)
    v = StatusValidation(file_name, hashlib.sha256(data).hexdigest(), table, _empty_rows(), list(table.problems))
    return _finish(v, user)


def validate_one(
    milestone_id: str, status: str, note: str, evidence_url: str, user: auth.User, lang: str = "zh"
) -> StatusValidation:
    """One report from the dialog, through the same checks as a file (row = none, columns = the
    dialog's labels in ``lang``)."""
    headers = {f: i18n.t(f"mst.dlg.{k}", lang) for f, k in (("milestone_id", "status"), ("status", "status"))}
    headers.update(
        milestone_id=i18n.t("mst.col.milestone_id", lang),
        note=i18n.t("mst.dlg.note", lang),
        evidence=i18n.t("mst.dlg.evidence_url", lang),
    )
    df = pd.DataFrame(
        [{"_row": 0, "milestone_id": milestone_id, "status": status, "note": note, "evidence": evidence_url}]
    )
    table = StatusTable(df, headers, "", 0)
    return _finish(StatusValidation("", "", table, _empty_rows()), user)


def latest_report_id(milestone_id: str) -> str:
    """The id of the milestone's latest report ("" before the first): a preview's ``expected``."""
    last = history.latest()
    return str(last.at[milestone_id, "report_id"]) if milestone_id in last.index else ""


def reportable(user: auth.User) -> set[str]:
    """The milestone ids ``user`` may report."""
    ms = read.table("milestones")
    return {m["milestone_id"] for m in ms.to_dict("records") if auth.may_report(user, m)}


def _department(user: auth.User, lead: str) -> str:
    if not user.departments:
        return ""
    return vocab.LEAD_JOIN_ZH.join(d for d in catalog.split_departments(lead) if d in user.departments)


def commit(
    v: StatusValidation,
    user: auth.User,
    *,
    source: str,
    data: bytes | None = None,
    evidence: tuple[str, bytes] | None = None,
) -> pd.DataFrame:
    """Record the new rows of ``v`` for ``user``; returns the history rows written."""
    if not v.ok:
        raise ReportError("invalid", f"{len(v.errors)} problems; nothing was written")
    if evidence is not None and len(evidence[1]) > EVIDENCE_MAX_BYTES:
        raise ReportError(
            "evidence_too_large",
            f"evidence file {evidence[0]}: {len(evidence[1])} bytes, more than {EVIDENCE_MAX_BYTES}; nothing written",
            name=evidence[0],
            size=f"{-(-len(evidence[1]) // 100_000) / 10:.1f}",  # rounded up: never "5.0 MB, more than 5 MB"
            mb=EVIDENCE_MAX_MB,
        )
    # the account as it stands now (areas, departments); a single sign-on user has no local record:
    # their grant was mapped from the provider's claims on this very run
    fresh = auth.get_user(user.name) if user.source == "local" else user
    if fresh is None:
        raise ReportError("no_user", f"no user {user.name}")
    ms = read.table("milestones").set_index("milestone_id")
    denied = [m for m in v.rows["milestone_id"] if not auth.may_report(fresh, ms.loc[m])]
    if denied:
        audit("milestone_report_refused", user=fresh.name, milestones=denied, source=source)
        raise ReportError("no_permission", f"{fresh.name} may not report {', '.join(denied)}")
    new = v.new_rows
    if new.empty:
        raise ReportError("nothing", "every row repeats the task's latest report")
    with write.write_lock():
        history.refresh()
        last = history.latest()
        moved = [
            m
            for m in new["milestone_id"]
            if (last.at[m, "report_id"] if m in last.index else "") != v.expected.get(m, "")
        ]
        if moved:
            raise ReportError("stale", f"reported meanwhile: {', '.join(moved)}; review and submit again")
        now = datetime.now(UTC)
        batch = f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"
        archived, evidence_file, files = "", "", {}
        if data is not None:
            archived = f"{batch}__{safe_file_name(v.file_name)}"
            files[archived] = data
        if evidence is not None:
            evidence_file = f"{batch}__evidence__{safe_file_name(evidence[0])}"
            files[evidence_file] = evidence[1]
        out = pd.DataFrame(
            {
                "report_id": [f"{batch}-{i:03d}" for i in range(1, len(new) + 1)],
                "milestone_id": new["milestone_id"].to_numpy(),
                "area": [ms.at[m, "area"] for m in new["milestone_id"]],
                "status": new["status"].to_numpy(),
                "previous_status": new["previous_status"].to_numpy(),
                "note": new["note"].to_numpy(),
                "evidence_url": new["evidence_url"].to_numpy(),
                "evidence_file": evidence_file,
                "reported_at": now.isoformat(timespec="microseconds"),
                "user": fresh.name,
                "department": [_department(fresh, str(ms.at[m, "lead_department"])) for m in new["milestone_id"]],
                "source": source,
                "file_name": v.file_name,
                "sha256": v.sha256,
            }
        )
        history.append(out, files)  # the archived files first, then the rows (one transaction on PostgreSQL)
        for r in out.to_dict("records"):
            audit(
                "milestone_report",
                **{k: r[k] for k in ("user", "report_id", "milestone_id", "status", "previous_status", "department")},
                source=source,
                file_name=v.file_name,
                sha256=v.sha256,
                archive=archived,
                evidence=r["evidence_url"] or evidence_file,
            )
    return out


def evidence_name(stored: str) -> str:
    """The file name as uploaded (``<batch>__evidence__<name>`` → ``<name>``)."""
    return stored.split("__evidence__", 1)[-1]


def _names_evidence(milestone_id: str, name: str) -> bool:
    h = history.reports()
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        return False
    return bool(((h["milestone_id"] == milestone_id) & (h["evidence_file"] == name)).any())


def evidence_stored(milestone_id: str, name: str) -> bool:
    """A report of ``milestone_id`` names evidence file ``name`` and the archive still has it."""
    if not _names_evidence(milestone_id, name):
        return False
    return store.current().has_report_file(name)


def evidence_file(milestone_id: str, name: str) -> bytes | None:
    """The archived evidence file ``name`` if a report of ``milestone_id`` names it (None otherwise,
    or when the archive has lost it): whoever may see the task may open its evidence."""
    if not _names_evidence(milestone_id, name):
        return None
    return store.current().report_file(name)


def error_text(exc: Exception, lang: str) -> str:
    """A refusal in the user's language."""
    if isinstance(exc, ReportError):
        return i18n.t(f"mst.err.{exc.code}", lang, **exc.params)
    if isinstance(exc, write.LockTimeout):
        return i18n.t("mst.err.lock", lang)
    return str(exc)
