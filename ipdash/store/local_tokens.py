"""The local store's API tokens: ``store/api_tokens.json`` — ``{"tokens": [record, …]}`` (``schema.API_TOKENS``).

Every change reads, changes and replaces the file whole (``write.replace_atomically``) under the store's
write lock, as ``store.local_notify`` does with subscriptions. Mode 600: it holds the tokens' SHA-256
digests (never a token itself), which are still nobody's business.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ipdash import paths, schema
from ipdash.store import json_file, write


def _file() -> Path:
    return paths.store_dir() / "api_tokens.json"


def _load() -> list[dict]:
    return json_file.records(json_file.load(_file()), "tokens")


def _save(rows: list[dict]) -> None:
    json_file.save(_file(), {"tokens": rows}, private=True)


def frame(rows: list[dict]) -> pd.DataFrame:
    return json_file.typed_frame([json_file.text_row(r, schema.API_TOKENS) for r in rows], schema.API_TOKENS)


def api_tokens() -> pd.DataFrame:
    return frame(_load())


def add_api_token(record: dict) -> None:
    with write.write_lock():
        rows = _load()
        if any(r.get("token_id") == record["token_id"] for r in rows):
            raise ValueError(f"a token {record['token_id']!r} exists already")
        if any(r.get("name") == record["name"] and not r.get("revoked_at") for r in rows):
            raise ValueError(f"a valid token named {record['name']!r} exists already; revoke it first")
        rows.append(json_file.text_row(record, schema.API_TOKENS))
        _save(rows)


def revoke_api_token(name: str, at: str) -> int:
    with write.write_lock():
        rows = _load()
        hit = [r for r in rows if r.get("name") == name and not r.get("revoked_at")]
        for r in hit:
            r["revoked_at"] = at
        if hit:
            _save(rows)
        return len(hit)


def touch_api_token(token_id: str, at: str) -> None:
    with write.write_lock():
        rows = _load()
        for r in rows:
            if r.get("token_id") == token_id:
                r["last_used_at"] = at
                _save(rows)
                return
