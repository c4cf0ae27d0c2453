"""The README stays short and for users, every CLI command is documented, and every link resolves.

The commands are read from the argparse parser that ``python -m ipdash`` uses
(``ipdash.cli.main.parser``), so a new command, action or option fails here until it is documented
in README.md or docs/cli.md.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from ipdash import paths
from ipdash.cli import main

REPO = paths.REPO
README = REPO / "README.md"
CLI_DOC = REPO / "docs" / "cli.md"
MAX_README_LINES = 150


def _subparsers(p: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {
        name: sp
        for action in p._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, sp in action.choices.items()
    }


def _commands() -> list[tuple[str, argparse.ArgumentParser]]:
    """(command line after ``python -m ipdash``, its parser) for every command and nested command."""
    out: list[tuple[str, argparse.ArgumentParser]] = []

    def walk(p: argparse.ArgumentParser, prefix: str) -> None:
        for name, sp in _subparsers(p).items():
            out.append((f"{prefix}{name}", sp))
            walk(sp, f"{prefix}{name} ")

    walk(main.parser(), "")
    return out


def _actions(sp: argparse.ArgumentParser) -> list[str]:
    """The sub-commands given as a positional choice (``users add``, ``db init``, ``milestones report``)."""
    return [
        str(c)
        for a in sp._actions
        if not a.option_strings and a.choices and not isinstance(a, argparse._SubParsersAction)
        for c in a.choices
    ]


def _options(sp: argparse.ArgumentParser) -> list[str]:
    return [o for a in sp._actions if a.option_strings and a.dest != "help" for o in a.option_strings]


def _usage_lines() -> list[str]:
    """Every line of README.md and docs/cli.md that holds a ``python -m ipdash …`` command line."""
    text = README.read_text(encoding="utf-8") + "\n" + CLI_DOC.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if "python -m ipdash " in line]


def _cli_sections() -> dict[str, str]:
    """docs/cli.md's sections by heading: "## `users`" -> its text."""
    parts = re.split(r"(?m)^## ", CLI_DOC.read_text(encoding="utf-8"))
    return {m.group(1): part for part in parts[1:] if (m := re.match(r"`([^`]+)`\s*$", part.splitlines()[0]))}


COMMANDS = _commands()


def test_the_parser_is_read():
    """The discovery works: the commands the CLI registers are found, with their actions and options."""
    found = dict(COMMANDS)
    assert set(main.COMMANDS) <= set(found)
    assert {"add", "list", "remove"} <= set(_actions(found["users"]))
    assert "--no-illustrative" in _options(found["status"])


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_every_command_and_action_has_a_usage_line(command):
    sp = dict(COMMANDS)[command]
    lines = _usage_lines()
    for line in [command] + [f"{command} {a}" for a in _actions(sp)]:
        assert any(re.search(rf"python -m ipdash {re.escape(line)}(?![\w-])", u) for u in lines), (
            f"`python -m ipdash {line}` is not documented: add its usage line (`python -m ipdash {line} …` "
            "with its arguments) to docs/cli.md, in the command's section"
        )


@pytest.mark.parametrize("command", [c for c, _ in COMMANDS])
def test_every_option_is_explained_in_its_section_of_docs_cli(command):
    sp = dict(COMMANDS)[command]
    section = _cli_sections().get(command)
    assert section is not None, f"docs/cli.md has no section for `{command}`: add a heading ## `{command}`"
    missing = [o for o in _options(sp) if not re.search(rf"{re.escape(o)}(?![\w-])", section)]
    assert not missing, f"docs/cli.md, section `{command}`: say what {missing} do (python -m ipdash {command} -h)"


def test_the_readme_is_short():
    n = len(README.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_README_LINES, (
        f"README.md has {n} lines (at most {MAX_README_LINES}): it is for users (what ipdash is, the two "
        "commands, the pages, the CLI, where the data come from). Move detail into a page of docs/ and link it."
    )


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out: set[str] = set()
    for heading in re.findall(r"(?m)^#{1,6} (.+)$", text):
        slug = _slug(heading)
        out.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
        seen[slug] = seen.get(slug, 0) + 1
    return out


def _links(path: Path) -> list[tuple[str, str]]:
    """(file part, anchor part) of every relative Markdown link of a file, code blocks left out."""
    text = re.sub(r"(?ms)^```.*?^```", "", path.read_text(encoding="utf-8"))
    out = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        out.append((file, anchor))
    return out


DOC_FILES = [README, *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_link_into_the_repository_resolves(doc):
    broken = []
    for file, anchor in _links(doc):
        target = (doc.parent / file).resolve() if file else doc
        if not target.is_relative_to(REPO):  # e.g. the shared design notes beside the repository
            continue
        if not target.exists():
            broken.append(f"{file} (no such file)")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(f"{file}#{anchor} (no such heading in {target.name})")
    assert not broken, f"{doc.relative_to(REPO)}: broken links {broken}; fix the path or the heading"


def test_the_readme_links_every_page_of_docs():
    linked = {(README.parent / f).resolve() for f, _ in _links(README) if f}
    missing = [p.name for p in sorted((REPO / "docs").glob("*.md")) if p.resolve() not in linked]
    assert not missing, f"README.md links no page {missing} of docs/: add them to its Documentation table"
