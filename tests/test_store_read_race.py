"""A table read that meets another process's commit mid-read (DuckDB opening the path twice and
finding two files) is read again; an error of a file nobody changed is not hidden."""

from __future__ import annotations

import os

import duckdb
import pytest

from ipdash import paths
from ipdash.store import read


def _clear_memory():
    read._tables.clear()


def test_read_again_when_the_file_was_replaced_mid_read(fresh_data, monkeypatch):
    _clear_memory()
    real = read._read_table
    calls = []

    def flaky(name, include_illustrative):
        calls.append(name)
        if len(calls) == 1:  # a writer replaces the file while DuckDB is reading it
            p = paths.parquet(name)
            os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 1_000_000))
            raise duckdb.Error("TProtocolException: Invalid data")
        return real(name, include_illustrative)

    monkeypatch.setattr(read, "_read_table", flaky)
    df = read.table("targets")
    assert len(calls) == 2 and len(df) > 0


def test_an_error_of_an_unchanged_file_is_raised(fresh_data, monkeypatch):
    _clear_memory()
    calls = []

    def broken(name, include_illustrative):
        calls.append(name)
        raise duckdb.Error("TProtocolException: Invalid data")

    monkeypatch.setattr(read, "_read_table", broken)
    with pytest.raises(duckdb.Error, match="Invalid data"):
        read.table("targets")
    assert len(calls) == 1
