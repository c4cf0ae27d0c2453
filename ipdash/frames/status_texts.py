"""The judged targets' display texts kept between processes, each under its judgement's key (issue 26 (e)).

A status frame's texts (the target as written, where it stands, the projection, P(meet), the required
pace, the margin: ``frames.verdicts``) read the engine's result row and the language, nothing else; and
a result row is the same whenever ``engine.result_cache`` gives it the same key (a hash of everything it
was judged from, with the judgement's scope and the code). So the texts are kept per key, one file per
language and code version (``texts-<code>-<language>.marshal`` in ``store/cache/``): after an upload
only the targets whose key changed get new texts. Making all 28 500 again was ~1.7 s of the first start
after a data change at county scale. Without keys (inputs pandas could not hash) everything is made.

The keys travel with the judgement kept on disk (``verdicts.evaluate``'s file) as two ``uint64``
columns, ``KEY_COLUMNS``, which ``verdicts`` takes off before anyone else sees the frame.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ipdash.engine import result_cache

COLUMNS = (
    "target_text",
    "current_label",
    "current_text",
    "projected_text",
    "p_meet_text",
    "required_text",
    "margin_text",
)
KEY_COLUMNS = ["judged_key_hi", "judged_key_lo"]
FORMAT = 1  # change it when the kept tuples change meaning
_MASK = (1 << 64) - 1


def with_keys(frame: pd.DataFrame, keys: list[int] | None) -> pd.DataFrame:
    """``frame`` with its rows' keys as ``KEY_COLUMNS`` (unchanged without keys)."""
    if keys is None:
        return frame
    hi = np.array([k >> 64 for k in keys], dtype=np.uint64)
    lo = np.array([k & _MASK for k in keys], dtype=np.uint64)
    return frame.assign(**{KEY_COLUMNS[0]: hi, KEY_COLUMNS[1]: lo})


def without_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` without ``KEY_COLUMNS`` (what every caller but the status frame sees)."""
    return frame.drop(columns=KEY_COLUMNS) if KEY_COLUMNS[0] in frame.columns else frame


def split_keys(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[int] | None]:
    """``frame`` without ``KEY_COLUMNS``, and the keys they held (None when it has none)."""
    if not set(KEY_COLUMNS) <= set(frame.columns):
        return frame, None
    hi, lo = (frame[c].to_numpy(dtype=np.uint64).tolist() for c in KEY_COLUMNS)
    return frame.drop(columns=KEY_COLUMNS), [(a << 64) | b for a, b in zip(hi, lo, strict=True)]


def texts(
    keys: list[int] | None,
    rows: pd.DataFrame,
    lang: str,
    make: Callable[[pd.DataFrame], list[tuple[str, ...]]],
    *,
    cache_dir: Path,
    code: str,
) -> list[tuple[str, ...]]:
    """One tuple of ``COLUMNS`` per row of ``rows``: the kept one for the row's key, else ``make``'s (for
    the rows without one, all at once), which are then kept. ``code``: the code's version."""
    if keys is None or len(keys) != len(rows):
        return make(rows)
    path = _path(cache_dir, lang, code)
    kept = _load(path)
    found = [kept.get(k) for k in keys]
    missing = [i for i, t in enumerate(found) if t is None]
    if not missing:
        return [t for t in found if t is not None]
    for i, t in zip(missing, make(rows.iloc[missing]), strict=True):
        found[i] = t
    out = [t for t in found if t is not None]
    with contextlib.suppress(OSError, ValueError):  # a read-only cache directory: simply not kept
        result_cache.save_kept(path, kept, keys, out, "texts")
    return out


def _path(cache_dir: Path, lang: str, code: str) -> Path:
    """``texts-<code>-<language>.marshal``, both as hashes."""
    code_tag = hashlib.sha256(f"{FORMAT}\n{code}".encode()).hexdigest()[:12]
    return Path(cache_dir) / f"texts-{code_tag}-{hashlib.sha256(lang.encode()).hexdigest()[:8]}.marshal"


def _load(path: Path) -> dict[int, tuple[str, ...]]:
    try:
        kept = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):  # absent or unreadable: made again
        return {}
    if not isinstance(kept, dict):
        return {}
    width = len(COLUMNS)
    return {
        k: v
        for k, v in kept.items()
        if isinstance(k, int) and isinstance(v, tuple) and len(v) == width and all(type(s) is str for s in v)
    }
