"""Raw strings → typed columns: catalog codes, years, numbers, units resolved, plausibility.

Areas and indicators are matched by name, short name, English name, code or alias (and
``上海市浦东新区``: a city's name before one of its districts). Years are read by
``text.period`` (``2025年1-12月``, a date cell → its year; a part of a year is flagged). Every
unit written for a value — in the value, its number format, the unit column, the column header,
the indicator name, a unit line of the sheet — goes to ``units.resolve``: one factor, or a
conflict. Each converted value carries a note saying which statement converted it and by how
much (shown in the preview), and ``plausible`` bounds its magnitude.
"""

from __future__ import annotations

import hashlib
import json
import math
import re

import numpy as np
import pandas as pd

from ipdash import catalog, i18n, schema
from ipdash.ingest import plausible
from ipdash.sheets import numfmt
from ipdash.sheets.read import RawTable
from ipdash.sheets.text import clean, period
from ipdash.sheets.units import Statement, parse_number, parse_unit, resolve
from ipdash.strings import ingest as vocab

TABLE_WHERE = ("above", "below", "title")


def lookup(df: pd.DataFrame) -> dict[str, str]:
    """Name, short name, English name, code, alias (and each without spaces) → code; a copy of the map
    built once per catalog content (2 850 areas: ~0.1 s each upload otherwise)."""
    cols = [c for c in _ALIAS_COLUMNS if c in df.columns]
    content = json.dumps([cols, *(df[c].tolist() for c in cols)], ensure_ascii=False, default=_tagged)
    key = hashlib.sha256(content.encode("utf-8")).hexdigest()
    m = _LOOKUPS.get(key)
    if m is None:
        m = catalog.alias_map(df)
        for k, v in list(m.items()):
            m.setdefault(re.sub(r"\s+", "", k), v)
            m.setdefault(k.replace("’", "'"), v)
        if len(_LOOKUPS) >= 8:
            _LOOKUPS.pop(next(iter(_LOOKUPS)))
        _LOOKUPS[key] = m
    return dict(m)


def _tagged(x) -> list[str]:
    """A non-JSON cell (pd.NA, a numpy scalar…) as [type, repr]: never equal to a string cell's JSON."""
    return [type(x).__name__, repr(x)]


_ALIAS_COLUMNS = ("code", "name_zh", "name_en", "short_zh", "aliases")  # all that ``catalog.alias_map`` reads
_LOOKUPS: dict[str, dict[str, str]] = {}


def match(text: str, table: dict[str, str]) -> tuple[str | None, str]:
    """(code, unit written in parentheses after the name, e.g. 技术合同成交额（万元）)."""
    t = clean(text).lower().replace("’", "'")
    for cand in (t, re.sub(r"\s+", "", t)):
        if cand in table:
            return table[cand], ""
    m = re.match(r"^(.*?)\s*[(\[](.*)[)\]]$", t)
    if m:
        code = table.get(m.group(1)) or table.get(re.sub(r"\s+", "", m.group(1)))
        if code:
            return code, m.group(2) if parse_unit(m.group(2)) else ""
    return None, ""


def area_matcher(areas: pd.DataFrame):
    """Area text → code; a city's name written before a district's (上海市浦东新区) is dropped."""
    table = lookup(areas)
    level = areas["level"] if "level" in areas else pd.Series("", index=areas.index)
    cities = set(areas.loc[level == "city", "code"])
    prefixes = sorted((k for k, v in table.items() if v in cities and k), key=len, reverse=True)

    def find(text: str) -> str | None:
        code = match(text, table)[0]
        if code is not None:
            return code
        t = re.sub(r"\s+", "", clean(text).lower())
        for p in prefixes:
            if t.startswith(p) and len(t) > len(p):
                rest = match(t[len(p) :], table)[0]
                if rest is not None and rest not in cities:
                    return rest
        return None

    return find


