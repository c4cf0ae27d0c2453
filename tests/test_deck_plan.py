"""The default deck is one people sit through (issue 25): at most 20 slides for every area in either
language, with every current target and every task somebody reported on or that is overdue still in
it; tables hold as many rows as fit, and no row breaks a word."""

from __future__ import annotations

import re

import pytest

from ipdash import textfit
from ipdash.accounts import auth
from ipdash.frames import deck_plan, meeting, slide_pages, slides
from ipdash.frames import milestones as tasks
from ipdash.frames.slide_spec import NBSP, WJ, WORD_MAX, keep_words
from ipdash.ingest import milestones as reports
from ipdash.settings import ViewSettings
from ipdash.status_meta import MILESTONE_META, STATUS_META
from tests.corpus import helpers

HAN = r"[\u3400-\u9fff]"
ICONS = "".join({str(m["icon"]) for m in (*STATUS_META.values(), *MILESTONE_META.values())})
# what must stay on one line: a short run of Chinese (a word: 逾期, 未评估, 保护处), a number with its
# unit (83.0 件/万人, 500亿元), an icon with its word (⚠ 逾期)
WHOLE = re.compile(
    rf"{HAN}+(?:/{HAN}+)*|\d[\d.,]*[ ]?{HAN}{{1,3}}(?:/{HAN}{{1,3}})?|[{re.escape(ICONS)}] (?:{HAN}+|\w+)"
)


def _report(user: auth.User, mid: str, status: str) -> None:
    reports.commit(reports.validate_one(mid, status, "", "", user), user, source="dialog")


def _contents(plan, data, lang):
    """(target ids, ids of tasks with a row of their own, ids of tasks counted on the summary)."""
    targets, rows, counted = set(), set(), set()
    for s in plan:
        if s.kind == "target":
            targets.add(s.target_id)
        elif s.kind == "scorecard":
            targets |= set(slides.slide_frame(s, data, lang)["target_id"])
        elif s.kind == "milestones":
            rows |= set(slides.slide_frame(s, data, lang)["milestone_id"])
        elif s.kind == "pending":
            f = slides.slide_frame(s, data, lang)
            counted |= {i for t in f["ids"] for i in t}
    return targets, rows, counted


def _expand(ranges: str) -> set[str]:
    """``M-PD24-01–21`` back to its ids."""
    out = set()
    for part in re.split(r"、|, |\n", ranges):
        m = re.fullmatch(r"(.+)-(\d+)(?:–(\d+))?", part)
        if m:
            stem, a, b = m.group(1), m.group(2), m.group(3) or m.group(2)
            out |= {f"{stem}-{n:0{len(a)}d}" for n in range(int(a), int(b) + 1)}
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_default_deck_has_at_most_20_slides_and_loses_nothing(fresh_data, lang):
    li = auth.add_user("li", helpers.PASSWORD, ["pudong"], departments=["保护处"])
    _report(li, "M-PD24-06", "done")  # reported, done
    _report(li, "M-PD24-07", "delayed")  # reported, delayed
    _report(li, "M-PD24-08", "in_progress")  # reported, and overdue (due 2024)
    data = meeting.load(view=ViewSettings(lang=lang))
    plan = deck_plan.slide_plan(None, "area", view=data.view, data=data)
    assert len(plan) <= deck_plan.MAX_SLIDES == 20
    targets, rows, counted = _contents(plan, data, lang)
    assert targets == set(data.results["target_id"])  # every current target
    status = tasks.milestone_table(lang)
    reported = set(status[status["reported_at"] != ""]["milestone_id"])
    assert reported == {"M-PD24-06", "M-PD24-07", "M-PD24-08"} and reported <= rows  # a row each
    overdue = set(status[status["overdue"]]["milestone_id"])
    assert overdue <= rows | counted and not (rows & counted)  # each in one place
    (pending,) = [s for s in plan if s.kind == "pending"]
    shown = slides.slide_frame(pending, data, lang)
    late = {i for r in shown["overdue_ids"] for i in _expand(r)}
    assert late == overdue - reported  # overdue and never reported: by id on the summary, counted prominently
    assert re.search(rf"⚠ \D*{len(late)}\b", pending.subtitle)
    full = deck_plan.slide_plan(None, "area", view=data.view, data=data, appendix=True)
    assert [s.key for s in full[: len(plan)]] == [s.key for s in plan]
    _, listed, _ = _contents(full[len(plan) :], data, lang)
    assert listed == set(status["milestone_id"]) - reported  # the rest: one row each, in the appendix


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_default_deck_of_the_shipped_data_has_at_most_20_slides(built_data, lang):
    data = meeting.load(view=ViewSettings(lang=lang))
    for order in meeting.ORDERS:
        plan = deck_plan.slide_plan(None, order, view=data.view, data=data)
        assert len(plan) <= 20, (order, [s.key for s in plan])
        assert _contents(plan, data, lang)[0] == set(data.results["target_id"])


def test_a_word_or_a_number_with_its_unit_is_one_unit_of_breaking():
    assert textfit.tokens(keep_words("⚠ 逾期")) == [f"⚠{NBSP}{WJ}逾{WJ}期"]
    assert keep_words("2023年实际 83.0 件/万人").replace(WJ, "").replace(NBSP, " ") == "2023年实际 83.0 件/万人"
    narrow = textfit.text_width("83.0 件/万人", 18) + 1  # fits alone, not after "实际": it moves down whole
    lines = textfit.wrap(keep_words("实际 83.0 件/万人"), narrow, 18)
    assert lines[-1].replace(WJ, "").replace(NBSP, " ") == "83.0 件/万人"
    long = "加强知识产权保护体系建设和完善工作机制"  # a sentence still breaks between characters
    assert len(textfit.tokens(keep_words(long))) == len(long)


def _breaks(cell: str, width: float) -> list[int]:
    """Where the renderers break ``cell`` (as set, with its joiners), as offsets into its plain text."""
    lines = textfit.wrap(cell, width, textfit.BODY)
    out, at = [], 0
    for line in lines[:-1]:
        at += len(line.replace(WJ, ""))
        out.append(at)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_row_of_the_deck_breaks_a_word(built_data, lang):
    data = meeting.load(view=ViewSettings(lang=lang))
    plan = deck_plan.slide_plan(None, "area", view=data.view, data=data, since="base", appendix=True)
    checked = 0
    for spec in plan:
        kind, frame = slides.kind_of(spec), slides.slide_frame(spec, data, lang)
        cols = kind.columns(lang)
        if frame is None or not cols or not len(frame):
            continue
        shown = kind.table(frame, lang)
        widths = textfit.column_widths(shown, cols, slide_pages.TABLE_W, textfit.BODY)
        for c, w in zip(cols, widths):
            for cell in shown[c.col].astype(str):
                plain = cell.replace(WJ, "").replace(NBSP, " ")
                spans = [m.span() for m in WHOLE.finditer(plain) if len(m.group()) <= WORD_MAX + 6]
                spans = [(a, b) for a, b in spans if not re.fullmatch(f"{HAN}+", plain[a:b]) or b - a <= WORD_MAX]
                for at in _breaks(cell, textfit.cell_width(w)):
                    assert not any(a < at < b for a, b in spans), (spec.key, c.col, plain, at)
                    checked += 1
    assert checked > 50  # rows do wrap: the check had line breaks to look at
