"""Computing formulas that were saved without a result (files written by scripts, some exporters).

Excel and WPS save each formula's last result next to it, and the reader uses that. A file
written by a program (openpyxl, some report generators) may hold only the formula; the reader
then computes it here when it is plain arithmetic over cells — numbers, cell references
(``B2``, ``$B$2``, ``Sheet2!B2``, ``'浦东'!B2``), ``+ - * / ^ %``, parentheses, and ``SUM``,
``AVERAGE``, ``MIN``, ``MAX``, ``COUNT``, ``ABS``, ``ROUND`` over cells and ranges, including
shared formulas. Anything else raises ``Unsupported`` and the reader refuses the file naming the
cell — never a blank where a value was meant.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from ipdash.sheets.limits import Deadline

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
   |(?P<ref>(?:(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])
   |(?P<func>[A-Za-z][A-Za-z0-9.]*)\s*\(
   |(?P<op>[-+*/^(),%])
    )""",
    re.VERBOSE,
)
_CELL = re.compile(r"(\$?)([A-Za-z]{1,3})(\$?)(\d+)$")
MAX_STEPS = 5_000_000


class Unsupported(Exception):
    """A formula this module does not compute (or a cycle, a text operand, a division by zero)."""


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(j: int) -> str:
    s = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        s = chr(65 + rem) + s
    return s


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise Unsupported(text[pos : pos + 20])
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


Getter = Callable[[str, int, int], object]  # (sheet, row, col) → float | str | None


class _Parser:
    def __init__(self, toks, sheet: str, shift: tuple[int, int], get: Getter, extent, budget: list[int]):
        self.toks, self.i, self.sheet, self.shift = toks, 0, sheet, shift
        self.get, self.extent, self.budget = get, extent, budget

    def peek(self) -> tuple[str, str]:
        return self.toks[self.i] if self.i < len(self.toks) else ("", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise Unsupported(f"expected {value}")
        self.i += 1
        return tok

    def expr(self) -> float:
        x = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            y = self.term()
            x = x + y if op == "+" else x - y
        return x

    def term(self) -> float:
        x = self.power()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            y = self.power()
            if op == "/" and y == 0:
                raise Unsupported("division by zero")
            x = x * y if op == "*" else x / y
        return x

    def power(self) -> float:
        x = self.unary()
        while self.peek()[1] == "^":
            self.take()
            x = float(x ** self.unary())
        return x

    def unary(self) -> float:
        if self.peek()[1] in ("-", "+"):
            sign = -1.0 if self.take()[1] == "-" else 1.0
            return sign * self.unary()
        x = self.primary()
        while self.peek()[1] == "%":
            self.take()
            x /= 100.0
        return x

    def primary(self) -> float:
        kind, val = self.take()
        if kind == "num":
            return float(val)
        if kind == "ref":
            vals = self.ref(val)
            if len(vals) != 1:
                raise Unsupported("a range outside a function")
            return _number(vals[0], strict=True)
        if kind == "func":
            return self.call(val.upper())
        if val == "(":
            x = self.expr()
            self.take(")")
            return x
        raise Unsupported(val or "end of formula")

    def call(self, name: str) -> float:
        args: list[list[object]] = []
        while self.peek()[1] != ")":
            if self.peek()[0] == "ref" and self.toks[self.i + 1 : self.i + 2] in ([("op", ",")], [("op", ")")]):
                args.append(self.ref(self.take()[1]))
            else:
                args.append([self.expr()])
            if self.peek()[1] == ",":
                self.take()
            elif self.peek()[1] != ")":
                raise Unsupported("argument list")
        self.take(")")
        nums = [v for a in args for v in a if isinstance(v, float | int) and not isinstance(v, bool)]
        if name == "SUM":
            return float(math.fsum(nums))
        if name == "AVERAGE":
            if not nums:
                raise Unsupported("AVERAGE of nothing")
            return math.fsum(nums) / len(nums)
        if name in ("MIN", "MAX"):
            return float((min if name == "MIN" else max)(nums)) if nums else 0.0
        if name == "COUNT":
            return float(len(nums))
        if name == "ABS" and len(args) == 1:
            return abs(_number(args[0][0], strict=True))
        if name == "ROUND" and len(args) == 2:
            return float(round(_number(args[0][0], strict=True), int(_number(args[1][0], strict=True))))
        raise Unsupported(name)

    def ref(self, text: str) -> list[object]:
        sheet = self.sheet
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        a, _, b = text.partition(":")
        r1, c1 = self.cell(a)
        r2, c2 = self.cell(b) if b else (r1, c1)
        rows, cols = self.extent(sheet)
        r1, r2, c1, c2 = min(r1, r2), min(max(r1, r2), rows - 1), min(c1, c2), min(max(c1, c2), cols - 1)
        n = max(0, r2 - r1 + 1) * max(0, c2 - c1 + 1)
        self.budget[0] += n
        if self.budget[0] > MAX_STEPS:
            raise Unsupported("too much work")
        return [self.get(sheet, r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)] or [None]

    def cell(self, text: str) -> tuple[int, int]:
        m = _CELL.match(text)
        if not m:
            raise Unsupported(text)
        r, c = int(m.group(4)) - 1, col_index(m.group(2))
        if not m.group(3):
            r += self.shift[0]
        if not m.group(1):
            c += self.shift[1]
        if r < 0 or c < 0:
            raise Unsupported("reference outside the sheet")
        return r, c


def _number(v: object, *, strict: bool) -> float:
    if v is None:
        return 0.0
    if isinstance(v, bool):
        raise Unsupported("a logical value")
    if isinstance(v, int | float):
        return float(v)
    if strict:
        raise Unsupported("text in arithmetic")
    return 0.0


def evaluate(
    text: str, sheet: str, shift: tuple[int, int], get: Getter, extent, budget: list[int], deadline: Deadline
) -> float:
    """The value of one formula (without its leading '='), or ``Unsupported``."""
    deadline.check()
    p = _Parser(tokens(text.lstrip("=")), sheet, shift, get, extent, budget)
    x = p.expr()
    if p.i != len(p.toks):
        raise Unsupported("trailing text")
    if not math.isfinite(x):
        raise Unsupported("not a finite number")
    return x
