"""Memory of the validation cache: 50 distinct ~4.6 MB uploads through the page's code path.

``python -m bench.vcache_rss [--n 50] [--mb 4.6]`` validates ``n`` distinct CSV files of about
``mb`` MB each — random rows of real area and indicator names, years and values, so most of them
are refused as duplicates, the heaviest case for the cache (tens of thousands of problems each) —
through ``ui.upload.validated`` → ``ingest.vcache`` in this one process, as the server does, and
prints the process's resident memory (RSS) after each and the cache's own count of its bytes.
Run it on a built data directory (``IPDASH_DATA_DIR``; ``python -m ipdash build`` first).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time

import numpy as np


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_upload(i: int, mb: float, areas: list[str], indicators: list[str]) -> bytes:
    """A distinct CSV of about ``mb`` MB (seed ``i``)."""
    rng = np.random.default_rng(i)
    chunks, size, target = ["地区,指标,年份,数值\n".encode()], 0, int(mb * 1_000_000)
    while size < target:
        n = 2000
        a, ind = rng.choice(areas, n), rng.choice(indicators, n)
        y, v = rng.integers(2011, 2026, n), rng.uniform(0, 1e5, n).round(2)
        chunk = "".join(f"{a[k]},{ind[k]},{y[k]},{v[k]}\n" for k in range(n)).encode("utf-8")
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--mb", type=float, default=4.6)
    args = ap.parse_args(argv)

    from ipdash import catalog
    from ipdash.accounts.auth import User
    from ipdash.ingest import vcache
    from ipdash.ui import upload

    areas = list(catalog.read_table("areas")["name_zh"])
    indicators = list(catalog.read_table("indicators")["code"])
    admin = User("bench", ("*",))
    start = rss_mb()
    steps = []
    for i in range(args.n):
        data = make_upload(i, args.mb, areas, indicators)
        t = time.perf_counter()
        v = upload.validated(data, f"upload-{i}.csv", admin)
        assert v is not None
        del v, data
        gc.collect()
        steps.append(
            {
                "upload": i + 1,
                "seconds": round(time.perf_counter() - t, 2),
                "rss_mb": round(rss_mb(), 1),
                "cache_entries": len(vcache.validations()),
                "cache_mb": round(vcache.validations().bytes / 1e6, 1),
            }
        )
        print(json.dumps(steps[-1]), file=sys.stderr, flush=True)
    result = {"start_rss_mb": round(start, 1), "peak_rss_mb": max(s["rss_mb"] for s in steps), "steps": steps}
    print(json.dumps({k: v for k, v in result.items() if k != "steps"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
