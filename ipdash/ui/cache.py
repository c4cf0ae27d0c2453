"""Results of ipdash functions shared by every session until the data version changes."""

from __future__ import annotations

import importlib
from typing import Any

import pandas as pd
import streamlit as st

from ipdash.store import read


@st.cache_resource(max_entries=512, show_spinner=False)
def _cached_call(qualname: str, version: str, args: tuple, kwargs: dict):
    module, _, name = qualname.partition(":")
    func: Any = importlib.import_module(module)
    for part in name.split("."):
        func = getattr(func, part)
    return func(*args, **kwargs)


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
    return _fresh(_cached_call(f"{func.__module__}:{func.__qualname__}", read.data_version(), args, kwargs))


def cached_on(version: str, func, *args, **kwargs):
    """``cached``, also until ``version`` changes: for results that depend on something the data
    version does not cover (the milestone reports: ``store.milestones.version()``)."""
    key = f"{read.data_version()}|{version}"
    return _fresh(_cached_call(f"{func.__module__}:{func.__qualname__}", key, args, kwargs))
