"""Every UI string key is used: a key nobody asks for is dead text that translators still maintain.

A key counts as used when the code of ``ipdash/`` (outside the ``STRINGS`` tables themselves),
``app.py`` or ``app_pages/`` holds it as a string literal, or when it lies under the literal head of
an f-string there, e.g. ``t(f"det.method.{m}")`` uses every ``det.method.*`` key. The heads are
read from the code, not listed here, so a new dynamic key family needs no change to this test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ipdash import i18n, paths

REPO = paths.REPO
# the literal head of an f-string that builds a key: dotted lower-case words ending in "." or "_"
KEY_HEAD = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*[._]")


def _sources() -> list[Path]:
    return [*sorted((REPO / "ipdash").rglob("*.py")), REPO / "app.py", *sorted((REPO / "app_pages").glob("*.py"))]


def _is_strings_table(node: ast.AST) -> bool:
    return isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "STRINGS" for t in node.targets)


def _references() -> tuple[set[str], set[str]]:
    """(every string literal, every key-shaped f-string head) in the code that may ask for a key."""
    literals: set[str] = set()
    heads: set[str] = set()
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = {id(n) for stmt in tree.body if _is_strings_table(stmt) for n in ast.walk(stmt)}
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values:
                first = node.values[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and KEY_HEAD.fullmatch(first.value):
                    heads.add(first.value)
    return literals, heads


def test_the_scan_sees_literal_and_dynamic_keys():
    """The scan itself works: a literal key and the heads of known dynamic families are found."""
    literals, heads = _references()
    assert "nav.overview" in {k for k in literals if i18n.has(k)}
    assert {"det.method.", "status.", "upload.layout_"} <= heads


def test_every_string_key_is_used():
    literals, heads = _references()
    unused = sorted(k for k in i18n.all_strings() if k not in literals and not k.startswith(tuple(heads)))
    assert not unused, (
        f"String keys that no code asks for: {unused}. Each is neither a string literal in ipdash/, app.py "
        'or app_pages/ nor under the head of an f-string key there (e.g. f"det.method.{m}" covers '
        "det.method.*). Delete the key from its module in ipdash/strings/, or, if it is built at run time "
        "in another way, build it with an f-string whose literal head is the key's prefix."
    )
