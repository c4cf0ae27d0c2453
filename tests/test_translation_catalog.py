"""Nothing untranslated in the frames the pages show (issue 25): issuers, lead departments and
units have English forms in the catalog; a values note names no file path; the data page's
headers are words. (Tables are drawn on a canvas, so the browser scan of
``test_browser_language`` cannot read their cells: the frames are checked here.)"""

from __future__ import annotations

import re

from ipdash import catalog
from ipdash.frames import detail, sources, tables
from ipdash.frames import milestones as ms
from ipdash.settings import ViewSettings

HAN = re.compile(r"[\u3400-\u9fff]")


def _han(values) -> list[str]:
    return [str(v) for v in values if isinstance(v, str) and HAN.search(v)]


def test_issuers_have_english_names(built_data):
    docs = sources.documents_table("en")
    assert _han(docs["issuer"]) == []
    assert sources.documents_table("zh")["issuer"].tolist() == docs["issuer_zh"].tolist()


def test_lead_departments_have_english_names(built_data):
    frame = ms.status_frame("en")
    assert _han(frame["lead_text"]) == []
    label = ms.department_label("en")
    assert _han(label(d) for d in ms.departments()) == []
    assert ms.department_label("zh")("办公室") == "办公室"


def test_target_units_in_english(built_data):
    assert _han(sources.targets_table("en")["unit"]) == []
    assert set(sources.targets_table("zh")["unit"]) >= {"件", "件/万人"}


def test_values_note_names_no_path_and_units_in_english(built_data):
    tid = sources.targets_table("en")["target_id"].iloc[0]
    for lang in ("zh", "en"):
        v = detail.values_table(tid, view=ViewSettings(lang=lang))
        assert not v["note"].astype(str).str.contains(r"\.py|/store/", regex=True).any()
    en = detail.values_table(tid, view=ViewSettings(lang="en"))
    assert _han(en["unit"]) == [] and _han(en.loc[en["provenance"] == "illustrative", "note"]) == []


def test_catalog_requires_the_english_forms(built_data):
    cat = catalog.load(check=False)
    docs = cat.documents.copy()
    docs.loc[docs.index[0], "issuer_en"] = ""
    mil = cat.milestones.copy()
    i = mil.index[mil["lead_department"].str.contains("、")][0]
    mil.loc[i, "lead_department_en"] = "Office"
    bad = catalog.check_catalog(catalog.Catalog(cat.indicators, cat.areas, docs, cat.targets, mil))
    assert any("issuer_en" in p for p in bad) and any("lead_department_en" in p for p in bad)


def test_data_headers_are_words():
    assert tables.short_meaning("层级：区/市") == "层级"
    assert tables.short_meaning("grade A/B/C") == "grade A/B/C"
    assert tables.short_meaning("") == ""
