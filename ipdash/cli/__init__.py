"""``python -m ipdash …``: the same code paths as the app."""
