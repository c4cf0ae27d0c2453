"""Validation of an uploaded table: catalog codes, years, units, plausible values — with pandera.

``validate(data, file_name, allowed_areas=…)`` reads the file (``read``), types every cell
(``parse``: codes, years, units resolved into the indicator's unit, plausibility ranges) and
checks the result against the rules (``rules``: named checks, reported by pandera). Each failure
becomes a ``Problem`` naming the sheet, the row (as Excel numbers it), the column (the file's own
header text), the value as typed and what was expected, in Chinese and English. A value outside
its indicator's plausible range or a unit stated twice in two ways is an **error**. Suspicious
values — a jump of more than 3× (or below ⅓) on the previous year, a change to an existing
``official`` value — are *warnings*, which a commit must confirm explicitly.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ipdash import catalog, i18n, paths, store
from ipdash.ingest import keyed, plaincsv, rules
from ipdash.ingest.parse import parse
from ipdash.ingest.rules import MIN_YEAR, max_year, schema
from ipdash.schema import upload_columns
from ipdash.sheets.numfmt import number_text
from ipdash.sheets.read import Problem, RawTable, file_problem, read
from ipdash.sheets.units import parse_number
from ipdash.store import read as store_read
from ipdash.strings import ingest as vocab

__all__ = [
    "MIN_YEAR",
    "OUT_COLUMNS",
    "Validation",
    "max_year",
    "parse_number",
    "problems_frame",
    "schema",
    "validate",
]
MAX_PROBLEMS = 1000
JUMP = 3.0
OUT_COLUMNS = upload_columns()  # what a validated row carries (ipdash/schema.py)
LANGS = ("zh", "en")


@dataclass
class Validation:
    """Everything the page and the CLI show about one uploaded file."""

    file_name: str
    sha256: str
    size: int
    raw: RawTable
    rows: pd.DataFrame  # OUT_COLUMNS + _row, _sheet, conv_zh, conv_en; only meaningful when ok
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    taken: dict[str, list[str]] = field(default_factory=dict)  # area / year / unit taken from the title
    proposed_area: str = ""  # the area proposed from the account (the file names none)

    def taken_lines(self, cat_names: dict[str, str], lang: str = "zh") -> list[str]:
        """What the analyst must confirm: what was taken from the title, the area proposed from the account."""
        out = []
        items = [
            i18n.t(f"ingest.taken.{k}", lang, value=i18n.t("ingest.sep", lang).join(cat_names.get(x, x) for x in vs))
            for k, vs in self.taken.items()
        ]
        if items:
            out.append(i18n.t("ingest.taken.title", lang, items=i18n.t("ingest.sep", lang).join(items)))
        if self.proposed_area:
            out.append(i18n.t("ingest.taken.account", lang, area=cat_names.get(self.proposed_area, self.proposed_area)))
        return out

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def refused_rows(self) -> int:
        return len({(p.sheet, p.row) for p in self.errors if p.row is not None and p.code != "no_rows"})

    def problems_frame(self, kind: str = "errors", lang: str = "zh") -> pd.DataFrame:
        return problems_frame(self.errors if kind == "errors" else self.warnings, lang)

    def conversions(self, lang: str = "zh") -> list[tuple[str, int]]:
        """Each distinct unit conversion applied, with how many values it converted."""
        col = f"conv_{lang}"
        if col not in self.rows or self.rows.empty:
            return []
        counts = self.rows.loc[self.rows[col] != "", col].value_counts(sort=False)
        return [(str(k), int(n)) for k, n in counts.items()]

    def nbytes(self) -> int:
        """Memory really held (for the bounded validation cache): the frames, deep, and the problems,
        field by field — not the upload's bytes, which a cached validation does not keep."""
        frames = (self.raw.df, self.rows)
        held = sum(int(f.memory_usage(deep=True).sum()) for f in frames)
        problems = [*self.errors, *self.warnings, *self.raw.problems]
        return held + sum(sys.getsizeof(p) + sum(sys.getsizeof(x) for x in vars(p).values()) for p in problems)


