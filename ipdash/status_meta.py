"""Display metadata for each attainment status: zh/en label, icon, colour.

Colours come from the Okabe–Ito colour-blind-safe palette (plus greys); each status also
has its own icon so that colour is never the only cue.
"""

from __future__ import annotations

STATUSES = ("achieved", "missed", "on_track", "at_risk", "off_track", "insufficient_data", "no_data", "no_target")

STATUS_META: dict[str, dict[str, str]] = {
    "achieved": {"zh": "已达成", "en": "achieved", "icon": "✔", "colour": "#009E73"},
    "missed": {"zh": "未达成", "en": "missed", "icon": "✘", "colour": "#CC79A7"},
    "on_track": {"zh": "有望达成", "en": "on track", "icon": "▲", "colour": "#0072B2"},
    "at_risk": {"zh": "存在风险", "en": "at risk", "icon": "◆", "colour": "#E69F00"},
    "off_track": {"zh": "难以达成", "en": "off track", "icon": "▼", "colour": "#D55E00"},
    "insufficient_data": {"zh": "数据不足", "en": "insufficient data", "icon": "?", "colour": "#666666"},
    "no_data": {"zh": "暂无数据", "en": "no data", "icon": "∅", "colour": "#999999"},
    "no_target": {"zh": "无量化目标", "en": "no quantitative target", "icon": "○", "colour": "#BBBBBB"},
}


def status_label(status: str, lang: str = "zh") -> str:
    meta = STATUS_META.get(status)
    if meta is None:
        return str(status)
    return meta["en" if lang == "en" else "zh"]


# Milestones (定性任务): status of the latest report, icon and colour (labels: ``mst.status.*``
# strings). ``overdue`` is a flag beside the status, drawn with its own icon and colour.
MILESTONE_STATUSES = ("done", "in_progress", "not_started", "delayed", "cancelled", "not_assessed")
MILESTONE_META: dict[str, dict[str, str]] = {
    "done": {"icon": "✔", "colour": "#009E73"},
    "in_progress": {"icon": "▶", "colour": "#0072B2"},
    "not_started": {"icon": "□", "colour": "#555555"},
    "delayed": {"icon": "◆", "colour": "#E69F00"},
    "cancelled": {"icon": "✕", "colour": "#666666"},
    "not_assessed": {"icon": "○", "colour": "#999999"},
    "overdue": {"icon": "⚠", "colour": "#D55E00"},
}
