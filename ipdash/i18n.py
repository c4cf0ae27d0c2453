"""zh/en strings. Chinese first; every key has both languages (a test checks it)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from ipdash import strings as _strings_pkg

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


@lru_cache(maxsize=1)
def all_strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for mod in pkgutil.iter_modules(_strings_pkg.__path__):
        table = getattr(importlib.import_module(f"{_strings_pkg.__name__}.{mod.name}"), "STRINGS", None)
        if table is None:  # a vocabulary module (units, dictionary): constants, not UI strings
            continue
        clash = set(merged) & set(table)
        if clash:
            raise KeyError(f"string keys defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    entry = all_strings().get(key)
    if entry is None:
        raise KeyError(f"no UI string {key!r}: add it to a module in ipdash/strings/")
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**kwargs) if kwargs else text


def has(key: str) -> bool:
    return key in all_strings()
