"""Neutralise spreadsheet formula injection in anything exported as CSV or XLSX.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
``'`` so Excel and WPS show it as text. Numbers are left alone (a negative number is data, not
a formula), so only string cells are touched.
"""

from __future__ import annotations

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out
