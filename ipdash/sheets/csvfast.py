"""The rows of a plain CSV text read by pyarrow's CSV reader: exactly what ``csv.reader`` gives, ~10× faster.

``plain_rows(text, delimiter)`` returns the rows as lists of strings, or None whenever the text is
not plain — then the caller reads it with ``csv.reader`` (``read.csv_rows``), the one reference.
Plain means nothing on which the two readers could differ: no quote character at all, no byte order
mark left at the start (pyarrow drops it, csv.reader keeps it in the first cell), no carriage
return other than in ``\\r\\n``, no empty line, every row with the same number of fields (pyarrow
refuses a ragged row, and the per-cell reader takes it), no field near ``csv.field_size_limit``.
Cell text is not touched here (NFKC, full-width, units, formulas are the same code after either
reader); ``tests/test_ingest_csvfast.py`` checks both readers agree on generated texts.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

FIELD_LIMIT = 1_000_000  # ``csv.field_size_limit`` as ``read.csv_rows`` sets it


def plain_rows(text: str, delimiter: str) -> list[list[str]] | None:
    """``csv.reader``'s rows of ``text`` (default dialect, this delimiter), or None: not plain."""
    columns = plain_columns(text, delimiter)
    if columns is None:
        return None
    return list(map(list, zip(*(c.to_pylist() for c in columns), strict=True)))


def plain_columns(text: str, delimiter: str) -> list[pa.ChunkedArray] | None:
    """The columns of ``text`` as pyarrow strings, one a field, when it is plain (the module doc), else None
    (also the upload's columnar reader, ``ingest/plaincsv.py``)."""
    if '"' in text or text.startswith("\ufeff") or len(delimiter) != 1 or not delimiter.isascii():
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return None
    if text.startswith("\n") or "\n\n" in text:
        return None  # an empty line is a row [] for csv.reader, an error or nothing for pyarrow
    first = text[: text.find("\n")] if "\n" in text else text
    names = [f"c{i}" for i in range(first.count(delimiter) + 1)]
    try:
        data = text.encode("utf-8")
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char=False,
                double_quote=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeEncodeError):  # a ragged row, or text UTF-8 cannot hold
        return None
    columns = [table.column(n) for n in names]
    if any(c.null_count for c in columns):
        return None
    if table.num_rows and max(pc.max(pc.utf8_length(c)).as_py() for c in columns) >= FIELD_LIMIT:
        return None
    return columns
