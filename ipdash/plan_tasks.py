"""The numbered tasks of a plan's text: what the catalog's milestones must match.

A plan lists its tasks in one numbered section (二、重点任务 / 三、工作措施). Inside it, the tasks
are the items numbered 1、 1． 1. — numbered through the section (浦东, 杨浦) or anew under each
group （一） （二） (静安, whose tasks are then called （一）1, （二）3 …). A section without such
items (浦东's three-year plan) numbers only its groups, and those groups are its tasks. A task
runs from its number to the next task, group or section; its lead department is what its
"（牵头部门：…）" names, or nothing. Whitespace is ignored throughout: the seeds break lines
mid-word. The Chinese words matched live in ``ipdash.strings.milestones``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ipdash.strings import milestones as vocab

_N = vocab.CN_NUMERALS
_TOP = re.compile(rf"^[{_N}]+{vocab.TOP_HEADING_MARK}")
_GROUP = re.compile(rf"^{vocab.GROUP_OPEN}([{_N}]+){vocab.GROUP_CLOSE}")
_TASK = re.compile(rf"^(\d{{1,2}})\s*[{re.escape(vocab.TASK_NUMBER_MARKS)}]")
_LEAD = re.compile(rf"{vocab.GROUP_OPEN}{vocab.LEAD_LABEL}[{vocab.LEAD_COLON}](.+?){vocab.GROUP_CLOSE}")


@dataclass(frozen=True)
class PlanTask:
    """One numbered task: ``task_no`` as the catalog writes it, its text (whitespace removed)."""

    task_no: str
    group: str
    text: str
    lead_department: str

    def starts_with(self, title: str) -> bool:
        return bool(title) and self.text.startswith(_squash(title))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _plain(line: str) -> str:
    """A line without Markdown marks (#, **) and surrounding space."""
    return line.replace("**", "").strip().lstrip("#").strip()


def _section(lines: list[str]) -> list[str]:
    start = None
    for i, line in enumerate(lines):
        if _TOP.match(line) and start is None and any(w in line for w in vocab.TASK_SECTION_WORDS):
            start = i + 1
        elif _TOP.match(line) and start is not None:
            return lines[start:i]
    return lines[start:] if start is not None else []


def numbered_tasks(text: str) -> list[PlanTask]:
    """Every numbered task of a plan's text, in order (empty when it has no task section)."""
    lines = [_plain(x) for x in (text or "").splitlines()]
    section = _section(lines)
    items: list[tuple[str, str, str, list[str]]] = []  # (kind, group, number, lines)
    group = ""
    for line in section:
        g, t = _GROUP.match(line), _TASK.match(line)
        if g:
            group = f"{vocab.GROUP_OPEN}{g.group(1)}{vocab.GROUP_CLOSE}"
            items.append(("group", group, "", [line[g.end() :]]))
        elif t:
            items.append(("task", group, t.group(1), [line[t.end() :]]))
        elif items:
            items[-1][3].append(line)
    tasks = [x for x in items if x[0] == "task"]
    if not tasks:
        tasks = [x for x in items if x[0] == "group"]
        return [_task(g, g, body) for _, g, _, body in tasks]
    numbers = [n for _, _, n, _ in tasks]
    restart = len(set(numbers)) < len(numbers)
    return [_task(f"{g}{n}" if restart else n, g, body) for _, g, n, body in tasks]


def _task(task_no: str, group: str, body: list[str]) -> PlanTask:
    text = _squash("".join(body))
    m = _LEAD.search(text)
    return PlanTask(task_no, group, text, m.group(1) if m else "")


def split_departments(text: str) -> list[str]:
    """``办公室、保护处`` → ``["办公室", "保护处"]`` (empty text: no department)."""
    parts = re.split(f"[{re.escape(vocab.LEAD_SEPARATORS)}]", _squash(text))
    return [p for p in parts if p]