def title_area_matcher(areas: pd.DataFrame):
    """Title text → the one area it names (``2025年浦东新区知识产权指标`` → pudong), or None when it
    names none or several. A city named together with one of its districts is the district."""
    table = lookup(areas)
    level = areas["level"] if "level" in areas else pd.Series("", index=areas.index)
    cities = set(areas.loc[level == "city", "code"])
    keys = sorted((k for k in table if len(k) >= 2), key=len, reverse=True)
    latin = {k: re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])") for k in keys if k.isascii()}

    def find(text: str) -> str | None:
        t = clean(text).lower()
        if not t:
            return None
        squeezed = re.sub(r"\s+", "", t)
        codes = {table[k] for k in keys if (latin[k].search(t) if k in latin else k in squeezed)}
        if codes - cities:
            codes -= cities
        return codes.pop() if len(codes) == 1 else None

    return find


def year_of(text: str) -> tuple[int | None, bool]:
    """(year, partial): partial True for a part of a year (2025年1-6月)."""
    p = period(text)
    if p is None:
        return None, False
    return p.year, not p.full


def _by_unique(col: pd.Series, fn) -> list:
    """``fn`` applied once per distinct cell (uploads repeat names, years and units a lot), mapped back by
    the codes of ``factorize`` (not a dict look-up per cell: iterating a str column costs ~1.5 µs a cell)."""
    codes, uniq = pd.factorize(col, use_na_sentinel=False)
    out = np.fromiter(map(fn, uniq), dtype=object, count=len(uniq))  # tuples stay tuples, one element each
    return out[codes].tolist()


def factor_text(f: float) -> str:
    if f >= 1 and float(f).is_integer():
        return f"{int(f):,}".replace(",", " ")
    return numfmt.number_text(f)


def stmt_text(s: Statement, lang: str) -> str:
    text = i18n.t("ingest.unit_line_text", lang, unit=s.text) if s.where in TABLE_WHERE else s.text
    return i18n.t("ingest.stmt", lang, where=i18n.t(f"ingest.where.{s.where}", lang), text=text)


def _unit_of(key: tuple, units: dict, units_en: dict) -> tuple:
    """One distinct combination of unit statements → (factor, unit_src, conflict zh/en, note zh/en)."""
    inline, fmt, cell, hunit, nunit, tunit, twhere, ind = key
    if ind not in units:
        return 1.0, inline or cell, "", "", "", ""
    inline_s = Statement("format" if fmt else "inline", inline) if inline else None
    others = tuple(
        Statement(w, t) for w, t in (("unit_col", cell), ("header", hunit), ("name", nunit), (twhere, tunit)) if t
    )
    res = resolve(inline_s, others, units[ind], units_en[ind])
    if res.conflict is not None:
        a, b = res.conflict
        zh = (stmt_text(a, "zh"), stmt_text(b, "zh"))
        en = (stmt_text(a, "en"), stmt_text(b, "en"))
        return None, res.unit_src, zh, en, "", ""
    f = res.factor
    net = f
    if f is not None and fmt:
        net = f / numfmt.classify(fmt).divisor
    if f is None or res.deciding is None or net is None or math.isclose(net, 1.0):
        return f, res.unit_src, "", "", "", ""
    shown = Statement(res.deciding.where, fmt) if fmt and res.deciding.where == "format" else res.deciding
    notes = [i18n.t("ingest.conv", lang, stmt=stmt_text(shown, lang), factor=factor_text(net)) for lang in ("zh", "en")]
    return f, res.unit_src, "", "", notes[0], notes[1]


