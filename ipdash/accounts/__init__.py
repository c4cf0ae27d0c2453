"""Who may do what: uploader accounts (areas, departments), sign-in throttling, the audit log.

Used by ingest, ui and cli alike; it reaches the store only through ``ipdash.store``.
"""
