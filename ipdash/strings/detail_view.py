"""UI strings of the target detail view's parts (ipdash/ui/detail_view.py): punctuation that
differs by language, kept here so no CJK literal lives in code."""

STRINGS = {
    "det.current_with": {"zh": "{what}（{when}）", "en": "{what} ({when})"},
    "det.clause_quote": {"zh": "「{clause}」", "en": "「{clause}」"},
    "det.assumptions_line": {"zh": "**{label}**：{text}", "en": "**{label}**: {text}"},
}
