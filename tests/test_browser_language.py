"""Nothing untranslated (issue 25): every page, rendered in a browser in each language, is scanned
for the other language's script — Han characters on English pages, Latin words on Chinese pages.

What may stay: quoted clauses and file text (“…”, 「…」, 《…》, a source document shown
verbatim), document numbers (沪浦知局〔2024〕30号), codes and ids (PD23-01, hv_invention_per10k),
web addresses, and the short list of names and units below. Tables are drawn on a canvas (their
cells are not page text): ``test_translation_catalog`` checks the frames behind them.
"""

from __future__ import annotations

import re

import pytest

from ipdash.frames.tables import TABLES
from tests.browser import wait_idle

PAGES = ["", "compare", "detail", "targets", "upload", "meeting", "data"]
# proper names, file formats, units and codes that read the same in both languages
ALLOWED_LATIN = {
    "CSV", "Parquet", "Excel", "xlsx", "XLSX", "PPTX", "PDF", "PNG", "UTF", "GBK", "GB", "MB", "KB", "PCT",
    "English", "ipdash", "ID", "A", "B", "C", "provenance", "illustrative", "Esc", "Home", "End", "PageDown",
    "PageUp", "shine", "cn", "chinaservicesinfo", "com", "Ctrl", "Enter", "GDP", "WIPO", *TABLES,
}  # fmt: skip
ALLOWED_HAN = {"中文"}  # the language switch names each language in its own script
QUOTED = re.compile(r"“[^”]*”|「[^」]*」|《[^》]*》|\"[^\"]*\"")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
URL = re.compile(r"https?://\S+|www\.\S+|\b[\w.-]+\.(?:com|cn|org|gov|py|csv|xlsx|parquet|txt)\b")
COMMAND = re.compile(r"python -m ipdash[ a-z-]*")  # a command for the administrator, typed as is
CODE = re.compile(r"\b[A-Za-z]*\d[\w-]*\b|\b[a-z]+(?:_[a-z0-9]+)+\b")  # PD23-01, 2024, hv_invention_per10k
HAN = re.compile(r"[\u3400-\u9fff]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z'’]+")


# the page's text as read, without icon ligatures (material icon names such as "download") and
# without the source document the targets page shows verbatim
PAGE_TEXT = """() => {
  const icons = [...document.querySelectorAll('[data-testid=stIconMaterial], [translate=no], .st-key-t_doc_text')];
  const shown = icons.map(e => e.style.display);
  icons.forEach(e => { e.style.display = 'none'; });
  const text = document.querySelector('[data-testid=stMain]').innerText;
  icons.forEach((e, i) => { e.style.display = shown[i]; });
  return text;
}"""


def foreign(text: str, lang: str) -> list[str]:
    """The other language's words left in ``text`` once quotes, document numbers, addresses and codes are set aside."""
    out: list[str] = []
    for line in text.splitlines():
        rest = COMMAND.sub(" ", URL.sub(" ", DOC_NUMBER.sub(" ", QUOTED.sub(" ", line))))
        if lang == "en":
            out += [f"{w} ⟨{line.strip()[:60]}⟩" for w in HAN.findall(rest) if w not in ALLOWED_HAN]
        else:
            rest = CODE.sub(" ", rest)
            out += [f"{w} ⟨{line.strip()[:60]}⟩" for w in LATIN.findall(rest) if w not in ALLOWED_LATIN]
    return out


def test_foreign_finds_the_other_script():
    assert foreign("Target 目标 “原文引用”", "en") == ["目标 ⟨Target 目标 “原文引用”⟩"]
    assert foreign("下载 CSV · Upload · PD23-01 · hv_invention_per10k", "zh") == [
        "Upload ⟨下载 CSV · Upload · PD23-01 · hv_invention_per10k⟩"
    ]
    assert foreign("沪浦知局〔2024〕30号 · https://example.com/页面", "en") == []


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PAGES, ids=[p or "overview" for p in PAGES])
def test_page_speaks_one_language(app_server, page, path, lang):
    page.goto(f"{app_server.url}/{path}" + ("?lang=en" if lang == "en" else ""))
    wait_idle(page, timeout=90_000)
    assert foreign(page.evaluate(PAGE_TEXT), lang) == []
