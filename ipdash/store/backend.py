"""Which store this process uses — the one switch: ``IPDASH_STORE``.

Unset (or empty): the local Parquet store under the data directory (``store.write``/``store.read``),
the embedded default with nothing to install. ``postgresql://user[:password]@host:port/db``: the
PostgreSQL store (``store.pg`` and its ``pg_*`` modules), shared by any number of app replicas and
uploading processes. The rest of the code does not know which: it asks ``ipdash.store.current()``,
the storage object (``store.base.Store``) this setting names; only modules inside ``store/`` test
``is_postgres()`` (their marked ``[pg-dispatch]`` points).

Nothing here connects; ``StoreUnavailable`` is what every failure to reach or use the configured
store becomes, with a message that names host, port and what to check (never a traceback).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from ipdash import paths

ENV = "IPDASH_STORE"
SCHEMES = ("postgresql", "postgres")


class StoreUnavailable(RuntimeError):
    """The configured store cannot be reached or used; ``args[0]`` says what to check."""


class LockTimeout(RuntimeError):
    """Another writer held the store's write lock for too long."""


@dataclass(frozen=True)
class PgTarget:
    """Where the PostgreSQL store is (the password is kept only in ``url``, never shown)."""

    url: str
    host: str
    port: int
    dbname: str
    user: str

    @property
    def shown(self) -> str:
        return f"postgresql://{self.user + '@' if self.user else ''}{self.host}:{self.port}/{self.dbname}"


def setting() -> str:
    return (os.environ.get(ENV) or "").strip()


def is_postgres() -> bool:
    """True when ``IPDASH_STORE`` names a database (read on every call: tests switch it)."""
    return bool(setting())


def target() -> PgTarget:
    """The parsed ``IPDASH_STORE``; ``StoreUnavailable`` when it is not a PostgreSQL URL."""
    raw = setting()
    try:
        parts = urlsplit(raw)
        port = parts.port or 5432
    except ValueError:
        parts, port = None, 0
    if parts is None or parts.scheme not in SCHEMES or not parts.hostname or not parts.path.strip("/"):
        raise StoreUnavailable(
            f"{ENV} is set but is not a PostgreSQL URL: expected postgresql://user@host:port/database "
            f"(got {_redact(raw)!r}); unset {ENV} to use the local Parquet store"
        )
    return PgTarget(raw, parts.hostname, port, unquote(parts.path.strip("/")), unquote(parts.username or ""))


def _redact(raw: str) -> str:
    """``raw`` with any password replaced by ``***``."""
    try:
        parts = urlsplit(raw)
    except ValueError:
        return "<unparsable>"
    if parts.password is None:
        return raw
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def describe() -> str:
    """Where the data lives, for messages (``local Parquet store at …`` or the database)."""
    if not is_postgres():
        return f"the local Parquet store at {paths.store_dir()}"
    try:
        return f"the PostgreSQL store {target().shown}"
    except StoreUnavailable:
        return f"the PostgreSQL store {_redact(setting())}"
