"""Judged targets kept between processes, each keyed by its own inputs (issue 26).

The engine is pure: a target's result depends only on its catalog row, the actuals of its
area × indicator (area, indicator, year, value, provenance), its indicator's row, ``as_of``,
``method`` and the code. ``evaluate_all`` here keys every target by a 128-bit hash of exactly
those inputs, takes the results it already has from a file in ``cache_dir`` and judges only the
rest (``evaluate.judge_rows``), so after an upload that touches a few series only their targets
are judged again. The result is the frame ``evaluate.evaluate_all`` returns, built the same way
from the same tuples (``evaluate.result_frame``); the tuples are kept with ``marshal``, which
gives back every float bit for bit (NaN included).

One file per code version and judgement (``as_of``, ``method``, the inputs' columns and dtypes):
``judged-<code>-<scope>.marshal``; files of other code versions are removed when one is written.
Because the key is the inputs themselves, an entry is never used for other inputs: the same file
is correct whatever the store (local files or PostgreSQL) and however the data version is counted.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ipdash.engine import evaluate
from ipdash.engine.result import RESULT_COLUMNS

FORMAT = 1  # the file's layout: change it when the kept tuples change meaning
SERIES_COLUMNS = ["area", "indicator", "year", "value", "provenance"]  # what ``group_actuals`` reads
_KEYS = ("ipdash-judged-k1", "ipdash-judged-k2")  # pandas' hash keys (16 characters): two 64-bit halves
_KEEP = 4  # entries of other inputs kept (e.g. the other illustrative setting), as a multiple of the targets


def _hash(df: pd.DataFrame, key: str) -> np.ndarray:
    return np.asarray(pd.util.hash_pandas_object(df, index=False, hash_key=key, categorize=True), dtype=np.uint64)


def _column_hash(col: pd.Series, key: str) -> np.ndarray:
    """A 64-bit hash per value; strings through their distinct values (fast on Arrow strings)."""
    if pd.api.types.is_numeric_dtype(col.dtype) and not isinstance(col.dtype, pd.CategoricalDtype):
        return np.asarray(pd.util.hash_array(col.to_numpy(dtype="float64", na_value=np.nan), hash_key=key))
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    h = pd.util.hash_array(np.asarray(uniques, dtype=object), hash_key=key, categorize=False)
    at = h[np.maximum(codes, 0)] if len(h) else np.zeros(len(codes), dtype=np.uint64)
    return np.where(codes < 0, np.uint64(0x9E3779B97F4A7C15), at).astype(np.uint64)


def _series_hashes(targets: pd.DataFrame, actuals: pd.DataFrame | None) -> list[np.ndarray]:
    """Per target: two order-independent sums of its series' row hashes, and its number of rows."""
    n = len(targets)
    zero = [np.zeros(n, dtype=np.uint64) for _ in range(3)]
    if actuals is None or len(actuals) == 0 or not {"area", "indicator"} <= set(actuals.columns):
        return zero
    act = actuals[actuals["area"].notna() & actuals["indicator"].notna()]  # ``group_actuals`` drops them too
    area_code, areas = pd.factorize(act["area"])
    ind_code, inds = pd.factorize(act["indicator"])
    pair = area_code.astype(np.int64) * max(len(inds), 1) + ind_code
    sums = {"n": pd.Series(np.ones(len(act), dtype=np.uint64)).groupby(pair).sum()}
    for i, key in enumerate(_KEYS):
        row = np.zeros(len(act), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for j, c in enumerate(c for c in SERIES_COLUMNS[2:] if c in act.columns):
                row = (row ^ _column_hash(act[c], key)) * np.uint64(0x100000001B3 + 2 * j)  # FNV-style mix
        sums[f"h{i}"] = pd.Series(row).groupby(pair).sum()  # uint64 sums wrap around: order-independent
    ta = pd.Index(areas).get_indexer(targets["area"].astype(object))
    ti = pd.Index(inds).get_indexer(targets["indicator"].astype(object))
    at = np.where((ta >= 0) & (ti >= 0), ta.astype(np.int64) * max(len(inds), 1) + ti, -1)
    return [sums[c].reindex(at).fillna(0).to_numpy(dtype=np.uint64) for c in ("h0", "h1", "n")]


def _indicator_hashes(targets: pd.DataFrame, indicators: pd.DataFrame | None) -> list[np.ndarray]:
    """Per target: its indicator row's two hashes (the last row of a code, as ``judge_rows`` reads it)."""
    n = len(targets)
    if indicators is None or len(indicators) == 0 or "code" not in indicators.columns:
        return [np.zeros(n, dtype=np.uint64) for _ in _KEYS]
    out = []
    for key in _KEYS:
        h = pd.Series(_hash(indicators, key), index=indicators["code"].astype(object))
        h = h[~h.index.duplicated(keep="last")]
        out.append(targets["indicator"].astype(object).map(h).fillna(0).to_numpy(dtype=np.uint64))
    return out


def target_keys(targets: pd.DataFrame, actuals: pd.DataFrame | None, indicators: pd.DataFrame | None) -> list[int]:
    """A 128-bit key per target row of everything its judgement reads (``as_of``, ``method`` and
    the code are in the file's name)."""
    parts = [_hash(targets, key) for key in _KEYS]
    parts += _series_hashes(targets, actuals) + _indicator_hashes(targets, indicators)
    both = pd.DataFrame({f"p{i}": p for i, p in enumerate(parts)})
    hi, lo = (_hash(both, key).tolist() for key in _KEYS)
    return [(a << 64) | b for a, b in zip(hi, lo, strict=True)]


def _columns(df: pd.DataFrame | None) -> list[tuple[str, str]]:
    return [] if df is None else [(str(c), str(t)) for c, t in df.dtypes.items()]


def cache_path(
    cache_dir: Path,
    version: str,
    targets: pd.DataFrame,
    actuals: pd.DataFrame | None,
    indicators: pd.DataFrame | None,
    *,
    as_of: int | None,
    method: str | None,
) -> Path:
    """``judged-<code>-<scope>.marshal``: the code version, then the judgement and the inputs' layout."""
    code = hashlib.sha256(f"{FORMAT}\n{version}".encode()).hexdigest()[:12]
    series = None if actuals is None else actuals[[c for c in SERIES_COLUMNS if c in actuals.columns]]
    scope = repr((as_of, method, RESULT_COLUMNS, _columns(targets), _columns(series), _columns(indicators)))
    return Path(cache_dir) / f"judged-{code}-{hashlib.sha256(scope.encode()).hexdigest()[:16]}.marshal"


def _load(path: Path) -> dict[int, tuple[object, ...]]:
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent or unreadable: judge again
        return {}
    if not isinstance(kept, dict):
        return {}
    width = len(RESULT_COLUMNS)
    return {k: v for k, v in kept.items() if isinstance(k, int) and isinstance(v, tuple) and len(v) == width}


def save_kept(
    path: Path,
    kept: Mapping[int, tuple[object, ...]],
    keys: Sequence[int],
    rows: Sequence[tuple[object, ...]],
    family: str,
) -> None:
    """Write ``kept`` and the new ``keys`` → ``rows`` to ``path`` (``<family>-<code>-….marshal``) with marshal,
    whole or not at all; older entries are kept up to ``_KEEP`` × the new ones, and the family's files of
    other code versions removed. The judged results here and the status texts (``frames/status_texts.py``)."""
    now: dict[int, tuple[object, ...]] = dict(zip(keys, rows, strict=True))
    if len(kept) + len(now) <= _KEEP * max(len(now), 1):
        now = {**kept, **now}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(marshal.dumps(now))
        os.replace(tmp, path)  # whole or not at all, also with several servers on one data dir
    finally:
        tmp.unlink(missing_ok=True)
    code = path.name.split("-")[1]
    for old in path.parent.glob(f"{family}-*.marshal"):
        if old.name.split("-")[1] != code:  # another code version's files
            old.unlink(missing_ok=True)


def evaluate_all(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    cache_dir: Path,
    version: str,
    as_of: int | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """``evaluate.evaluate_all``'s frame, judging only the targets with no kept result for their
    inputs; ``version``: the code's version (any change of code judges everything again)."""
    return evaluate_all_keyed(
        targets, actuals, indicators, cache_dir=cache_dir, version=version, as_of=as_of, method=method
    )[0]


def evaluate_all_keyed(
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    indicators: pd.DataFrame,
    *,
    cache_dir: Path,
    version: str,
    as_of: int | None = None,
    method: str | None = None,
) -> tuple[pd.DataFrame, list[int] | None]:
    """``evaluate_all``, and per row a 128-bit key that names its result: the row's inputs' key mixed with
    the judgement's scope and the code (the kept file's name), so two rows with one key have one result
    (what a result's display texts may be kept under). None when the inputs could not be hashed."""
    try:
        keys = target_keys(targets, actuals, indicators)
    except (TypeError, ValueError, KeyError):  # a column pandas cannot hash, no area column: judge without the cache
        return evaluate.evaluate_all(targets, actuals, indicators, as_of=as_of, method=method), None
    path = cache_path(cache_dir, version, targets, actuals, indicators, as_of=as_of, method=method)
    kept = _load(path)
    found = [kept.get(k) for k in keys]
    missing = [i for i, row in enumerate(found) if row is None]
    if missing:
        fresh = evaluate.judge_rows(targets.iloc[missing], actuals, indicators, as_of=as_of, method=method)
        for i, row in zip(missing, fresh, strict=True):
            found[i] = row
    rows: list[tuple[object, ...]] = [row for row in found if row is not None]
    if missing:
        with contextlib.suppress(OSError, ValueError):  # a read-only cache directory: simply not kept
            save_kept(path, kept, keys, rows, "judged")
    scope = int(hashlib.sha256(path.name.encode()).hexdigest()[:32], 16)
    return evaluate.result_frame(rows), [k ^ scope for k in keys]