def problems_frame(items: list[Problem], lang: str = "zh") -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "row": pd.array([p.row for p in items], dtype="Int64"),
            "column": [p.column for p in items],
            "value": [p.value for p in items],
            "expected": [p.expected_zh if lang == "zh" else p.expected_en for p in items],
        }
    )
    if any(p.sheet for p in items):
        df.insert(0, "sheet", [p.sheet for p in items])
    return df


# check name → field whose header names the column
FIELD_OF = {
    "area_known": "area",
    "area_allowed": "area",
    "indicator_known": "indicator",
    "year_int": "year",
    "year_partial": "year",
    "year_range": "year",
    "value_number": "value",
    "value_finite": "value",
    "value_nonneg": "value",
    "unit_convertible": "unit",
    "unit_conflict": "unit",
    "implausible": "value",
    "count_whole": "value",
    "provenance_known": "provenance",
    "confidence_known": "confidence",
    "percent_max": "value",
    "official_source": "source_url",
    "duplicate": "year",
}


def _names(df: pd.DataFrame, lang: str) -> str:
    return i18n.t("ingest.sep", lang).join(df["name_zh" if lang == "zh" else "name_en"]) or "—"


def _column(raw: RawTable, rec, fld: str) -> str:
    """The file's own header text for ``fld`` (or its Chinese name when the file has no such column)."""
    if fld == "value":
        return rec["_value_col"]
    if fld == "area" and rec.get("_area_sheet"):
        return i18n.t("ingest.col.sheet_name" if rec.get("_sheet") else "ingest.col.title", "zh")
    headers = raw.headers_by_sheet.get(rec.get("_sheet", ""), raw.headers)
    if fld == "unit" and not headers.get("unit"):
        return rec["_value_col"]
    if fld == "year" and not headers.get("year"):
        return rec["_value_col"]
    return headers.get(fld) or vocab.DEFAULT_HEADERS.get(fld, fld)


def _num(x: float) -> str:
    if not np.isfinite(x) or abs(x) >= 1e15:
        return f"{x:.3g}"
    return f"{x:,.0f}" if abs(x) >= 1000 else number_text(float(f"{x:.6g}"))


def _expected(chk: str, r: dict, cat: catalog.Catalog, allowed: set[str] | None) -> tuple[str, str]:
    kw: dict[str, dict] = {lang: {} for lang in LANGS}
    inds = cat.indicators.set_index("code")
    ar = cat.areas.set_index("code")
    for lang in LANGS:
        k = kw[lang]
        if chk == "area_known":
            k["names"] = _names(cat.areas, lang)
        elif chk == "area_allowed":
            k["names"] = _names(cat.areas[cat.areas["code"].isin(allowed or ())], lang)
        elif chk == "year_range":
            k.update(lo=MIN_YEAR, hi=max_year())
        elif chk == "unit_convertible":
            k["target"] = r["unit"] if isinstance(r["unit"], str) else ""
        elif chk == "unit_conflict":
            k.update(a=r[f"conflict_{lang}"][0], b=r[f"conflict_{lang}"][1])
        elif chk in ("implausible", "count_whole"):
            name = "name_zh" if lang == "zh" else "name_en"
            known = r["indicator"] in inds.index
            unit = inds.at[r["indicator"], "unit" if lang == "zh" else "unit_en"] if known else ""
            pop = _num(r["population"]) if pd.notna(r["population"]) else ""
            k.update(
                indicator=inds.at[r["indicator"], name] if known else str(r["indicator"]),
                area=ar.at[r["area"], name] if r["area"] in ar.index else r["area"],
                lo=_num(r["lo"]),
                hi=_num(r["hi"]),
                unit=unit,
                got=_num(r["value_num"]),
                why=i18n.t(f"ingest.why.{r['why']}", lang, unit=unit, pop=pop),
            )
    return tuple(i18n.t(f"ingest.p.{chk}", lang, **kw[lang]) for lang in LANGS)  # type: ignore[return-value]


