"""The frames behind the data API — the very calls of the CLI (``ipdash.cli``), so an endpoint
without filters gives exactly the rows of ``python -m ipdash <command>``; filters only select rows
(and ``status?lang=`` one explanation column).

``version(endpoint, params)`` is the ETag's input: the store's data version (plus the milestone
reports' version and today's date for milestones, whose overdue flag moves with the calendar).
"""

from __future__ import annotations

import hashlib

import pandas as pd

from ipdash.frames import milestones, sources, verdicts
from ipdash.settings import ViewSettings
from ipdash.store import milestones as history
from ipdash.store import read


def targets(p: dict) -> pd.DataFrame:
    return sources.targets_table(lang=p["lang"], areas=p["area"], themes=p["theme"])


def status(p: dict) -> pd.DataFrame:
    view = ViewSettings(as_of=p["as_of"], method=p["method"], include_illustrative=p["illustrative"])
    out = verdicts.evaluate(view=view)[verdicts.EVALUATE_COLUMNS]  # the CLI's status columns
    if p["area"]:
        out = out[out["area"].isin(p["area"])]
    if p["lang"]:
        out = out.drop(columns=[f"explanation_{'en' if p['lang'] == 'zh' else 'zh'}"])
    return out.reset_index(drop=True)


def actuals(p: dict) -> pd.DataFrame:
    out = read.actuals(include_illustrative=p["illustrative"])
    if p["area"]:
        out = out[out["area"].isin(p["area"])]
    if p["indicator"]:
        out = out[out["indicator"].isin(p["indicator"])]
    return out.reset_index(drop=True)


def milestone_list(p: dict) -> pd.DataFrame:
    f = milestones.milestone_table(
        "zh", areas=p["area"], departments=p["department"], statuses=p["status"], overdue=p["overdue"], on=p["on"]
    )
    return f[list(milestones.CLI_COLUMNS)]


BUILD = {"targets": targets, "status": status, "actuals": actuals, "milestones": milestone_list}


def version(endpoint: str, p: dict) -> str:
    """A strong ETag (quoted) for ``endpoint`` with parameters ``p`` on the data as they stand."""
    parts = [endpoint, repr(sorted(p.items(), key=lambda kv: kv[0])), read.data_version()]
    if endpoint == "milestones":
        parts += [history.version(), p["on"] or history.today().isoformat()]
    return '"' + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32] + '"'
