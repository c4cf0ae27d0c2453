"""The layout holds: one-way packages, thin pages, short modules, text in ipdash/strings.

Every failure is a sentence that says what is wrong and what to do about it.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PKG = REPO / "ipdash"
PAGES = REPO / "app_pages"
DOC = REPO / "docs" / "architecture.md"
MAX_PAGE_LINES = 100
MAX_MODULE_LINES = 400
# Known debts, each carried by the open issue whose branch already clears it (issue-11: engine and
# verdict texts; issue-13: meeting, deck, presenter, shell). Shrink-only: a module
# listed here that is already clean fails the test, so the list is pruned as the branches land.
PENDING_LONG: dict[str, str] = {}
PENDING_TEXT: dict[str, str] = {}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")

# package -> the packages its modules may import (docs/architecture.md, "The map")
ALLOWED = {
    "core": {"core"},
    "store": {"core", "store"},
    "sheets": {"core", "sheets"},
    "accounts": {"core", "store", "accounts"},
    "ingest": {"core", "store", "sheets", "accounts", "ingest"},
    "engine": {"core", "engine"},
    "frames": {"core", "store", "engine", "frames"},
    "notify": {"core", "store", "engine", "frames", "accounts", "notify"},
    "meetings": {"core", "store", "engine", "frames", "accounts", "meetings"},
    "charts": {"core", "engine", "frames", "charts"},
    "deck": {"core", "engine", "frames", "charts", "meetings", "deck"},
    "ui": {
        *("core", "store", "sheets", "accounts", "ingest", "engine", "frames", "charts", "deck", "notify", "meetings"),
        "ui",
    },
    "cli": {
        *("core", "store", "sheets", "accounts", "ingest", "engine", "frames", "charts", "deck", "notify", "meetings"),
        "cli",
    },
    "api": {"core", "store", "engine", "frames", "api"},
}
SUBPACKAGES = {
    "store",
    "engine",
    "frames",
    "charts",
    "deck",
    "sheets",
    "accounts",
    "ingest",
    "notify",
    "meetings",
    "ui",
    "cli",
    "api",
}


def _modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = p
    return out


MODULES = _modules()


def _package(module: str) -> str:
    parts = module.split(".")
    if module == "ipdash.__main__":
        return "cli"  # the entry point of the command line
    return parts[1] if len(parts) > 1 and parts[1] in SUBPACKAGES else "core"


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported ipdash module, line, inside a function) for every import in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_func: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_func or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_func) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                for a in child.names:
                    full = f"{child.module}.{a.name}"
                    found.append((full if full in MODULES else child.module, child.lineno, in_func))
            visit(child, nested)

    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for mod, path in MODULES.items():
        for target, _, _ in _imports(path):
            if target in MODULES and target != mod:
                graph[mod].add(target)
    return graph


def test_only_the_ui_package_imports_streamlit():
    bad = [
        f"{path.relative_to(REPO)}:{line} imports {target}"
        for mod, path in MODULES.items()
        if _package(mod) != "ui"
        for target, line, _ in _imports(path)
        if target.split(".")[0] == "streamlit"
    ]
    assert not bad, (
        "Only ipdash/ui may import streamlit; move the Streamlit calls of these modules into ipdash/ui "
        "and keep the domain code plain Python: " + "; ".join(bad)
    )


def test_imports_flow_one_way():
    bad = []
    for mod, path in MODULES.items():
        src = _package(mod)
        for target, line, _ in _imports(path):
            if target in MODULES and _package(target) not in ALLOWED[src]:
                bad.append(f"{path.relative_to(REPO)}:{line} ({src}) imports {target} ({_package(target)})")
    assert not bad, (
        "Imports must flow core → store → engine → frames → charts → deck → ui (sheets uses only core; "
        "accounts core and store; ingest core, store, sheets and accounts; notify and meetings core, store, engine, "
        "frames and accounts; deck may read meetings; cli never imports ui; api only core, store, engine and frames). "
        "Move the shared piece down to the lower package, or pass the value in: " + "; ".join(bad)
    )


def test_no_import_cycles():
    graph = _graph()
    seen: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def dfs(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if seen.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in seen:
                dfs(nxt)
        stack.pop()
        seen[node] = 2

    for mod in sorted(MODULES):
        if mod not in seen:
            dfs(mod)
    assert not cycles, (
        "Import cycles (imports inside functions count too). Break each by moving what both sides need into "
        "a lower module: " + "; ".join(" → ".join(c) for c in cycles)
    )


def test_no_reexport_modules():
    bad = [
        str(p.relative_to(REPO))
        for p in MODULES.values()
        if re.search(r"noqa:[^\n]*F401", p.read_text(encoding="utf-8"))
    ]
    assert not bad, "No re-exports: import each name from the module that defines it, and drop the noqa: " + str(bad)


def test_pages_are_thin():
    long = {
        p.name: n for p in sorted(PAGES.glob("*.py")) if (n := len(p.read_text(encoding="utf-8").splitlines())) > 100
    }
    assert not long, (
        f"Pages are thin views (≤ {MAX_PAGE_LINES} lines: read widgets → call ipdash → render); move logic into "
        f"ipdash/frames (data) or ipdash/ui (widgets): {long}"
    )


def test_pages_live_in_app_pages_not_pages():
    assert not (REPO / "pages").exists(), (
        "A pages/ folder beside app.py makes Streamlit 1.67 run every script run through its legacy multipage "
        "shim (script_runner._mpa_v1), which broke the language switch and navigation; keep the views in "
        "app_pages/ (docs/architecture.md, 'Where the views live')."
    )


def test_every_page_is_registered_in_app_py():
    app = (REPO / "app.py").read_text(encoding="utf-8")
    missing = [p.name for p in PAGES.glob("*.py") if f'"app_pages/{p.name}"' not in app]
    assert not missing, f"Register every view explicitly with st.Page in app.py: {missing}"


def test_modules_are_short():
    lengths = {str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in MODULES.values()}
    long = {m: n for m, n in lengths.items() if n >= MAX_MODULE_LINES and m not in PENDING_LONG}
    done = [m for m in PENDING_LONG if lengths.get(m, 0) < MAX_MODULE_LINES]
    assert not done, f"Already short: remove from PENDING_LONG in tests/test_architecture.py: {done}"
    assert not long, f"One module, one job, under {MAX_MODULE_LINES} lines: split these by job: {long}"


def test_every_module_is_named_in_the_architecture_doc():
    doc = DOC.read_text(encoding="utf-8")
    missing = [str(p.relative_to(REPO)) for p in MODULES.values() if f"`{p.relative_to(REPO)}`" not in doc]
    assert not missing, f"Add a row for each module to the Modules table of docs/architecture.md: {missing}"


def _cjk_literals(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CJK.search(node.value)
            and id(node) not in docstrings
        }
    )


def test_no_chinese_literals_outside_the_string_catalogs():
    found = {
        str(p.relative_to(REPO)): lines[:6]
        for mod, p in MODULES.items()
        if not mod.startswith("ipdash.strings") and (lines := _cjk_literals(p))
    }
    done = [m for m in PENDING_TEXT if m not in found]
    assert not done, f"Already clean: remove from PENDING_TEXT in tests/test_architecture.py: {done}"
    bad = {m: lines for m, lines in found.items() if m not in PENDING_TEXT}
    assert not bad, (
        "Display text lives in ipdash/strings (STRINGS entries read with i18n.t, or named vocabulary in "
        f"strings/units.py); these modules still spell Chinese text (file: first lines): {bad}"
    )


def test_english_is_never_joined_with_the_chinese_list_comma():
    from ipdash import i18n

    bad = [k for k, v in i18n.all_strings().items() if "、" in v["en"]]
    assert not bad, f"English strings must not use the Chinese list comma 、: {bad}"


@pytest.mark.parametrize("folder", ["tests", "bench", "scripts"])
def test_no_sys_path_edits(folder):
    edit = re.compile(r"^\s*sys\.path\.(insert|append)\(", re.M)
    bad = [
        str(p.relative_to(REPO)) for p in (REPO / folder).rglob("*.py") if edit.search(p.read_text(encoding="utf-8"))
    ]
    assert not bad, f"ipdash is installed with `pip install -e .`; import it instead of editing sys.path: {bad}"


def test_ui_init_holds_no_logic():
    """ui/__init__ only names, for the pages, helpers defined in the ui modules of their jobs."""
    tree = ast.parse((PKG / "ui" / "__init__.py").read_text(encoding="utf-8"))
    logic = [
        f"line {node.lineno}: {type(node).__name__}"
        for node in tree.body
        if not isinstance(node, (ast.ImportFrom, ast.Import, ast.Expr))
        and not (isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["__all__"])
    ]
    assert not logic, (
        "ipdash/ui/__init__.py holds imports and __all__ only; put the code in the ui module of its job "
        f"(lang, url, shell, guard, cache, tables): {logic}"
    )
