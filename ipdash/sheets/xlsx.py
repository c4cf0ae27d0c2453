"""Streaming reader of ``.xlsx`` workbooks: every sheet, bounded work, cells as the analyst sees them.

Not openpyxl: its read-only mode trusts the ``<dimension>`` entry (a stale one from WPS hides
every column but A), drops merged cells, and its cell limit could only be checked after a whole
sheet was parsed. Here:

1. the zip's central directory is checked before anything is unpacked (total unpacked size,
   number of parts); every part is then streamed through a byte counter that also refuses a
   part unpacking to more than its directory entry says, and any DTD (entity bombs);
2. shared strings, styles (number formats) and each sheet's XML stream through ``iterparse``;
   cells are counted as they arrive (``CellBudget``) and the ``Deadline`` is checked per row;
3. each numeric cell is taken as its number format shows it (``numfmt``: percent, 万 formats,
   units in the format, dates); formulas without a saved result are computed (``formula``) or
   listed as unresolved — as are all formulas of a workbook that asks to be recalculated when
   opened (``fullCalcOnLoad``: its saved results are placeholders, e.g. 0 from a report
   generator); merged ranges are filled with their top-left value.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ipdash.sheets import formula, limits, numfmt
from ipdash.sheets.limits import CellBudget, CountingReader, Deadline, LimitExceeded

NS = "{*}"  # any namespace: transitional (Excel, WPS) and strict OOXML name the same elements differently
PKG_REL = "{*}"
_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


@dataclass
class Sheet:
    """One sheet as a grid of raw cells (str | float | None), 0-based rows and columns."""

    name: str
    rows: list[list] = field(default_factory=list)
    hidden: bool = False
    merged: bool = False  # merged ranges were filled (two-row headers need no carrying)
    fmt_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # shown through a number format
    unresolved: dict[tuple[int, int], str] = field(default_factory=dict)  # formula: no result, not computable
    n_merged_filled: int = 0
    n_formulas_computed: int = 0


@dataclass
class _Raw:
    sheet: Sheet
    formulas: dict[tuple[int, int], tuple[str, tuple[int, int]]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    fmts: dict[tuple[int, int], numfmt.NumFmt] = field(default_factory=dict)
    width: int = 0


class _Guard(CountingReader):
    """Byte counter that also refuses a DTD (no entity declarations in an xlsx part)."""

    tail = b""

    def read(self, n: int = -1) -> bytes:
        chunk = super().read(n)
        probe = (self.tail + chunk).upper()
        if b"<!DOCTYPE" in probe or b"<!ENTITY" in probe:
            raise LimitExceeded("xml_doctype", "a DTD inside the workbook")
        self.tail = chunk[-16:]
        return chunk


def _check_directory(z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    if len(infos) > limits.MAX_ZIP_PARTS or total > limits.MAX_UNZIPPED_BYTES:
        raise LimitExceeded(
            "unzipped_too_large",
            f"{len(infos)} parts, {total} bytes unpacked",
            mb=limits.MAX_UNZIPPED_BYTES // 1_000_000,
            parts=limits.MAX_ZIP_PARTS,
        )


def _open(z: zipfile.ZipFile, name: str, deadline: Deadline) -> _Guard:
    info = z.getinfo(name)
    return _Guard(z.open(info), info.file_size, deadline)


def _iter(source, *tags: str):
    """lxml's streaming parser, end events of ``tags`` only; no entities, no network, no DTD."""
    return etree.iterparse(
        source, events=("end",), tag=tags, resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _rels(z: zipfile.ZipFile, part: str, deadline: Deadline) -> dict[str, tuple[str, str]]:
    """Relationship id → (part path, kind) of ``part`` (from its ``_rels/<name>.rels``)."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    out: dict[str, tuple[str, str]] = {}
    if rels_path not in z.NameToInfo:
        return out
    for _, el in _iter(_open(z, rels_path, deadline), f"{PKG_REL}Relationship"):
        target = el.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id", "")] = (path, el.get("Type", "").rsplit("/", 1)[-1])
    return out


def _parts(z: zipfile.ZipFile, deadline: Deadline):
    """(sheets [(name, path, hidden)], date1904, stale results, sharedStrings path, styles path)."""
    book = next((p for p, kind in _rels(z, "", deadline).values() if kind == "officeDocument"), "xl/workbook.xml")
    rels = _rels(z, book, deadline)
    sheets, date1904, stale = [], False, False
    for _, el in _iter(_open(z, book, deadline), f"{NS}sheet", f"{NS}workbookPr", f"{NS}calcPr"):
        kind = _local(el.tag)
        if kind == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), "")
            path, _kind = rels.get(rid, ("", ""))
            sheets.append((el.get("name", ""), path, el.get("state", "visible") != "visible"))
        elif kind == "workbookPr":
            date1904 = el.get("date1904", "0") in ("1", "true")
        else:
            stale = el.get("fullCalcOnLoad", "0") in ("1", "true")
    by_kind = {kind: path for path, kind in rels.values()}
    return sheets, date1904, stale, by_kind.get("sharedStrings", ""), by_kind.get("styles", "")


def _shared_strings(z, path: str, deadline: Deadline, budget: CellBudget) -> list[str]:
    if not path or path not in z.NameToInfo:
        return []
    out: list[str] = []
    for _, el in _iter(_open(z, path, deadline), f"{NS}si"):
        # phonetic guide runs (rPh) are not part of the text
        out.append("".join(t.text or "" for t in el.iter(f"{NS}t") if _local(t.getparent().tag) != "rPh"))
        el.clear(keep_tail=False)
        while el.getprevious() is not None:
            del el.getparent()[0]
        if len(out) % 4096 == 0:
            budget.take(4096 // 8)  # strings count lightly against the cell budget
            deadline.check()
    return out


def _styles(z, path: str, deadline: Deadline) -> list[numfmt.NumFmt]:
    if not path or path not in z.NameToInfo:
        return []
    codes: dict[int, str] = {}
    xfs: list[numfmt.NumFmt] = []
    for _, el in _iter(_open(z, path, deadline), f"{NS}numFmt", f"{NS}cellXfs"):
        if _local(el.tag) == "numFmt":
            codes[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
            continue
        for xf in el.iter(f"{NS}xf"):
            fid = int(xf.get("numFmtId", "0") or 0)
            xfs.append(numfmt.classify(codes.get(fid, ""), fid))
    return xfs


_COLS: dict[str, int] = {}


def _cell_ref(ref: str | None, row: int, col: int) -> tuple[int, int]:
    if ref:
        letters = ref.rstrip("0123456789")
        j = _COLS.get(letters)
        if j is None and _REF.match(ref):
            j = _COLS.setdefault(letters, formula.col_index(letters))
        if j is not None:
            return int(ref[len(letters) :]) - 1, j
    return row, col


_C, _V, _F, _IS = ("}c", "}v", "}f", "}is")  # tag endings: any namespace


def _sheet(z, name, path, hidden, sst, xfs, deadline, budget, stale: bool = False) -> _Raw:
    raw = _Raw(Sheet(name, hidden=hidden))
    rows = raw.sheet.rows
    shared: dict[str, tuple[int, int, str]] = {}
    pending: list[tuple[int, int, str, str]] = []  # uncached cells of shared formulas: (r, c, si, own text)
    plain = numfmt.PLAIN
    n_xfs = len(xfs)
    r_next = 0
    for _, el in _iter(_open(z, path, deadline), f"{NS}row", f"{NS}mergeCell"):
        if not el.tag.endswith("}row"):
            a, _, b = (el.get("ref") or "").partition(":")
            if b:
                r1, c1 = _cell_ref(a, -1, -1)
                r2, c2 = _cell_ref(b, -1, -1)
                if min(r1, c1, r2, c2) >= 0:
                    raw.merges.append((r1, c1, r2, c2))
            continue
        r_attr = el.get("r")
        r = int(r_attr) - 1 if r_attr and r_attr.isdigit() else r_next
        r_next = r + 1
        cells: list[tuple[int, object]] = []
        c_next = 0
        for cel in el:
            if not cel.tag.endswith(_C):
                continue
            _, c = _cell_ref(cel.get("r"), r, c_next)
            c_next = c + 1
            v = f = inline = None
            for ch in cel:
                tag = ch.tag
                if tag.endswith(_V):
                    v = ch
                elif tag.endswith(_F):
                    f = ch
                elif tag.endswith(_IS):
                    inline = ch
            t = cel.get("t", "n")
            text = v.text if v is not None and not (stale and f is not None) else None
            value: object = None
            if t == "s" and text is not None:
                try:
                    value = sst[int(text)]
                except (ValueError, IndexError):
                    value = ""
            elif t == "inlineStr":
                value = "".join(x.text or "" for x in inline.iter(f"{NS}t")) if inline is not None else ""
            elif t in ("str", "e", "d") and text is not None:
                value = text
            elif t == "b" and text is not None:
                value = "TRUE" if text == "1" else "FALSE"
            elif text:
                try:
                    value = float(text)
                except ValueError:
                    value = text
                s = cel.get("s")
                if s and s != "0" and isinstance(value, float):
                    k = int(s)
                    fmt = xfs[k] if 0 <= k < n_xfs else plain
                    if fmt is not plain:
                        raw.fmts[(r, c)] = fmt
            if f is not None:
                ftext, si = (f.text or ""), f.get("si")
                if f.get("t") == "shared" and si is not None and ftext:
                    shared[si] = (r, c, ftext)
                if not text:
                    k = int(cel.get("s") or 0)
                    fmt = xfs[k] if 0 <= k < n_xfs else plain
                    if fmt is not plain:
                        raw.fmts[(r, c)] = fmt
                    if f.get("t") == "shared" and si is not None:
                        pending.append((r, c, si, ftext))
                    else:
                        raw.formulas[(r, c)] = (ftext, (0, 0))
                    value = ""  # a placeholder: computed (or reported) once the workbook is read
            if value is not None:
                cells.append((c, value))
        el.clear(keep_tail=False)
        while el.getprevious() is not None:
            del el.getparent()[0]
        if r_next % 256 == 0:
            deadline.check()
        if not cells:
            continue
        width = max(c for c, _ in cells) + 1
        while len(rows) <= r:
            rows.append([])
            budget.take(1)
        row = rows[r]
        if len(row) < width:
            budget.take(width - len(row))
            row.extend([None] * (width - len(row)))
        for c, value in cells:
            row[c] = value
        raw.width = max(raw.width, width)
    for r, c, si, own in pending:
        if si in shared:
            r0, c0, text = shared[si]
            raw.formulas[(r, c)] = (text, (r - r0, c - c0))
        else:
            raw.formulas[(r, c)] = (own, (0, 0))
    return raw


def _compute(raws: dict[str, _Raw], deadline: Deadline) -> None:
    """Fill formulas without a saved result (in place); the rest go to ``sheet.unresolved``."""
    state: dict[tuple[str, int, int], object] = {}
    budget = [0]
    VISITING = object()

    def extent(name: str) -> tuple[int, int]:
        raw = raws.get(name)
        if raw is None:
            raise formula.Unsupported(f"no sheet {name}")
        return len(raw.sheet.rows), max(raw.width, 1)

    def get(name: str, r: int, c: int):
        raw = raws.get(name)
        if raw is None:
            raise formula.Unsupported(f"no sheet {name}")
        key = (name, r, c)
        if (r, c) in raw.formulas:
            got = state.get(key)
            if got is VISITING:
                raise formula.Unsupported("circular reference")
            if got is None:
                state[key] = VISITING
                text, shift = raw.formulas[(r, c)]
                try:
                    got = formula.evaluate(text, name, shift, get, extent, budget, deadline)
                except formula.Unsupported:
                    state[key] = None
                    raise
                state[key] = got
            return got
        rows = raw.sheet.rows
        return rows[r][c] if r < len(rows) and c < len(rows[r]) else None

    for name, raw in raws.items():
        for (r, c), (text, _shift) in raw.formulas.items():
            try:
                raw.sheet.rows[r][c] = get(name, r, c)
                raw.sheet.n_formulas_computed += 1
            except (formula.Unsupported, RecursionError, OverflowError, ValueError):
                raw.sheet.unresolved[(r, c)] = "=" + text


def _fill_merges(raw: _Raw, budget: CellBudget) -> None:
    rows = raw.sheet.rows
    for r1, c1, r2, c2 in raw.merges:
        if r1 >= len(rows):
            continue
        r2, c2 = min(r2, len(rows) - 1), min(c2, max(raw.width - 1, c1))
        top = rows[r1][c1] if c1 < len(rows[r1]) else None
        fmt = raw.fmts.get((r1, c1))
        for r in range(r1, r2 + 1):
            row = rows[r]
            if len(row) <= c2:
                budget.take(c2 + 1 - len(row))
                row.extend([None] * (c2 + 1 - len(row)))
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1) and row[c] in (None, ""):
                    row[c] = top
                    if fmt is not None:
                        raw.fmts[(r, c)] = fmt
                    if top not in (None, ""):
                        raw.sheet.n_merged_filled += 1
        raw.sheet.merged = True


def read_workbook(data: bytes, deadline: Deadline, budget: CellBudget) -> list[Sheet]:
    """Every sheet of the workbook, in order. Raises ``LimitExceeded`` or a parse error."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        _check_directory(z)
        sheets, date1904, stale, sst_path, styles_path = _parts(z, deadline)
        sst = _shared_strings(z, sst_path, deadline, budget)
        xfs = _styles(z, styles_path, deadline)
        raws: dict[str, _Raw] = {}
        for name, path, hidden in sheets:
            if path in z.NameToInfo:
                raws[name] = _sheet(z, name, path, hidden, sst, xfs, deadline, budget, stale)
    _compute(raws, deadline)
    for raw in raws.values():
        _fill_merges(raw, budget)
        rows = raw.sheet.rows
        for (r, c), fmt in raw.fmts.items():
            v = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            if isinstance(v, float):
                rows[r][c] = numfmt.show(v, fmt, date1904)
                if fmt.kind != "date" and (fmt.unit or fmt.divisor != 1.0):
                    raw.sheet.fmt_cells[(r, c)] = fmt.code
        deadline.check()
    return [raw.sheet for raw in raws.values()]
