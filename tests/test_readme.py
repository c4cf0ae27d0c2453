"""The README and the pages of docs/ are kept honest by tests: their commands exist, their numbers
match the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ipdash import catalog, paths
from ipdash.cli import main

README = (paths.REPO / "README.md").read_text(encoding="utf-8")
DOCS = {p.name: p.read_text(encoding="utf-8") for p in sorted((paths.REPO / "docs").glob("*.md"))}
DATA_DOC = DOCS["data.md"]  # every source of the published figures


def test_the_two_commands_exist_and_ci_runs_the_test_one():
    assert "`make run`" in README and "`make test`" in README
    makefile = (paths.REPO / "Makefile").read_text()
    assert re.search(r"^run:.*\n(\t.*\n)*\t.*streamlit run asgi.py", makefile, re.M)
    assert re.search(r"^test:.*\n(\t.*\n)*\t.*pytest", makefile, re.M)
    assert "make test" in (paths.REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize(
    "command", sorted(set(re.findall(r"python -m ipdash (\w+)", "\n".join([README, *DOCS.values()]))))
)
def test_every_cli_command_in_the_readme_and_docs_exists(command):
    assert command in main.COMMANDS, f"README or docs/ mention `python -m ipdash {command}`, which does not exist"


def test_images_exist():
    for where, text in [(paths.REPO, README)] + [(paths.REPO / "docs", t) for t in DOCS.values()]:
        for img in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text):
            assert (where / img).exists(), img


def _rows_by_grade(text: str) -> dict[str, int]:
    """Rows per grade of a sources table (| grade | … | rows | …)."""
    out: dict[str, int] = {}
    for grade, n in re.findall(r"^\| ([ABC]) \| [^|]+\| (\d+) \|", text, re.M):
        out[grade] = out.get(grade, 0) + int(n)
    return out


def test_source_tables_match_the_data(built_data):
    ref = pd.read_csv(paths.reference_file())
    published = ref[ref["kind"].isin(["actual", "population"])]
    by_grade = published.groupby("confidence").size().to_dict()
    # the README's summary by grade, and docs/data.md's row per source, both add up to the file
    assert _rows_by_grade(README) == by_grade
    assert _rows_by_grade(DATA_DOC) == by_grade
    for text in (README, DATA_DOC):
        n_actual, n_pop = (int((published["kind"] == k).sum()) for k in ("actual", "population"))
        assert f"{n_actual} actuals and {n_pop} census" in text
    cat = catalog.load()
    docs = cat.documents.set_index("doc_id")
    for doc_id, n in cat.targets.groupby("doc_id").size().items():
        number = docs.loc[doc_id, "doc_number"]
        if number:
            assert re.search(rf"\| {re.escape(number)} \| {n} \|", README), (number, n)
    for doc_id, n in cat.milestones.groupby("doc_id").size().items():
        number = docs.loc[doc_id, "doc_number"]
        assert re.search(rf"\| {re.escape(number)} \| [^|]+ \| {n} \|", README), (number, n)
