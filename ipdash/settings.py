"""How a view is judged: one frozen settings object passed by keyword everywhere.

``ViewSettings(lang="en", as_of=2024, method="linear", include_illustrative=False)`` — hashable,
so it is a cache key as it is (``ui.cached``, ``store.cache``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
Method = Literal["linear", "loglinear", "damped", "last_change"]
METHODS: tuple[Method, ...] = ("linear", "loglinear", "damped", "last_change")


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """``lang``: display language. ``as_of``: judge with actuals up to this year only (None =
    each target's latest). ``method``: projection method (None = the indicator kind's default).
    ``include_illustrative``: whether illustrative series take part. ``include_superseded``: whether
    the meeting deck shows targets a later document replaced (已被后续文件更新; they are judged anyway)."""

    lang: Lang = "zh"
    as_of: int | None = None
    method: Method | None = None
    include_illustrative: bool = True
    include_superseded: bool = False

    @property
    def en(self) -> bool:
        return self.lang == "en"

    @property
    def is_default_judgement(self) -> bool:
        """Latest data and default method: the judgement kept on disk per data version."""
        return self.as_of is None and self.method is None


DEFAULT_VIEW = ViewSettings()


# ---------------------------------------------------------------- who may see the dashboard at all
VIEW_ENV = "IPDASH_VIEW"
VIEW_MODES = ("open", "login")


def view_mode(value: str | None = None) -> str:
    """``IPDASH_VIEW``: ``open`` (default: every page and API call answers anyone) or ``login`` (every
    page needs a signed-in account, every ``/api/v1`` call an API token). Read on every call (tests
    switch it); ``ValueError`` names a bad value, so a misconfiguration stops the server at start."""
    text = (os.environ.get(VIEW_ENV, "") if value is None else value).strip().lower() or "open"
    if text not in VIEW_MODES:
        raise ValueError(f"{VIEW_ENV}: {text!r} is not a view mode; give open (anyone may look) or login")
    return text


def login_required() -> bool:
    return view_mode() == "login"
