"""A validation cache bounded in bytes and in time, shared by every session of one server process.

The upload page reruns on every click; validating a large file each time would cost seconds,
and caching every distinct upload without bound kept ~100 MB per file (246 → 949 MB after six).
Here an entry lives at most ``TTL_S`` seconds, the entries together hold at most ``MAX_BYTES``
(least recently used first out), and a result larger than that is never kept. The size is the memory a
validation really keeps (``Validation.nbytes``: its frames, deep, and its problems; the raw strings
are dropped as a copy, not a view that kept the whole file alive: 50–60 MB an upload the count missed);
``python -m bench.vcache_rss`` measures the server's memory over 50 distinct 4.6 MB uploads. The key is the
file's hash, name, permissions, sheet choice and the data version (warnings depend on it).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_BYTES = 256 * 1024 * 1024
TTL_S = 15 * 60


class BoundedCache(Generic[T]):
    """LRU by bytes (``size_of``) and age; thread-safe."""

    def __init__(self, size_of: Callable[[T], int], max_bytes: int = MAX_BYTES, ttl_s: float = TTL_S):
        self.size_of, self.max_bytes, self.ttl_s = size_of, max_bytes, ttl_s
        self._items: OrderedDict[Hashable, tuple[float, int, T]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def _expire(self, now: float) -> None:
        for key in [k for k, (t, _, _) in self._items.items() if now - t > self.ttl_s]:
            self.bytes -= self._items.pop(key)[1]

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            self._expire(time.monotonic())
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[2]

    def put(self, key: Hashable, value: T) -> None:
        size = self.size_of(value)
        with self._lock:
            now = time.monotonic()
            self._expire(now)
            if key in self._items:
                self.bytes -= self._items.pop(key)[1]
            if size > self.max_bytes:
                return
            while self._items and self.bytes + size > self.max_bytes:
                self.bytes -= self._items.popitem(last=False)[1][1]
            self._items[key] = (now, size, value)
            self.bytes += size

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        hit = self.get(key)
        if hit is None:
            hit = make()
            self.put(key, hit)
        return hit

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0


def key(data: bytes, *parts: Hashable) -> tuple:
    return (hashlib.sha256(data).hexdigest(), *parts)


_VALIDATIONS: BoundedCache | None = None


def validations() -> BoundedCache:
    """The process-wide cache of ``validate`` results (made on first use)."""
    global _VALIDATIONS
    if _VALIDATIONS is None:
        from ipdash.ingest.validate import Validation

        _VALIDATIONS = BoundedCache(Validation.nbytes)
    return _VALIDATIONS


def validated(data: bytes, file_name: str, *, allowed_areas, sheet: str | None = None):
    """``validate.validate`` through the bounded cache (keyed on the data version too)."""
    from ipdash.ingest import validate
    from ipdash.store import read

    allowed = allowed_areas if isinstance(allowed_areas, str | None) else frozenset(allowed_areas)
    k = key(data, file_name, allowed, sheet, read.data_version())
    return validations().get_or_make(
        k, lambda: validate.validate(data, file_name, allowed_areas=allowed_areas, sheet=sheet)
    )
