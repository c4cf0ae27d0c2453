"""One registry of slide kinds (``frames.slides.REGISTRY``): every kind has a drawing function on
the screen and in the deck, a chart where the registry says it has one, and the columns its table
shows are in the frame behind it."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from ipdash import i18n
from ipdash.charts import meeting_figures
from ipdash.deck import pptx_deck
from ipdash.frames import deck_plan, meeting, slides
from ipdash.frames.slide_spec import SlideSpec
from ipdash.settings import ViewSettings
from ipdash.ui import slide_view

CHARTED = {k for k, kind in slides.REGISTRY.items() if kind.chart}


def test_every_kind_has_a_screen_and_a_deck_renderer():
    kinds = set(slides.KINDS)
    assert set(slide_view.BODIES) == kinds, "ipdash/ui/slide_view.py BODIES: one Body per registered kind"
    assert set(pptx_deck.RENDERERS) == kinds, "ipdash/deck/pptx_deck.py RENDERERS: one Renderer per registered kind"
    assert all(k == kind.key for k, kind in slides.REGISTRY.items())


def test_a_kind_with_a_chart_has_a_figure_and_a_place_in_the_deck():
    assert set(meeting_figures.FIGURES) == CHARTED
    assert {k for k, r in pptx_deck.RENDERERS.items() if r.slot is not None} == CHARTED


def test_a_spec_keeps_its_lists_as_tuples_and_is_hashable():
    spec = SlideSpec("scorecard", "scorecard:x", "T", target_ids=["a", "b"], doc_numbers=["d"])
    assert spec.target_ids == ("a", "b") and spec.doc_numbers == ("d",)
    assert hash(spec) == hash(SlideSpec("scorecard", "scorecard:x", "T", target_ids=("a", "b"), doc_numbers=("d",)))


@pytest.fixture(scope="module")
def plans(built_data):
    out = {}
    promised = pd.DataFrame(
        {
            "commitment_id": ["C1", "C2"],
            "meeting_date": ["2026-11-05"] * 2,
            "text": ["publish the pledge financing guide", "visit ten firms"],
            "department": ["IP office", "Science commission"],
            "due": ["2026-11-20", "2026-12-31"],
            "state": ["overdue", "open"],
            "state_text": ["overdue", "open"],
            "last_note": ["", "three visited"],
        }
    )
    for lang in ("zh", "en"):
        data = replace(meeting.load(view=ViewSettings(lang=lang)), commitments=promised, commitments_of="2026-11-05")
        out[lang] = (data, deck_plan.slide_plan(None, "area", view=data.view, data=data, since="base", appendix=True))
    return out


def test_the_plan_uses_every_registered_kind_and_no_other(plans):
    for _, plan in plans.values():
        assert {s.kind for s in plan} == set(slides.KINDS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_column_is_in_the_frame_behind_its_slide(plans, lang):
    data, plan = plans[lang]
    seen = set()
    for spec in plan:
        kind = slides.kind_of(spec)
        cols = slides.table_columns(spec.kind, lang)
        frame = slides.slide_frame(spec, data, lang)
        if not cols:
            continue
        seen.add(spec.kind)
        assert frame is not None, spec.key
        shown = kind.shown(frame, lang)
        assert {c.col for c in cols} <= set(shown.columns), spec.key
        assert all(c.header.strip() for c in cols), spec.key
        assert set(kind.zh_columns) | set(kind.text_columns) <= {c.col for c in cols}, spec.key
        if kind.empty:
            assert not kind.empty.startswith(" ") and kind.empty in i18n.all_strings(), spec.key
    assert seen == {"commitments", "summary", "changes", "scorecard", "sources", "milestones", "pending"}
