"""Issue 26: ``read.data_version()`` runs on every cached call (many per rerun) and ``cache.code_version()``
on every memo call. The first stats the store once per call with one resolve of the data directory and keeps
what it adds for hidden preliminary rows per (stored version, day, viewer); the second walks the code once
per process. A change of the store, in this process or another, must still be seen at once."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from ipdash import paths
from ipdash.store import cache, read, visibility, write


def _old_stored_version() -> str:
    """The formula before the change: ``paths.parquet`` (a resolve) and exists + stat per file."""
    parts = []
    for name in paths.STORE_TABLES:
        p = paths.parquet(name)
        if p.exists():
            st = p.stat()
            parts.append(f"{name}:{st.st_mtime_ns}:{st.st_size}")
    return f"{paths.data_dir()}|" + "|".join(parts)


def test_stored_version_is_the_same_string_as_before(built_data):
    assert read.stored_version() == _old_stored_version()


def test_stored_version_of_a_partial_missing_or_relative_store(tmp_path, monkeypatch):
    monkeypatch.delenv("IPDASH_STORE", raising=False)
    monkeypatch.setenv("IPDASH_DATA_DIR", str(tmp_path / "nothing here"))
    assert read.stored_version() == _old_stored_version() == f"{(tmp_path / 'nothing here').resolve()}|"
    (tmp_path / "d" / "store").mkdir(parents=True)
    (tmp_path / "d" / "store" / "actuals.parquet").write_bytes(b"12345")
    (tmp_path / "d" / "store" / "areas.parquet").write_bytes(b"1")
    (tmp_path / "link").symlink_to(tmp_path / "d")
    monkeypatch.chdir(tmp_path)
    for spelled in ("d", "link", str(tmp_path / "link"), "./d/../d"):
        monkeypatch.setenv("IPDASH_DATA_DIR", spelled)
        v = read.stored_version()
        assert v == _old_stored_version()
        assert v.startswith(f"{(tmp_path / 'd').resolve()}|areas:") and "|actuals:" in v and "targets" not in v


def test_a_write_in_this_process_or_another_is_seen_at_once(fresh_data):
    v0 = read.data_version()
    write.write_parquet(read.table("batches"), paths.parquet("batches"))  # this process: the same rows, a new file
    v1 = read.data_version()
    assert v1 != v0
    st = os.stat(paths.parquet("actuals"))
    os.utime(paths.parquet("actuals"), ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # as another process's replace
    v2 = read.data_version()
    assert v2 not in (v0, v1)
    assert read.data_version() == v2 == read.stored_version()  # nothing hidden: the stored version as it is


def test_hidden_rows_are_named_per_viewer_and_day(unpublished, monkeypatch):
    anon = read.data_version()
    assert anon != read.stored_version()
    with visibility.viewing(("shanghai",)):
        assert read.data_version() == read.stored_version()  # its own area's figure: nothing hidden
    with visibility.viewing(("pudong",)):
        assert read.data_version() == anon
    assert read.data_version() == anon  # kept per viewer: asking again gives the same
    later = visibility.today() + dt.timedelta(days=800)  # published by then: nothing hidden from anyone
    monkeypatch.setattr(visibility, "today", lambda: later)
    assert read.data_version() == read.stored_version()


def test_data_version_is_not_kept_when_the_preliminary_rows_could_not_be_read(built_data, monkeypatch):
    monkeypatch.setattr(read, "_restricted", {})
    monkeypatch.setattr(read, "_versions", {})
    real = visibility.restricted

    def unreadable(*args):
        raise OSError("a file replaced in the middle of the read")

    monkeypatch.setattr(visibility, "restricted", unreadable)
    assert read.data_version() == read.stored_version()
    assert read._versions == {}  # asked again next time, as before
    monkeypatch.setattr(visibility, "restricted", real)
    v = read.data_version()
    assert list(read._versions.values()) == [v]


@pytest.fixture
def code_dir(tmp_path, monkeypatch):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    monkeypatch.setattr(cache, "_CODE_DIR", tmp_path)
    cache.code_version.cache_clear()
    yield tmp_path
    cache.code_version.cache_clear()  # the real package's again for the next test


def test_code_version_is_walked_once_per_process(code_dir):
    v1 = cache.code_version()
    assert v1.startswith("pkg/a.py:")
    (code_dir / "pkg" / "b.py").write_text("y = 2\n")
    assert cache.code_version() == v1  # this process runs the code it imported
    cache.code_version.cache_clear()  # a new process (or Streamlit's reload of every watched module)
    assert "pkg/b.py:" in cache.code_version()
