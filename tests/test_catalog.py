"""The catalog holds every quantitative target of the four plans, each quoted verbatim."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from ipdash import catalog, paths, plan_tasks

TARGET_PATTERNS = [
    # verb … number unit: 达到85件, 超过26万件, 累计达到4000件, 年均增长率达到20%, 压减…10%
    re.compile(r"(?:达到|达|超过|突破|压减)[^，。；、]{0,30}?\d[\d.,]*(?:万件|件|家|亿元|亿|%)"),
    # number unit 以上: 3000件以上
    re.compile(r"\d[\d.,]*(?:万件|件|家|亿元|亿|%)以上"),
]


@pytest.fixture(scope="module")
def cat(built_data):
    return catalog.load()


def _fragments(text: str) -> list[str]:
    """Every target-like phrase in a document, cut at the enclosing clause punctuation."""
    t = catalog.normalise_ws(text)
    out = []
    for pat in TARGET_PATTERNS:
        for m in pat.finditer(t):
            start = max(t.rfind(p, 0, m.start()) for p in "，。；：") + 1
            out.append(t[start : m.end()])
    return out


def test_every_clause_is_verbatim_in_its_document(cat):
    docs = cat.documents.set_index("doc_id")
    for frame, key in ((cat.targets, "target_id"), (cat.milestones, "milestone_id")):
        for row in frame.itertuples():
            doc = docs.loc[row.doc_id].to_dict()
            text = catalog.document_text(doc)
            assert text, f"{row.doc_id} has no text"
            assert catalog.clause_in_document(row.clause, text), (
                f"{getattr(row, key)}: {row.clause!r} is not in {doc['file'] or 'the reference CSV'}"
            )


@pytest.mark.parametrize("file", [f.name for f in sorted((paths.REPO / "data" / "seeds").glob("*.txt"))])
def test_no_quantitative_target_is_left_out(cat, file):
    """Every target-like phrase in a seed is covered by some catalog clause."""
    text = (paths.seeds_dir() / file).read_text(encoding="utf-8")
    clauses = [catalog.normalise_ws(c) for c in cat.targets["clause"]]
    missing = [f for f in _fragments(text) if not any(f in c or c in f for c in clauses)]
    assert not missing, f"{file}: targets not in data/catalog/targets.csv: {missing}"


def test_target_counts_per_document(cat):
    counts = cat.targets.groupby("doc_id").size().to_dict()
    assert counts == {
        "pd2023": 3,
        "pd2024": 10,
        "yp2024": 10,
        "sh_shine_2024": 3,
        "sh_csi_2023": 2,
        "pd2021": 3,
        "sh_fyp14": 2,
        "pd_exec_2022": 1,
    }
    # 静安区's plan sets no numeric target, but the area is there with its milestones
    assert "ja2024" not in counts
    assert (cat.milestones["area"] == "jingan").sum() >= 5


def test_reference_targets_are_in_the_catalog(cat):
    ref = pd.read_csv(paths.reference_file(), dtype=str)
    ref_targets = ref[ref["kind"] == "target"]
    city = cat.targets[cat.targets["area"] == "shanghai"]
    web = cat.targets[cat.targets["doc_id"].isin(cat.documents.loc[cat.documents["file"] == "", "doc_id"])]
    # every published target of the reference figures is one catalog target whose clause is taken from
    # its quote (the quote as seen, less the reference file's own notes such as "(comparator: about)")
    assert len(web) == len(ref_targets)
    areas, inds = catalog.alias_map(cat.areas), catalog.alias_map(cat.indicators)
    for r in ref_targets.to_dict("records"):
        hit = web[
            (web["area"] == areas[r["area"].lower()])
            & (web["indicator"] == inds[r["indicator_zh"].lower()])
            & (web["target_year"] == int(r["year"]))
            & (web["value"] == float(r["value"]))
        ]
        assert len(hit) == 1 and hit["clause"].iloc[0] in r["quote"], r
    assert all(any(c in q for q in ref_targets["quote"]) for c in city["clause"])


def test_open_questions_are_written_as_assumptions(cat):
    open_ = cat.targets[cat.targets["aggregation"].isin(["cumulative", "growth", "reduction"])]
    assert len(open_) >= 6
    assert (open_["assumptions_zh"].str.len() > 10).all() and (open_["assumptions_en"].str.len() > 10).all()


def test_every_target_record_is_complete(cat):
    t = cat.targets
    assert t["value"].notna().all() and t["target_year"].notna().all()
    assert set(t["aggregation"]) == set(catalog.AGGREGATIONS)  # all five idioms occur
    docs = cat.documents.set_index("doc_id")
    seeds = t[docs.loc[t["doc_id"], "file"].ne("").to_numpy()]
    assert docs.loc[seeds["doc_id"], "doc_number"].str.contains("〔20").all()


def _broken_copy(tmp_path, edit):
    d = tmp_path / "catalog"
    shutil.copytree(paths.catalog_dir(), d)
    shutil.copytree(paths.seeds_dir(), tmp_path / "seeds")
    df = pd.read_csv(d / "targets.csv", dtype=str, keep_default_na=False)
    edit(df)
    df.to_csv(d / "targets.csv", index=False)
    return d


@pytest.mark.parametrize(
    "edit, expected",
    [
        (
            lambda df: (
                df.loc[0, "clause"].__class__
                and df.__setitem__("clause", df["clause"].where(df.index != 0, "编造的条款100件"))
            ),
            "is not found verbatim",
        ),
        (lambda df: df.__setitem__("area", df["area"].where(df.index != 1, "minhang")), "area = 'minhang'"),
        (
            lambda df: df.__setitem__(
                "assumptions_en", df["assumptions_en"].where(df["aggregation"] != "cumulative", "")
            ),
            "which years",
        ),
        (lambda df: df.__setitem__("unit", df["unit"].where(df.index != 2, "万件")), "should be '件'"),
        (
            lambda df: df.__setitem__("target_id", df["target_id"].where(df.index != 3, df.loc[0, "target_id"])),
            "repeats",
        ),
    ],
)
def test_catalog_problems_name_the_row_and_the_fix(tmp_path, edit, expected):
    d = _broken_copy(tmp_path, edit)
    with pytest.raises(catalog.CatalogError) as exc:
        catalog.load(d)
    assert any(expected in p for p in exc.value.problems), exc.value.problems


# ------------------------------------------------------------------ milestones: every numbered task
def _doc_file(cat, doc_id: str) -> str:
    return cat.documents.set_index("doc_id").loc[doc_id, "file"]


@pytest.mark.parametrize("file", [f.name for f in sorted((paths.REPO / "data" / "seeds").glob("*.txt"))])
def test_every_numbered_task_is_a_milestone(cat, file):
    """Each numbered task of a seed is exactly one milestone: its heading, a clause of it, its 牵头部门."""
    tasks = plan_tasks.numbered_tasks((paths.seeds_dir() / file).read_text(encoding="utf-8"))
    doc_id = cat.documents.loc[cat.documents["file"] == file, "doc_id"].item()
    ms = cat.milestones[cat.milestones["doc_id"] == doc_id].set_index("task_no")
    assert tasks, f"{file}: no numbered task found"
    assert sorted(ms.index) == sorted(t.task_no for t in tasks), f"{file}: tasks and milestones differ"
    for task in tasks:
        m = ms.loc[task.task_no]
        assert task.starts_with(m["title_zh"]), (m["milestone_id"], m["title_zh"])
        assert catalog.normalise_ws(m["clause"]) in task.text, (m["milestone_id"], m["clause"])
        assert catalog.normalise_ws(m["lead_department"]) == task.lead_department, m["milestone_id"]
        assert m["title_en"] and m["theme"] in catalog.THEMES and pd.notna(m["due_year"])


def test_milestone_counts_and_lead_departments(cat):
    ms = cat.milestones
    assert ms.groupby("doc_id").size().to_dict() == {"pd2024": 21, "pd2023": 4, "ja2024": 11, "yp2024": 14}
    pd24 = ms[ms["doc_id"] == "pd2024"].set_index("task_no")["lead_department"]
    assert pd24["17"] == pd24["18"] == "机关党委" and pd24["19"] == "机关纪委"  # Party tasks are tasks too
    assert pd24["16"] == "办公室、监管与预警处、保护处、发展促进处、保护中心"
    assert catalog.split_departments(pd24["5"]) == ["办公室", "监管与预警处", "保护处", "发展促进处"]
    assert (ms.loc[ms["doc_id"] != "pd2024", "lead_department"] == "").all()  # the other plans name none
    assert set(catalog.departments(ms)) == {
        "办公室",
        "保护中心",
        "监管与预警处",
        "保护处",
        "发展促进处",
        "机关党委",
        "机关纪委",
    }


def test_shipped_milestones_claim_no_progress(cat):
    """Nobody has reported yet: every shipped status is not_assessed, with no note."""
    assert (cat.milestones["status"] == "not_assessed").all()
    assert (cat.milestones["status_note"] == "").all()


def _broken_milestones(tmp_path, edit):
    d = tmp_path / "catalog"
    shutil.copytree(paths.catalog_dir(), d)
    shutil.copytree(paths.seeds_dir(), tmp_path / "seeds")
    df = pd.read_csv(d / "milestones.csv", dtype=str, keep_default_na=False)
    edit(df)
    df.to_csv(d / "milestones.csv", index=False)
    return d


def _set(df, col, value, row=0):
    df.loc[row, col] = value


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda df: _set(df, "lead_department", "保护处"), "differs from what task 1 names"),
        (lambda df: _set(df, "task_no", "99"), "has no numbered task '99'"),
        (lambda df: _set(df, "task_no", "2"), "catalogued twice"),
        (lambda df: _set(df, "title_zh", "编造的任务"), "is not how task 1"),
        (lambda df: _set(df, "clause", "对标落实自贸区开放战略"), "is not part of task 1"),
        (lambda df: _set(df, "status", "finished"), "status = 'finished'"),
    ],
)
def test_milestone_problems_name_the_row_and_the_fix(tmp_path, edit, expected):
    d = _broken_milestones(tmp_path, edit)
    with pytest.raises(catalog.CatalogError) as exc:
        catalog.load(d)
    assert any(expected in p and "M-PD24-01" in p for p in exc.value.problems), exc.value.problems