def check(raw: RawTable, cat: catalog.Catalog, allowed: set[str] | None) -> tuple[pd.DataFrame, list[Problem]]:
    proposed = next(iter(allowed)) if allowed is not None and len(allowed) == 1 else None
    parsed = parse(raw, cat.indicators, cat.areas, proposed_area=proposed)
    parsed["year_int"] = parsed["year"].notna() | parsed["year_partial"]
    parsed["year_partial"] = ~parsed["year_partial"]
    parsed["unit_convertible"] = parsed["factor"].notna() | ~parsed["unit_ok"]
    percent = set(cat.indicators.loc[cat.indicators["measure"] == "percent", "code"])
    codes = set(cat.areas["code"])
    failures = rules.failures(parsed, codes, set(cat.indicators["code"]), percent, allowed)
    f = failures[failures["check"].isin(list(FIELD_OF)) & failures["index"].notna()][["check", "index"]]
    f = f.drop_duplicates().astype({"index": "int64"}).sort_values("index", kind="stable")
    total = len(f)
    if f.empty:
        return parsed, []
    f = f.head(MAX_PROBLEMS)  # rows are in file order: report the first ones, count the rest
    keyed = pd.DataFrame({"key": parsed["key"], "_sheet": raw.df["_sheet"], "_row": raw.df["_row"]}).dropna()
    firsts = keyed.drop_duplicates("key").set_index("key")
    first_at = pd.DataFrame({c: parsed["key"].map(firsts[c]) for c in ("_sheet", "_row")}, index=parsed.index)
    extra = ["unit_src", "indicator", "area", "unit", "lo", "hi", "why", "population", "conflict_zh", "conflict_en"]
    j = f.join(raw.df.drop(columns=["unit", "area", "indicator"]), on="index").join(parsed[extra], on="index")
    j = j.join(parsed["value"].rename("value_num"), on="index")
    j = j.join(first_at.add_prefix("_first"), on="index")
    problems = []
    for r in j.to_dict("records"):
        chk = r["check"]
        fld = FIELD_OF[chk]
        value = r["unit_src"] if fld == "unit" else raw.df.at[r["index"], fld]
        if chk == "duplicate":
            fs, fr = r.get("_first_sheet", ""), r.get("_first_row")
            row = int(fr) if pd.notna(fr) else int(r["_row"])
            ref_key = "ingest.sheet_row_ref" if fs and fs != r["_sheet"] else "ingest.row_ref"
            refs = {lang: i18n.t(ref_key, lang, row=row, sheet=fs) for lang in LANGS}
            zh, en = (i18n.t("ingest.p.duplicate", lang, first=refs[lang]) for lang in LANGS)
        else:
            zh, en = _expected(chk, r, cat, allowed)
        problems.append(Problem(chk, int(r["_row"]), _column(raw, r, fld), str(value), zh, en, r["_sheet"]))
    problems.sort(key=lambda q: (q.sheet, q.row or 0, q.column))
    if total > MAX_PROBLEMS:
        problems.append(file_problem("too_many", more=total - MAX_PROBLEMS, n=total))
    return parsed, problems


def suspicious(rows: pd.DataFrame, current: pd.DataFrame | None, raw: RawTable) -> list[Problem]:
    """Warnings: a jump of more than ``JUMP``× on the previous year; a change to an official value.
    ``current``: the stored actuals (None: the store's file). The joins run in DuckDB on the
    uploaded keys only (``ingest.keyed``), not in pandas over every stored value."""
    m = keyed.suspicious(rows, current, JUMP)
    if m.empty:
        return []
    cols = ["_row", "_sheet", "value", "_value_col"]  # ``_column(…, "value")`` is the record's ``_value_col``
    recs = raw.df.loc[m["i"].to_numpy(), cols].to_dict("records")  # one lookup, not one per flagged row
    out = []
    # ``i18n.t(key, lang, **kw)`` is the template's ``format(**kw)``: each template looked up once, not per row
    jump_t, official_t = ([i18n.t(f"ingest.w.{k}", lang) for lang in LANGS] for k in ("jump", "official_change"))
    for r, rec in zip(m.to_dict("records"), recs, strict=True):
        col = rec["_value_col"]
        if r["jump"]:
            kw = {"year": r["year"] - 1, "prev": f"{r['prev']:g}", "k": f"{JUMP:g}", "now": f"{r['value']:g}"}
            zh, en = (t.format(**kw) for t in jump_t)
            out.append(Problem("jump", int(rec["_row"]), col, rec["value"], zh, en, rec["_sheet"]))
        if r["official"]:
            kw = {"old": f"{r['old']:g}", "now": f"{r['value']:g}"}
            zh, en = (t.format(**kw) for t in official_t)
            out.append(Problem("official_change", int(rec["_row"]), col, rec["value"], zh, en, rec["_sheet"]))
    return out


