"""Uploads: reading offices' files, units, validation, preview/commit/revert, accounts and audit."""
