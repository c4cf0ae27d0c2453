"""ui.shell.ensure_data runs the killed-commit check (which reads the batch log) only when the store's
files changed since its last check — and then repairs what a killed commit left behind."""

from __future__ import annotations

from ipdash import store
from ipdash.store import local_commit
from ipdash.store.local import LocalStore
from ipdash.ui import shell


def test_check_runs_only_when_the_store_changes(fresh_data, monkeypatch):
    calls = []
    monkeypatch.setattr(LocalStore, "ensure_consistent", lambda self: calls.append(1) or False)
    monkeypatch.setattr(shell, "_checked_stamp", None)
    shell.ensure_data()
    shell.ensure_data()
    shell.ensure_data()
    assert len(calls) == 1  # nothing changed: no second read of the batch log
    (fresh_data / "store" / ".x.tmp").write_bytes(b"")  # what a killed commit leaves: a temp file
    shell.ensure_data()
    assert len(calls) == 2


def test_a_killed_commit_is_still_repaired(fresh_data, monkeypatch):
    monkeypatch.setattr(shell, "_checked_stamp", None)
    shell.ensure_data()  # checked: nothing to repair
    local_commit.pending_marker().write_text("")  # a commit killed after it started
    assert store.current().needs_recovery()
    shell.ensure_data()
    assert not local_commit.pending_marker().exists() and not store.current().needs_recovery()
