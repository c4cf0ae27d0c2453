"""Chinese unit vocabulary that code compares and composes (data words, not sentences).

Formatting (``ipdash.fmt``), chart axes, per-capita conversion and the rules read these names,
so no module outside ``ipdash/strings/`` spells a Chinese unit itself. Sentences and labels are in
the other modules of this package (``STRINGS`` tables); this one has no ``STRINGS``.
"""

from __future__ import annotations

WAN = "万"  # 10 000
YUAN, WAN_YUAN, YI_YUAN, WAN_YI_YUAN = "元", "万元", "亿元", "万亿元"
MONEY = (YUAN, WAN_YUAN, YI_YUAN)
YUAN_PER = {YUAN: 1e8, WAN_YUAN: 1e4, YI_YUAN: 1.0}  # how many of the unit make one 亿元
PER_10K = "/万人"  # per 10 000 residents, as in 件/万人
WAN_YUAN_PER_10K = WAN_YUAN + PER_10K
PIECES, FIRMS, DAYS = "件", "家", "天"

# zh count unit -> English word ("" = a bare number)
EN_COUNT = {
    "件": "",
    "个": "",
    "家": "firms",
    "项": "items",
    "次": "times",
    "人": "persons",
    "人次": "person-times",
    "户": "households",
    "所": "institutions",
}
# zh duration unit -> English word
EN_DURATION = {
    "天": "days",
    "日": "days",
    "工作日": "working days",
    "月": "months",
    "个月": "months",
    "年": "years",
    "小时": "hours",
}
# zh axis unit -> English axis title
EN_AXIS = {PIECES: "number", FIRMS: "firms", DAYS: "days"}

# punctuation that Chinese text uses where English uses ASCII
PAREN_OPEN, PAREN_CLOSE = "（", "）"
LIST_SEP = "、"
CLAUSE_SEP = "；"
IDEOGRAPHIC_SPACE = "\u3000"
