"""``store.read.ensure_fresh``: the build's full input check (``build.ensure_built``) at most once a second, and past
the second skipped only while a stat of every input (``build.input_files()``) and of the manifest finds them as
they were just before the last full check — any change to them, a seed added or removed, or a new store version
still runs it within the second, as before (issue 26: at county scale the check was a tenth of an overview)."""

from __future__ import annotations

import os
import shutil

import pytest

from ipdash import paths
from ipdash.store import build, read


@pytest.fixture
def clock(fresh_data, monkeypatch):
    """A clock the test moves, and the full checks counted (each still runs the real one)."""
    now, calls = [1000.0], []
    monkeypatch.setattr(read.time, "monotonic", lambda: now[0])
    real = build.ensure_built
    monkeypatch.setattr(build, "ensure_built", lambda: calls.append(now[0]) or real())
    read._checked = ("", 0.0)
    read.ensure_fresh()  # the first check: a full one

    def tick(seconds: float = 1.5) -> int:
        now[0] += seconds
        before = len(calls)
        read.ensure_fresh()
        return len(calls) - before

    assert len(calls) == 1
    return tick


def _touch(path) -> None:
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_unchanged_inputs_skip_the_full_check_and_any_change_runs_it(clock):
    assert [clock() for _ in range(5)] == [0] * 5  # nothing changed: no full check
    seed = sorted(paths.seeds_dir().glob("*.txt"))[0]
    _touch(seed)
    assert clock(0.5) == 0  # within the second: nothing, as always
    assert clock(0.6) == 1  # past it: the full check (it finds the same content: no build)
    assert clock() == 0
    _touch(paths.catalog_file("targets"))
    assert clock() == 1
    _touch(paths.manifest_file())
    assert clock() == 1
    _touch(paths.reference_file())
    assert clock() == 1
    assert clock() == 0


def test_a_seed_added_or_removed_runs_the_full_check(clock):
    seeds = sorted(paths.seeds_dir().glob("*.txt"))
    extra = seeds[0].with_name("zz-copy.txt")
    shutil.copyfile(seeds[0], paths.seeds_dir() / "notes.md")  # not an input, but the directory changed: one check
    assert clock() == 1
    assert clock() == 0
    os.rename(paths.seeds_dir() / "notes.md", extra)  # now it is an input
    assert str(extra) in map(str, build.input_files())
    assert clock() == 1  # the full check: a new input, so the store is built again
    assert clock() <= 1  # the build wrote the manifest after the stats were taken: checked once more at most
    assert clock() == 0
    extra.unlink()
    assert clock() == 1  # removed again: checked (and built) again
    clock()
    assert clock() == 0


def test_a_new_store_version_runs_the_full_check_at_once(clock):
    _touch(paths.parquet("targets"))
    assert clock(0.1) == 1


def test_the_stats_cover_every_input_of_the_build_and_the_manifest(fresh_data):
    stats = read._input_stats()
    assert len(stats) == 1 + len(build.input_files()) + 1 and None not in stats
