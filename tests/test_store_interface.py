"""The storage object: both backends implement the whole ``store.base.Store`` interface (the same
methods with the same parameters), ``store.current()`` picks the one ``IPDASH_STORE`` names and
notices a change, nothing outside ``ipdash/store`` asks which backend it is, and the interface's
audit and report methods behave the same on both backends."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pandas as pd
import pytest

from ipdash import store
from ipdash.store import base
from ipdash.store.local import LocalStore
from ipdash.store.milestones import REPORT_COLUMNS
from ipdash.store.postgres import PgStore
from tests import backends

REPO = Path(__file__).resolve().parent.parent
IMPLEMENTATIONS = (LocalStore, PgStore)


def _protocol_methods() -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(fn)
        for name, fn in vars(base.Store).items()
        if inspect.isfunction(fn) and not name.startswith("_")
    }


def _shape(sig: inspect.Signature) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


def test_the_protocol_names_every_job():
    methods = set(_protocol_methods())
    jobs = {
        "read": {"data_version", "table", "actuals", "has_catalog"},
        "batches": {"write_lock", "read_batches", "batch_rows", "archive", "commit_batch", "revert_batch"},
        "recovery": {"needs_recovery", "recover", "ensure_consistent"},
        "accounts": {"users_place", "accounts_lock", "load_users", "save_users", "read_attempts", "write_attempts"},
        "audit": {"append_audit", "audit_lines", "read_audit", "has_audit_entry"},
        "reports": {"reports_version", "refresh_reports", "read_reports", "append_reports"}
        | {"report_file", "has_report_file"},
    }
    for job, names in jobs.items():
        assert names <= methods, f"{job}: {sorted(names - methods)} missing from store.base.Store"


@pytest.mark.parametrize("impl", IMPLEMENTATIONS, ids=lambda c: c.__name__)
def test_each_backend_implements_every_method_with_its_parameters(impl):
    for name, sig in _protocol_methods().items():
        fn = getattr(impl, name, None)
        assert callable(fn), f"{impl.__name__} lacks {name}() of store.base.Store"
        assert _shape(inspect.signature(fn)) == _shape(sig), (
            f"{impl.__name__}.{name}{inspect.signature(fn)} differs from store.base.Store.{name}{sig}"
        )
    assert impl.kind in ("local", "postgresql")


def test_current_is_chosen_once_per_setting(monkeypatch):
    monkeypatch.delenv("IPDASH_STORE", raising=False)
    local = store.current()
    assert isinstance(local, LocalStore) and store.current() is local
    monkeypatch.setenv("IPDASH_STORE", "postgresql://u@127.0.0.1:1/nowhere")  # never connected here
    pg = store.current()
    assert isinstance(pg, PgStore) and store.current() is pg
    monkeypatch.delenv("IPDASH_STORE")
    assert isinstance(store.current(), LocalStore)


def test_no_backend_test_outside_the_store_package():
    hits = [
        f"{p.relative_to(REPO)}:{i}"
        for p in sorted((REPO / "ipdash").rglob("*.py"))
        if p.parent.name != "store"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"is_postgres", line)
    ]
    assert not hits, f"ask ipdash.store.current() instead of testing the backend: {hits}"


def test_audit_and_reports_through_the_interface(fresh_store):
    s = store.current()
    assert not s.has_audit_entry("upload", "B-1")
    s.append_audit("upload", {"user": "wang", "batch_id": "B-1"})
    s.append_audit("revert", {"user": "wang", "batch_id": "B-10"})
    assert s.has_audit_entry("upload", "B-1") and not s.has_audit_entry("revert", "B-1")
    assert s.has_audit_entry("revert", "B-10") and not s.has_audit_entry("upload", "B-10")
    assert list(s.read_audit()["event"]) == ["upload", "revert"]
    given = {"report_id": "R-1", "milestone_id": "M-PD24-06", "area": "pudong", "status": "done", "user": "wang"}
    row = pd.DataFrame([{c: given.get(c, "") for c in REPORT_COLUMNS}]).astype(object)
    before = s.reports_version()
    with s.write_lock():
        s.append_reports(row, {"R-1.txt": b"evidence"})
        s.refresh_reports()
    assert s.reports_version() != before
    got = s.read_reports()
    assert list(got["report_id"]) == ["R-1"] and got["status"].iloc[0] == "done"
    assert backends.milestone_files() == {"R-1.txt": b"evidence"}
    assert s.report_file("R-1.txt") == b"evidence" and s.has_report_file("R-1.txt")
