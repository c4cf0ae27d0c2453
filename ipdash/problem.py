"""One thing wrong with what a person handed in — an uploaded file, a report row, a form — in the shape
every refusal takes: where (sheet, row, column), what (the value) and what was expected, in zh and en.

Shared by the file readers (``sheets``, ``ingest``) and the meeting cycle (``meetings``), so a refusal
reads the same wherever it comes from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Problem:
    """Where (sheet, row, column), what (value) and what was expected (zh, en)."""

    code: str
    row: int | None
    column: str
    value: str
    expected_zh: str
    expected_en: str
    sheet: str = ""

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected_zh": self.expected_zh,
            "expected_en": self.expected_en,
        }
