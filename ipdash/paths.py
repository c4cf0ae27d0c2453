"""Every path ipdash reads or writes, in one place.

``IPDASH_DATA_DIR`` points the app, the CLI and the tests at another data directory
(tests always use a temporary copy of ``data/``).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO / "data"

CATALOG_TABLES = ("indicators", "areas", "documents", "targets", "milestones")
STORE_TABLES = (*CATALOG_TABLES, "base_actuals", "actuals", "batches")


def data_dir() -> Path:
    """The active data directory (read from the environment on every call)."""
    return Path(os.environ.get("IPDASH_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


def catalog_dir() -> Path:
    return data_dir() / "catalog"


def catalog_file(name: str) -> Path:
    return catalog_dir() / f"{name}.csv"


def seeds_dir() -> Path:
    return data_dir() / "seeds"


def reference_file() -> Path:
    return data_dir() / "reference" / "shanghai-public-figures.csv"


def store_dir() -> Path:
    return data_dir() / "store"


def parquet(name: str) -> Path:
    if name not in STORE_TABLES:
        raise ValueError(f"unknown table {name!r}")
    return store_dir() / f"{name}.parquet"


def batches_dir() -> Path:
    return store_dir() / "batches"


def manifest_file() -> Path:
    return store_dir() / "manifest.json"


def lock_file() -> Path:
    return store_dir() / ".write.lock"


def uploads_dir() -> Path:
    return data_dir() / "uploads"


def audit_log() -> Path:
    return data_dir() / "audit.log"


def milestone_reports_file() -> Path:
    """The milestones' report history (台账), written by ingest.milestones, never by the build."""
    return store_dir() / "milestone_reports.parquet"


def evidence_dir() -> Path:
    """Status files and evidence files of milestone reports, archived unchanged."""
    return uploads_dir() / "milestones"


def users_file() -> Path:
    """Users and salted password hashes; outside git (see README)."""
    return Path(os.environ.get("IPDASH_USERS_FILE") or (data_dir() / "users.json"))


def roles_file() -> Path:
    """Single sign-on: the provider's claims mapped to roles and areas (``accounts.roles``); outside git."""
    return Path(os.environ.get("IPDASH_ROLES_FILE") or (data_dir() / "roles.toml"))