def validate(
    data: bytes,
    file_name: str,
    *,
    allowed_areas: set[str] | frozenset[str] | str | None = None,
    current: pd.DataFrame | None = None,
    sheet: str | None = None,
) -> Validation:
    """The one code path of the page and the CLI. ``allowed_areas``: None = not checked; "*" = all."""
    v = _validate(data, file_name, allowed_areas, current, sheet)
    # the typed rows and the problems are kept; the raw strings are not needed (a copy: a slice would be
    # a view keeping every string of the file alive — 50–60 MB a 4.6 MB upload, unseen by memory_usage)
    v.raw.df = v.raw.df.iloc[0:0].copy(deep=True)
    return v


def _validate(
    data: bytes, file_name: str, allowed_areas, current: pd.DataFrame | None, sheet: str | None
) -> Validation:
    raw = plaincsv.read(data, file_name)  # a plain CSV column by column: the same table, ~0.3 s less at 100 000 rows
    if raw is None:
        raw = read(data, file_name, sheet=sheet)
    v = Validation(
        file_name,
        hashlib.sha256(data).hexdigest(),
        len(data),
        raw,
        pd.DataFrame(columns=[*OUT_COLUMNS, "_row", "_sheet", "conv_zh", "conv_en"]),
        errors=list(raw.problems),
    )
    if v.errors:
        return v
    if raw.df.empty:
        v.errors.append(file_problem("no_rows", row=raw.header_row + 1, sheet=raw.sheet.split(", ")[0]))
        return v
    built = store.current().has_catalog()
    cat = _store_catalog() if built else catalog.load(check=False)
    allowed = (
        None if allowed_areas is None else (set(cat.areas["code"]) if allowed_areas == "*" else set(allowed_areas))
    )
    parsed, problems = check(raw, cat, allowed)
    v.errors += problems
    if v.errors:
        return v
    rows = parsed[list(OUT_COLUMNS)].copy()
    rows["year"] = rows["year"].astype("int32")
    rows["value"] = rows["value"].astype("float64")
    rows["_row"] = raw.df["_row"].astype("int64")
    rows["_sheet"] = raw.df["_sheet"]
    rows["conv_zh"], rows["conv_en"] = parsed["conv_zh"], parsed["conv_en"]
    v.rows = rows.reset_index(drop=True)
    v.taken, v.proposed_area = _taken(raw.df, parsed)
    if current is None and not built:
        store_read.ensure_fresh()  # build the store: DuckDB reads its actuals file below
    v.warnings = suspicious(v.rows, current, raw)
    return v


def _taken(df: pd.DataFrame, parsed: pd.DataFrame) -> tuple[dict[str, list[str]], str]:
    """What the title lines gave the table (areas, years, units; each once, in file order) and the
    area proposed from the account, if any."""
    titled = {
        "area": parsed.loc[parsed["area_from"] == "title", "area"],
        "year": parsed.loc[df["_tyear"] == "1", "year"].astype(str),
        "unit": df.loc[df["_twhere"].isin(["title", "above"]) & (df["_tunit"] != ""), "_tunit"],
    }
    taken = {k: list(dict.fromkeys(v.tolist())) for k, v in titled.items() if len(v)}
    account = parsed.loc[parsed["area_from"] == "account", "area"]
    return taken, (str(account.iloc[0]) if len(account) else "")


def _store_catalog() -> catalog.Catalog:
    return catalog.Catalog(**{name: store_read.table(name) for name in paths.CATALOG_TABLES})
