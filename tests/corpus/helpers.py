"""Helpers shared by the upload tests: store snapshots, users, corpus access."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parent.parent
PASSWORD = "correct horse 1"


def manifest() -> dict:
    return json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))


def corpus_bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def snapshot(data_dir: Path) -> dict[str, str]:
    """sha256 of every file under store/ and uploads/, plus the audit log: the whole write side."""
    out = {}
    for sub in ("store", "uploads"):
        root = data_dir / sub
        for f in sorted(root.rglob("*")) if root.exists() else ():
            if f.is_file() and f.name != ".write.lock":
                out[str(f.relative_to(data_dir))] = hashlib.sha256(f.read_bytes()).hexdigest()
    audit = data_dir / "audit.log"
    if audit.exists():
        out["audit.log"] = hashlib.sha256(audit.read_bytes()).hexdigest()
    return out


def add_user(name: str = "wang", areas: tuple[str, ...] = ("pudong", "yangpu"), password: str = PASSWORD):
    from ipdash.accounts import auth

    return auth.add_user(name, password, list(areas))


def cli(
    *args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ipdash", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    return ("\n".join(",".join(str(c) for c in r) for r in rows) + "\n").encode(encoding)
