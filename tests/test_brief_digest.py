"""The meeting digest: each section's frame (on fixture frames for the check-ins and commitments the
meeting cycle keeps) and the printed page — one A4 page, zh and en, however many rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess

import pandas as pd
import pytest

from ipdash.deck import digest_pdf
from ipdash.meetings import digest

MEETING, PREVIOUS = dt.date(2026, 12, 3), dt.date(2026, 11, 5)
needs_pdf = pytest.mark.skipif(not (shutil.which("pdfinfo") and shutil.which("pdftotext")), reason="poppler-utils")


def commitments(n: int = 3, meeting: str = "2026-11-05") -> pd.DataFrame:
    """``commitment_status``'s columns: ``n`` commitments of ``meeting``, every third done, the second overdue."""
    rows = []
    for i in range(n):
        rows.append(
            {
                "commitment_id": f"C{i + 1:03d}",
                "meeting_date": meeting,
                "text": f"Commitment {i + 1}: pledge guide",
                "department": "IP office",
                "due": "2026-11-20" if i % 3 == 1 else "2026-12-31",
                "target_id": None,
                "milestone_id": None,
                "status": "done" if i % 3 == 0 else "open",
                "last_note": f"note {i + 1}" if i % 3 == 0 else None,
                "reported_at": "",
                "overdue": i % 3 == 1,
            }
        )
    return pd.DataFrame(rows)


def checkins() -> pd.DataFrame:
    """Two check-ins on YP26-09 (newest first) and one on a target that is not at risk."""
    return pd.DataFrame(
        {
            "target_id": ["YP26-09", "YP26-09", "PD26-01"],
            "note": ["contracts signed in Q4", "older note", "fine"],
            "action": ["push the technology market", "", ""],
            "confidence": ["low", "medium", "high"],
            "user": ["li", "li", "wang"],
            "department": ["Science commission", "Science commission", ""],
            "checked_at": ["2026-11-28T09:00:00+00:00", "2026-10-01T09:00:00+00:00", "2026-11-01T09:00:00+00:00"],
        }
    )


def test_commitment_states():
    assert digest.commitment_state("done", True) == "done"
    assert digest.commitment_state("open", True) == "overdue"
    assert digest.commitment_state("open", False) == "open"
    assert digest.commitment_state("not_assessed", True) == "overdue"
    assert digest.commitment_state("cancelled", False) == "cancelled"


def test_the_previous_meetings_commitments_overdue_first():
    frame = pd.concat([commitments(6), commitments(2, "2026-10-01").assign(commitment_id=["X1", "X2"])])
    f = digest.meeting_commitments(frame, PREVIOUS, "en")
    assert len(f) == 6 and set(f["meeting_date"]) == {"2026-11-05"}
    assert list(f["state"]) == ["overdue", "overdue", "open", "open", "done", "done"]
    assert digest.commitment_counts(f) == {"done": 2, "open": 2, "overdue": 2}
    assert f.loc[f["state"] == "done", "last_note"].tolist() == ["note 1", "note 4"]
    assert digest.meeting_commitments(frame, None, "en").empty
    assert digest.meeting_commitments(None, PREVIOUS, "en").empty
    late = digest.overdue_commitments(frame, "zh")
    assert set(late["commitment_id"]) == {"C002", "C005", "X2"}


def test_at_risk_targets_carry_their_latest_checkin(built_data):
    f = digest.at_risk(checkins(), "en")
    assert len(f) and set(f["status"]) <= {"off_track", "at_risk"}
    assert list(f["status"]).index("at_risk") > list(f["status"]).index("off_track")
    row = f.set_index("target_id").loc["YP26-09"]
    assert row["checkin_note"] == "contracts signed in Q4" and row["checkin_by"] == "Science commission"
    assert row["checked_at"] == "2026-11-28"
    assert "PD26-01" not in set(f["target_id"])
    others = f[f["target_id"] != "YP26-09"]
    assert (others["checkin_note"] == "").all()
    assert digest.at_risk(None, "zh")["checkin_note"].eq("").all()


def test_sections_from_the_store(built_data):
    assert digest.status_changes("base", "en").empty  # nothing uploaded in the shipped data
    tasks = digest.overdue_tasks("en", dt.date(2026, 12, 3))
    assert len(tasks) and tasks["milestone_id"].str.startswith("M-").all()
    late = digest.late_figures("en", dt.date(2026, 12, 3))
    assert len(late) and late["days_late"].gt(0).all()
    d = digest.build(MEETING, previous=None, checkins=None, commitments=commitments(), lang="en", today=MEETING)
    assert d.since == "base" and d.commitments.empty and len(d.overdue_commitments) == 1


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "digest.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return info, text


@needs_pdf
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_digest_is_one_a4_page_naming_commitments_and_late_figures(built_data, tmp_path, lang):
    d = digest.build(
        MEETING, previous=PREVIOUS, checkins=checkins(), commitments=commitments(), lang=lang, today=MEETING
    )
    info, text = _pdf_text(digest_pdf.digest_pdf(d), tmp_path)
    assert "Pages:           1" in info and "(A4)" in info
    flat = " ".join(text.split())
    for c in d.commitments["text"]:
        assert c in flat
    for name in d.late["indicator_name"].head(digest_pdf.caps(d)["late"]):
        assert name.replace(" ", "") in text.replace(" ", "")
    assert "contracts signed in Q4" in flat


@needs_pdf
def test_the_digest_stays_one_page_with_many_rows(built_data, tmp_path):
    d = digest.build(
        MEETING, previous=PREVIOUS, checkins=checkins(), commitments=commitments(60), lang="zh", today=MEETING
    )
    many = d.risks.sample(n=60, replace=True, random_state=1).reset_index(drop=True)
    many = many.assign(checkin_note="a long check-in note that takes more than one line " * 6)
    long = d.commitments.assign(text=d.commitments["text"] * 5)
    changed = pd.DataFrame({c: ["x" * 80] * 40 for c in digest.CHANGE_COLUMNS})
    late = pd.concat([d.late] * 6, ignore_index=True)
    late["indicator_name"] = late["indicator_name"] * 4
    big = digest.Digest(
        d.meeting, d.previous, d.since, d.lang, long, changed, many, pd.concat([d.tasks] * 5), long, late
    )
    cap = digest_pdf.caps(big)
    assert sum(cap.values()) >= 6 * digest_pdf.MIN_ROWS
    info, text = _pdf_text(digest_pdf.digest_pdf(big), tmp_path)
    assert "Pages:           1" in info
    assert f"另有 {60 - cap['commitments']} 项" in text
    assert f"另有 {60 - cap['risks']} 项" in text
    assert f"另有 {len(late) - cap['late']} 项" in text
    empty = dataclasses.replace(
        big, commitments=long.head(0), overdue_commitments=long.head(0), risks=many.head(2), tasks=big.tasks
    )
    info, _ = _pdf_text(digest_pdf.digest_pdf(empty), tmp_path)
    assert "Pages:           1" in info  # an empty section's "None" takes a line too
    few = digest_pdf.caps(dataclasses.replace(d, commitments=d.commitments.head(2)))
    assert few["commitments"] == 2 and few["tasks"] > digest_pdf.MIN_ROWS  # lines few rows leave go to the rest
