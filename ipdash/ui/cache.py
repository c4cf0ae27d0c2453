"""Results of ipdash functions shared by every session until the data version changes.

A call looks its result up first in a plain dict keyed by the arguments themselves (``_hot``), and
only on a miss in ``st.cache_resource``: Streamlit's cache hashes every argument (a view, the
overview's filters, a page of tile ids) to MD5 bytes on every call, about a tenth of an overview
rerun's CPU with ~40 calls a rerun (issue 26). ``_hot`` keeps only results of the newest data version
it was asked for, at most ``HOT_MAX``, and takes only arguments it can key exactly (``_exact``);
any other call goes to Streamlit's cache as before."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from typing import Any

import pandas as pd
import streamlit as st

from ipdash.store import read

HOT_MAX = 512  # entries of ``_hot``: all dropped at once when full, as when the data version changes
_hot: dict[tuple, Any] = {}  # {(function, version, exact key of the arguments): result}
_hot_version: list[str] = [""]  # the data version ``_hot`` holds results of
_MISS = object()


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_call(qualname: str, version: str, args: tuple, kwargs: dict):
    module, _, name = qualname.partition(":")
    func: Any = importlib.import_module(module)
    for part in name.split("."):
        func = getattr(func, part)
    return func(*args, **kwargs)


def _exact(value: Any) -> Any:
    """A hashable key equal only for arguments a function cannot tell apart: the type goes with
    every number and date (``1``, ``1.0`` and ``True`` are equal in Python but not as arguments);
    tuples and frozen dataclasses (a view, the overview's filters) field by field. TypeError for
    anything else (a list, a frame): such a call goes to Streamlit's cache, which hashes it."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind in (int, float, bool, dt.date):
        return (kind, value)
    if kind is tuple:
        return (tuple, *(_exact(v) for v in value))
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:
        return (kind, *(_exact(getattr(value, f.name)) for f in dataclasses.fields(value)))
    raise TypeError(kind)


def _call(qualname: str, data_version: str, version: str, args: tuple, kwargs: dict) -> Any:
    try:
        key = (qualname, version, _exact(args), *((k, _exact(v)) for k, v in sorted(kwargs.items())))
    except TypeError:
        return _cached_call(qualname, version, args, kwargs)
    hit = _hot.get(key, _MISS)
    if hit is not _MISS:
        return hit
    value = _cached_call(qualname, version, args, kwargs)
    if _hot_version[0] != data_version or len(_hot) >= HOT_MAX:  # keep one data version's results only
        _hot.clear()
        _hot_version[0] = data_version
    _hot[key] = value
    return value


def clear() -> None:
    """Forget every kept result (both levels)."""
    _hot.clear()
    _cached_call.clear()


def _fresh(value):
    """What a caller may change without touching the cached original: a shallow copy of a
    frame (pandas copy-on-write copies data only when it is written), dict or list."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.copy(deep=False)
    if isinstance(value, (dict, list)):
        return type(value)(value)
    return value


def cached(func, *args, **kwargs):
    """Call an ipdash function, cached until the data version changes.

    One result shared by every session (``st.cache_resource``), not a pickled copy per call
    (``st.cache_data``): at county scale a result can be hundreds of MB, and unpickling it on
    every rerun and in every session cost seconds and gigabytes (bench/run.py)."""
    version = read.data_version()
    return _fresh(_call(f"{func.__module__}:{func.__qualname__}", version, version, args, kwargs))


def cached_on(version: str, func, *args, **kwargs):
    """``cached``, also until ``version`` changes: for results that depend on something the data
    version does not cover (the milestone reports: ``store.milestones.version()``)."""
    data = read.data_version()
    return _fresh(_call(f"{func.__module__}:{func.__qualname__}", data, f"{data}|{version}", args, kwargs))
