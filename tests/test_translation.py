"""Nothing untranslated: every page walked in a real browser, in English (no Chinese interface text)
and in Chinese (no leftover English interface words); and, without a browser, no Chinese string in
the code of the meeting, deck and shell, and English never joined with "、".

What counts as data, not interface, and is therefore left alone:
- anything inside an element marked ``lang="zh"`` or ``data-ipdash-data`` (the meeting marks every
  verbatim clause and document number it shows on an English slide that way);
- the cells of a data table (``st.dataframe``: values such as units, notes, batch ids) — its
  headers are interface and are checked;
- the language switches (each language names itself: 中文 / English);
- icon ligatures (Material Symbols are text in the DOM) and code (a command to type);
- on a Chinese page, the names of the data's own tables and columns (``targets``, ``provenance``,
  ``illustrative``: what a downloaded file calls them);
- on pages that show catalog text as it is (detail, targets): the verbatim clauses, document
  numbers, seed documents and Chinese terms an English assumption quotes (“件”) — taken from the
  catalog, so nothing else can hide behind them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from ipdash import i18n
from ipdash.frames import sources
from ipdash.store import read
from tests.browser import wait_idle

REPO = Path(__file__).resolve().parent.parent
PAGES = ["", "compare", "detail", "targets", "upload", "meeting", "data"]
CJK = re.compile(r"[\u3400-\u9fff]")  # Chinese characters (punctuation alone says nothing)
FILE_OR_URL = re.compile(r"https?://\S+|[A-Za-z0-9_./-]+\.(txt|csv|xlsx|py|md)(?![A-Za-z0-9])")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
# Latin words a Chinese interface uses as they are: formats, product and key names, units of code
ALLOWED_LATIN = {
    "PPTX",
    "PDF",
    "PNG",
    "CSV",
    "XLSX",
    "Excel",
    "Parquet",
    "LibreOffice",
    "ipdash",
    "PageDown",
    "PageUp",
    "Home",
    "End",
    "Esc",
    "PCT",
    "GDP",
    "shine",
    "txt",
    "csv",
    "xlsx",
    "tsv",
    "UTF",
    "GBK",
    "GB18030",
}

WALK = r"""() => {
  const out = [];
  const skip = (el) => el.closest('[lang^="zh"], [data-ipdash-data], .st-key-lang, .st-key-meet_lang, '
      + '[data-testid="stIconMaterial"], [data-testid="stDataFrame"] td, code, script, style, noscript, '
      + '[aria-hidden="true"]');
  const visible = (el) => {  // on screen: not hidden, not clipped to a pixel (Streamlit's skip link)
    const r = el.getBoundingClientRect();
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
      && r.width > 1 && r.height > 1 && r.right > 0 && r.bottom > 0;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const t = n.textContent.trim();
    const el = n.parentElement;
    if (!t || !el || skip(el) || !visible(el)) continue;
    if (getComputedStyle(el).fontFamily.includes('Material')) continue;
    out.push(t);
  }
  for (const inp of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    const box = inp.closest('[data-testid="stMultiSelect"], [data-testid="stTextInput"], [data-testid="stSelectbox"]');
    const chips = box ? box.querySelectorAll('[data-testid="stMultiSelectTag"], [title]').length : 0;
    if (inp.placeholder.trim() && !inp.value && !chips && visible(inp) && !skip(inp)) out.push(inp.placeholder);
  }
  return out;
}"""


@pytest.fixture(scope="module")
def identifiers(built_data) -> set[str]:
    """The data's own names: its tables, their columns and their coded values."""
    from ipdash.frames.tables import TABLES, data_table

    names = set(TABLES)
    for n in TABLES:
        df = data_table(n)
        names |= {w for c in df.columns for w in str(c).split("_")} | set(map(str, df.columns))
    return names | {"official", "estimate", "illustrative", "base", "active", "reverted"}


@pytest.fixture(scope="module")
def data_values(built_data) -> list[str]:
    """Catalog text shown as it is (see the module doc), longest first."""
    t = read.table("targets")
    docs = read.table("documents")
    quoted = set()
    for text in t["assumptions_en"].dropna():
        quoted |= set(re.findall(r"[\"“「]([^\"”」]*[\u4e00-\u9fff][^\"”」]*)[\"”」]", str(text)))
    values = {*t["clause"], *docs["doc_number"].dropna(), *docs["issuer_zh"].dropna(), *quoted}
    values |= {sources.document_text(d) for d in docs["doc_id"]}
    return sorted((str(v) for v in values if str(v).strip()), key=len, reverse=True)


def _walk(page, url: str) -> list[str]:
    page.goto(url)
    wait_idle(page, timeout=60_000)
    return page.evaluate(WALK)


def _strip(text: str, values: list[str]) -> str:
    """``text`` without the catalog values it shows (compared without white space: a document's
    line breaks are laid out again on screen)."""
    text = re.sub(r"\s+", "", text)
    for v in values:
        v = re.sub(r"\s+", "", v)
        if v and v in text:
            text = text.replace(v, " ")
    return text


def _url(server, path: str, lang: str) -> str:
    return f"{server.url}/{path}" + ("?lang=en" if lang == "en" else "")


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_english_pages_show_no_chinese_interface_text(app_server, page, path, data_values):
    texts = _walk(page, _url(app_server, path, "en"))
    assert len(texts) > 10
    bad = [t for t in texts if CJK.search(_strip(t, data_values))]
    assert not bad, bad


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_chinese_pages_show_no_leftover_english_words(app_server, page, path, data_values, identifiers):
    texts = _walk(page, _url(app_server, path, "zh"))
    assert len(texts) > 10
    bad = []
    for t in texts:
        rest = re.sub(FILE_OR_URL, " ", _strip(t, data_values))
        words = [w for w in LATIN_WORD.findall(rest) if w not in ALLOWED_LATIN and w not in identifiers]
        if words:
            bad.append((t[:80], words))
    assert not bad, bad


@pytest.mark.browser
def test_the_presenter_view_in_english_marks_its_chinese_data(app_server, page):
    texts = _walk(page, f"{app_server.url}/meeting?lang=en&present=true&slide=10")
    assert not [t for t in texts if CJK.search(t)]  # clause and document number are marked lang="zh"
    assert page.locator('.st-key-meet_slide [lang="zh"]').count() >= 1


# ------------------------------------------------------------------ without a browser
MY_CODE = [
    "ipdash/frames/meeting.py",
    "ipdash/frames/slides.py",
    "ipdash/frames/slide_spec.py",
    "ipdash/frames/changes.py",
    "ipdash/deck/pptx_deck.py",
    "ipdash/deck/layout.py",
    "ipdash/deck/render.py",
    "ipdash/charts/meeting_figures.py",
    "ipdash/ui/__init__.py",
    "ipdash/ui/presenter.py",
    "ipdash/ui/slide_view.py",
    "ipdash/ui/deck_export.py",
    "ipdash/contrast.py",
]


def _string_literals(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("rel", MY_CODE)
def test_no_chinese_string_literal_in_the_code(rel):
    found = [(line, s) for line, s in _string_literals(REPO / rel) if CJK.search(s)]
    assert not found, f"{rel}: move these into ipdash/strings/: {found}"


def test_english_is_never_joined_with_the_chinese_comma():
    bad = {k: v["en"] for k, v in i18n.all_strings().items() if "、" in v.get("en", "")}
    assert not bad, bad


def test_every_new_string_has_both_languages():
    from ipdash.strings import presenting

    for key, entry in presenting.STRINGS.items():
        assert entry.get("zh") and entry.get("en"), key
