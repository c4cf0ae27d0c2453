"""``ui.cached``'s own dict in front of ``st.cache_resource`` (ipdash/ui/cache.py): the same result for
the same arguments and data version, never one made for arguments a function could tell apart."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from ipdash.settings import ViewSettings
from ipdash.ui import cache

CALLS: list[tuple] = []


def record(*args, **kwargs):
    CALLS.append((args, kwargs))
    return [repr(args), repr(sorted(kwargs.items()))]


@dataclasses.dataclass(frozen=True)
class Pick:
    areas: tuple[str, ...]
    year: int | None = None


@dataclasses.dataclass
class Loose:
    areas: list


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    version = {"v": "v1"}
    monkeypatch.setattr(cache.read, "data_version", lambda: version["v"])
    cache.clear()
    CALLS.clear()
    yield version
    cache.clear()


def test_exact_keys_tell_apart_what_python_calls_equal():
    assert cache._exact(1) != cache._exact(1.0) != cache._exact(True)
    assert cache._exact(("a", 1)) == cache._exact(("a", 1))
    assert cache._exact(("a", 1)) != cache._exact(("a", True))
    assert cache._exact(ViewSettings(as_of=2024)) == cache._exact(ViewSettings(as_of=2024))
    assert cache._exact(ViewSettings(as_of=2024)) != cache._exact(ViewSettings(as_of=2025))
    assert cache._exact(Pick(("a",), 1)) != cache._exact(Pick(("a",), True))
    assert cache._exact(dt.date(2026, 1, 1)) == cache._exact(dt.date(2026, 1, 1))
    for value in (["a"], {"a": 1}, Loose(["a"]), dt.datetime(2026, 1, 1), object()):
        with pytest.raises(TypeError):
            cache._exact(value)


def test_a_result_is_made_once_per_arguments_and_data_version(fresh):
    view = ViewSettings(lang="en")
    first = cache.cached(record, "pudong", view=view, filters=Pick(("a", "b")))
    again = cache.cached(record, "pudong", view=view, filters=Pick(("a", "b")))
    assert first == again and len(CALLS) == 1
    cache.cached(record, "pudong", view=ViewSettings(lang="zh"), filters=Pick(("a", "b")))
    cache.cached(record, "pudong", view=view, filters=Pick(("a",)))
    cache.cached(record, 1)
    cache.cached(record, True)
    cache.cached(record, 1.0)
    assert len(CALLS) == 6, "arguments a function can tell apart must not share a result"
    fresh["v"] = "v2"  # a commit: every result is made again
    cache.cached(record, "pudong", view=view, filters=Pick(("a", "b")))
    assert len(CALLS) == 7
    assert cache._hot_version == ["v2"] and all(k[1] == "v2" for k in cache._hot), "one data version kept"


def test_cached_on_follows_its_own_version_too(fresh):
    cache.cached_on("r1", record, "x")
    cache.cached_on("r1", record, "x")
    cache.cached_on("r2", record, "x")
    assert len(CALLS) == 2


def test_arguments_it_cannot_key_go_to_streamlits_cache(fresh):
    assert cache.cached(record, ["a"], areas=Loose(["b"])) == cache.cached(record, ["a"], areas=Loose(["b"]))
    assert len(CALLS) == 1 and not cache._hot  # Streamlit's cache hashed them (and still keeps the result)
    cache.cached(record, ["a", "c"])
    assert len(CALLS) == 2


def test_callers_get_their_own_copy_and_clear_forgets(fresh):
    out = cache.cached(record, "x")
    out.append("changed by a caller")
    assert "changed by a caller" not in cache.cached(record, "x")
    cache.clear()
    cache.cached(record, "x")
    assert len(CALLS) == 2


def test_the_dict_stays_bounded(fresh, monkeypatch):
    monkeypatch.setattr(cache, "HOT_MAX", 5)
    for i in range(12):
        cache.cached(record, f"k{i}")
    assert len(cache._hot) <= 5