def _areas(df: pd.DataFrame, areas: pd.DataFrame, proposed: str | None) -> tuple[pd.Series, pd.Series]:
    """(area code, where it was taken from: "" the area column or sheet name | title | account).

    A table without an area column whose sheet name is no area takes the one area its title names;
    failing that, ``proposed`` (the one area the uploading account may write)."""
    area = pd.Series(_by_unique(df["area"], area_matcher(areas)), index=df.index, dtype=object)
    source = pd.Series("", index=df.index, dtype=object)
    open_ = (df["_area_sheet"] == "1") & area.isna()
    if open_.any():
        titled = pd.Series(_by_unique(df.loc[open_, "_title"], title_area_matcher(areas)), index=df.index[open_])
        hit = titled.dropna().index
        area.loc[hit], source.loc[hit] = titled.loc[hit], "title"
        rest = open_ & area.isna()
        if proposed is not None and rest.any():
            area.loc[rest], source.loc[rest] = proposed, "account"
    return area, source


def _judged(col: pd.Series, fn) -> tuple[np.ndarray, list]:
    """(codes, ``fn`` of each distinct cell): ``fn(distinct[codes[i]])`` is row i's answer."""
    codes, uniq = pd.factorize(col, use_na_sentinel=False)
    return codes, list(map(fn, uniq))


def _objects(items: list) -> np.ndarray:
    """A list as a 1-D object array (tuples stay tuples, one element each)."""
    return np.fromiter(items, dtype=object, count=len(items))


def _combined(parts: list) -> tuple[np.ndarray, np.ndarray]:
    """(codes, first row of each code) of the rows' combinations of ``parts`` (columns of equal length):
    rows with equal values in every part share a code."""
    codes = np.zeros(len(parts[0]), dtype=np.int64)
    for p in parts:
        c, uniq = pd.factorize(p, use_na_sentinel=False)
        codes, _ = pd.factorize(codes * max(len(uniq), 1) + c)  # both < rows: no overflow
    return codes, np.unique(codes, return_index=True)[1]


def _value_of(cell) -> tuple[bool, float | None, str]:
    """(estimate marked, number, unit written in the value) of one value cell: ``12.3（估）``, ``约12.3``."""
    s = str(cell)
    marked = bool(_EST_MARK.search(s))
    number, inline = parse_number(_EST_MARK.sub("", s).strip() if marked else s)
    return marked, number, inline


_PREFIX = "|".join(map(re.escape, vocab.ESTIMATE_PREFIXES))
_MARK = "|".join(map(re.escape, vocab.ESTIMATE_MARKS))
_EST_MARK = re.compile(rf"^\s*(?:{_PREFIX})|[(\[]\s*(?:{_MARK})\s*[)\]]\s*$", re.IGNORECASE)
_EST_NOTE = re.compile("|".join(map(re.escape, vocab.ESTIMATE_WORDS)))


