"""UI strings, one module per feature area, each defining ``STRINGS = {key: {"zh": ..., "en": ...}}``.

Modules: core (shell, shared widgets, catalog page), views (overview, compare, detail, data),
upload, meeting. ``ipdash.i18n`` merges them; a key defined twice is an error.
"""
