"""Display metadata for each attainment status: zh/en label (ipdash/strings/status.py), icon, colour.

Colours come from the Okabe–Ito colour-blind-safe palette (plus greys); each status also
has its own icon so that colour is never the only cue.
"""

from __future__ import annotations

from ipdash import i18n

STATUSES = ("achieved", "missed", "on_track", "at_risk", "off_track", "insufficient_data", "no_data", "no_target")

_STYLE = {  # status: (icon, colour)
    "achieved": ("✔", "#009E73"),
    "missed": ("✘", "#CC79A7"),
    "on_track": ("▲", "#0072B2"),
    "at_risk": ("◆", "#E69F00"),
    "off_track": ("▼", "#D55E00"),
    "insufficient_data": ("?", "#666666"),
    "no_data": ("∅", "#999999"),
    "no_target": ("○", "#BBBBBB"),
}
STATUS_META: dict[str, dict[str, str]] = {
    s: {"zh": i18n.t(f"status.{s}", "zh"), "en": i18n.t(f"status.{s}", "en"), "icon": icon, "colour": colour}
    for s, (icon, colour) in _STYLE.items()
}


def status_label(status: str, lang: str = "zh") -> str:
    meta = STATUS_META.get(status)
    if meta is None:
        return str(status)
    return meta["en" if lang == "en" else "zh"]
