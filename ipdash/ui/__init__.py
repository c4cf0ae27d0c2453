"""The thin Streamlit helper layer (the ui package is the only part of ipdash that imports streamlit).

This ``__init__`` holds no logic: it names, for the pages, the helpers every view shares, each defined in
the module of its job — ``lang`` (language, ``t``, the view's settings), ``url`` (filters in the URL as
codes), ``shell`` (switches, CSS, the data gate), ``guard`` (no traceback on any page), ``cache``
(results per data version), ``tables`` (translated tables and downloads of exactly the frame shown).
"""

from ipdash.ui.cache import cached, cached_on
from ipdash.ui.guard import RAISE_ENV, fragment, page_guard
from ipdash.ui.lang import ILLUS_KEY, LANG_KEY, LANG_LABELS, include_illustrative, lang, t, view
from ipdash.ui.shell import ensure_data, shell_widgets
from ipdash.ui.tables import column_labels, downloads, illustrative_notice, table, to_csv_bytes, to_parquet_bytes
from ipdash.ui.url import bind, relabel_filters

__all__ = [
    "ILLUS_KEY",
    "LANG_KEY",
    "LANG_LABELS",
    "RAISE_ENV",
    "bind",
    "cached",
    "cached_on",
    "column_labels",
    "downloads",
    "ensure_data",
    "fragment",
    "illustrative_notice",
    "include_illustrative",
    "lang",
    "page_guard",
    "relabel_filters",
    "shell_widgets",
    "t",
    "table",
    "to_csv_bytes",
    "to_parquet_bytes",
    "view",
]