def parse(
    raw: RawTable, indicators: pd.DataFrame, areas: pd.DataFrame, *, proposed_area: str | None = None
) -> pd.DataFrame:
    """Raw strings → typed columns (NA where a cell could not be read); index as raw.df.

    ``proposed_area``: the area of a table that names none (no area column, no area in the sheet
    name or title) — the one area the uploading account may write."""
    df = raw.df
    ind_lu = lookup(indicators)
    units = dict(zip(indicators["code"], indicators["unit"]))
    units_en = dict(zip(indicators["code"], indicators["unit_en"]))
    out = pd.DataFrame(index=df.index)
    out["area"], out["area_from"] = _areas(df, areas, proposed_area)
    # column by column: each distinct cell judged once, the answers taken back by factorised codes (no
    # Python object per row; ``tests/test_ingest_parse.py`` checks this against the former per-row code)
    i_codes, i_res = _judged(df["indicator"], lambda s: match(s, ind_lu))
    ind = _objects([r[0] for r in i_res])[i_codes]
    out["indicator"] = pd.Series(ind, index=df.index, dtype=object)
    y_codes, y_res = _judged(df["year"], year_of)
    out["year"] = pd.array([y if not partial else None for y, partial in y_res], dtype="Int64").take(y_codes)
    out["year_partial"] = np.array([partial for _, partial in y_res], dtype=bool)[y_codes]
    v_codes, v_res = _judged(df["value"], _value_of)
    n_codes, noted = _judged(df["note"], lambda s: bool(_EST_NOTE.search(str(s).lower())))
    estimated = np.array([r[0] for r in v_res], dtype=bool)[v_codes] | np.array(noted, dtype=bool)[n_codes]
    out["number"] = np.array([np.nan if r[1] is None else r[1] for r in v_res], dtype="float64")[v_codes]
    out["inline_ok"] = np.array([r[2] == "" or parse_unit(r[2]) is not None for r in v_res], dtype=bool)[v_codes]
    inline = _objects([r[2] for r in v_res])[v_codes]
    parts = [inline, *(df[c] for c in ("_fmt", "unit", "_hunit")), _objects([r[1] for r in i_res])[i_codes]]
    parts += [df["_tunit"], df["_twhere"], ind]  # the order of ``_unit_of``'s key
    k_codes, firsts = _combined(parts)
    cols = [np.asarray(c, dtype=object)[firsts] for c in parts]
    res = [_unit_of(k, units, units_en) for k in zip(*cols)]  # once per distinct combination of statements
    out["unit_src"] = _objects([r[1] for r in res])[k_codes]
    out["factor"] = pd.array([r[0] for r in res], dtype="Float64").take(k_codes)
    out["unit_ok"] = np.array([not r[2] for r in res], dtype=bool)[k_codes]
    for j, c in enumerate(("conflict_zh", "conflict_en", "conv_zh", "conv_en"), start=2):
        out[c] = _objects([r[j] for r in res])[k_codes]
    value = out["number"] * out["factor"].astype("float64")
    converted = out["factor"].astype("float64").fillna(1.0) != 1.0
    out["value"] = value.where(~converted, value[converted].map(_tidy))  # only the converted: 100 000 calls less
    out["unit"] = out["indicator"].map(units)
    out = out.join(plausible.check(out, indicators, areas))
    out.loc[~np.isfinite(out["number"].fillna(0.0)), "in_range"] = True  # ``value_finite`` says it
    counts = out["whole"] & out["in_range"] & out["value"].notna() & (out["why"] == "count")
    out.loc[counts, "value"] = out.loc[counts, "value"].round()
    p_codes, p_res = _judged(df["provenance"], lambda s: vocab.PROVENANCE_WORDS.get(s.lower()) if s else "")
    prov = _objects(p_res)[p_codes]
    # what the file says: a provenance column, else an estimate marker or note, else a source URL
    # (official); a value the file says nothing about is what the office reported — never 估算 by default
    said = np.where(estimated, "estimate", np.where(df["source_url"] != "", "official", "reported"))
    out["provenance"] = np.where(prov == "", said.astype(object), prov)
    out["confidence"] = _upper(df["confidence"])
    for c in schema.upload_columns():  # the text fields taken as written (source_url, note …)
        if c not in out.columns:
            out[c] = df[c]
    known = out["area"].notna() & out["indicator"].notna() & out["year"].notna()
    out["key"] = (out["area"].astype(str) + "|" + out["indicator"].astype(str) + "|" + out["year"].astype(str)).where(
        known, None
    )
    return out


def _upper(col: pd.Series) -> pd.Series:
    """``col.str.upper()``, each distinct text once (a column of texts; anything else: ``str.upper``)."""
    if col.dtype != object:
        return col.str.upper()
    codes, uniq = pd.factorize(col, use_na_sentinel=False)
    if not all(type(u) is str for u in uniq):
        return col.str.upper()
    return pd.Series(_objects([u.upper() for u in uniq])[codes], index=col.index, name=col.name, dtype=object)


def _tidy(x: float) -> float:
    """A converted value without binary noise (123.40000000000001 → 123.4)."""
    if x is None or not math.isfinite(x):
        return x
    return float(format(x, ".15g"))
