"""The README is kept honest by tests: its commands exist, its numbers match the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ipdash import catalog, paths
from ipdash.cli import main

README = (paths.REPO / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_exist_and_ci_runs_the_test_one():
    assert "`make run`" in README and "`make test`" in README
    makefile = (paths.REPO / "Makefile").read_text()
    assert re.search(r"^run:.*\n(\t.*\n)*\t.*streamlit run asgi.py", makefile, re.M)
    assert re.search(r"^test:.*\n(\t.*\n)*\t.*pytest", makefile, re.M)
    assert "make test" in (paths.REPO / ".ci" / "run").read_text()


@pytest.mark.parametrize("command", sorted(set(re.findall(r"python -m ipdash (\w+)", README))))
def test_every_cli_command_in_the_readme_exists(command):
    assert command in main.COMMANDS, f"README mentions `python -m ipdash {command}`, which does not exist"


def test_images_exist():
    for img in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (paths.REPO / img).exists(), img


def test_source_tables_match_the_data(built_data):
    ref = pd.read_csv(paths.reference_file())
    rows = re.findall(r"^\| [ABC] \| [^|]+\| (\d+) \|", README, re.M)
    assert sum(map(int, rows)) == len(ref[ref["kind"].isin(["actual", "population"])])
    cat = catalog.load()
    docs = cat.documents.set_index("doc_id")
    for doc_id, n in cat.targets.groupby("doc_id").size().items():
        number = docs.loc[doc_id, "doc_number"]
        if number:
            assert re.search(rf"\| {re.escape(number)} \| {n} \|", README), (number, n)
    for doc_id, n in cat.milestones.groupby("doc_id").size().items():
        number = docs.loc[doc_id, "doc_number"]
        assert re.search(rf"\| {re.escape(number)} \| [^|]+ \| {n} \|", README), (number, n)
