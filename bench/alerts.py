"""(g) An alert after the commit that causes it (issue 26, goal ≤ 10 s):
``python -m bench.alerts DATA_DIR [--runs N] [--paths cli,app] [--no-email] [--json FILE]``.

On a copy of ``DATA_DIR`` (``cp -a`` semantics: file times kept; built first when it has no store) the
bench starts real receivers on 127.0.0.1 — one HTTP server for a 企业微信 robot and a plain webhook,
and an SMTP server (aiosmtpd) — and adds, through the store, one subscription per channel that follows
one target. It picks that target and two values of its latest actual whose judgements differ in status
(the engine judges the one target on the candidate series), so every commit flips the status and
emits a ``status_change`` event; run *i* commits value ``i % 2``. Each run then times, on the wall
clock, from the command's start and from the commit's end (the moment the store's write returned,
seen by an ``after_write`` listener registered before the CLI's own) to the last receiver getting
its message. A run counts only when every receiver got a message naming the target — the webhook's
carries the target id and the batch id the commit made — so the bench cannot time nothing.

Paths: ``cli`` — ``python -m ipdash ingest FILE --user bench --yes`` in a fresh process (the same
``cli.main.main``, wrapped to note the commit's end), whose listener runs ``notify.run.after_commit``
before the command exits; ``app`` — what the app does: a process that has judged every target
once (a server that has shown a page), commits through ``ingest.commit`` and calls
``after_commit(background=True)``, the alert leaving from a background thread.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOAL_S = 10.0
BASE_URL = "https://ipdash.example.gov.cn"
USER = "bench"
FACTORS = (0.2, 0.5, 0.8, 1.25, 2.0, 3.0)  # candidate values: the latest actual × these


# ---------------------------------------------------------------- receivers (real servers on 127.0.0.1)
class Receivers:
    """An HTTP server (``/wecom`` answers as a robot does, ``/webhook`` plainly) and, unless ``email`` is
    False, an SMTP server; every message is kept as (wall-clock time received, channel, text, body)."""

    def __init__(self, email: bool = True) -> None:
        self.got: list[tuple[float, str, str, Any]] = []
        self.lock = threading.Lock()
        me = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                at = time.time()
                body = json.loads(raw.decode("utf-8"))
                channel = self.path.split("?")[0].strip("/")
                me.keep(at, channel, json.dumps(body, ensure_ascii=False), body)
                out = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.smtp: Any = None
        if email:
            from aiosmtpd.controller import Controller

            class Mailbox:
                async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                    at = time.time()
                    mail = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
                    me.keep(at, "email", str(mail["Subject"]) + "\n" + mail.as_string(), None)
                    return "250 OK"

            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                port = int(free.getsockname()[1])
            self.smtp = Controller(Mailbox(), hostname="127.0.0.1", port=port)
            self.smtp.start()

    def keep(self, at: float, channel: str, text: str, body: Any) -> None:
        with self.lock:
            self.got.append((at, channel, text, body))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}{path}"

    @property
    def smtp_url(self) -> str:
        return f"smtp://127.0.0.1:{self.smtp.port}" if self.smtp else ""

    @property
    def channels(self) -> tuple[str, ...]:
        return ("wecom", "webhook", "email") if self.smtp else ("wecom", "webhook")

    def arrivals(self, since: int, target: str, batch: str) -> dict[str, float]:
        """{channel: time} of the first message after index ``since`` naming ``target`` (the webhook's:
        with event version ``batch`` too)."""
        out: dict[str, float] = {}
        with self.lock:
            got = self.got[since:]
        for at, channel, text, body in got:
            if channel in out or target not in text:
                continue
            if channel == "webhook" and (body["event"]["target_id"], body["event"]["version"]) != (target, batch):
                continue
            out[channel] = at
        return out

    def stop(self) -> None:
        self.http.shutdown()
        self.http.server_close()
        if self.smtp:
            self.smtp.stop()


# ---------------------------------------------------------------- the data copy, the target, the subscriptions
def prepare(src: Path, work: Path) -> Path:
    """``src`` copied to ``work/data`` with its file times (a store that looks unchanged), built if it has no store."""
    dest = work / "data"
    shutil.copytree(src, dest, symlinks=True, ignore=shutil.ignore_patterns(".write.lock"))
    if not (dest / "store" / "actuals.parquet").exists():
        subprocess.run([sys.executable, "-m", "ipdash", "build"], cwd=REPO, env=env_for(dest, work), check=True)
    return dest


def env_for(data: Path, work: Path, smtp: str = "") -> dict[str, str]:
    env = dict(os.environ, IPDASH_DATA_DIR=str(data), IPDASH_USERS_FILE=str(work / "users.json"))
    env.update(IPDASH_BASE_URL=BASE_URL, IPDASH_SMTP=smtp, IPDASH_SMTP_FROM="bench@example.gov.cn")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.pop("IPDASH_STORE", None)  # the local store of the copy
    return env


def _status(target: Any, series: Any) -> str:
    from ipdash.engine.evaluate import evaluate_all
    from ipdash.settings import DEFAULT_VIEW
    from ipdash.store import read

    res = evaluate_all(target, series, read.table("indicators"), as_of=DEFAULT_VIEW.as_of, method=DEFAULT_VIEW.method)
    return str(res["status"].iloc[0])


def pick_target(limit: int = 400) -> dict[str, Any]:
    """A target and two values of its latest actual (uploaded as ``reported``) whose statuses differ,
    the first one's from the target's status now: each commit, alternating them, moves the status."""
    import pandas as pd

    from ipdash.store import read

    targets = read.table("targets").sort_values("target_id", kind="stable")
    for i in range(min(limit, len(targets))):
        tg = targets.iloc[[i]]
        area, ind = str(tg["area"].iloc[0]), str(tg["indicator"].iloc[0])
        ser = read.actuals(areas=[area], indicators=[ind])
        if len(ser) < 2 or ser["value"].isna().any():
            continue
        year = int(ser["year"].max())
        old = float(ser.loc[ser["year"] == year, "value"].iloc[-1])
        if old <= 0:
            continue
        whole = old % 1 == 0
        now = _status(tg, ser)
        by_status: dict[str, float] = {}
        for f in FACTORS:
            v = round(old * f) if whole else round(old * f, 1)
            if v == old:
                continue
            row = ser["year"] == year
            new = ser.assign(value=ser["value"].mask(row, v), provenance=ser["provenance"].mask(row, "reported"))
            by_status.setdefault(_status(tg, pd.DataFrame(new)), v)
        flips = [x for x in by_status.items() if x[0] != now]  # the first commit must move the status too
        if flips and len(by_status) >= 2:
            s0, v0 = flips[0]
            s1, v1 = next(x for x in by_status.items() if x[0] != s0)
            tid = str(tg["target_id"].iloc[0])
            return {
                "target_id": tid,
                "area": area,
                "indicator": ind,
                "year": year,
                "values": [v0, v1],
                "statuses": [s0, s1],
            }
    raise RuntimeError(f"no target among the first {limit} whose status an upload of its latest value flips")


def subscribe(rx: Receivers, target: str) -> None:
    """One subscription per channel, each following ``target`` only; then one ``notify`` (untimed), as a
    live system has run it, so the occurrences before the subscriptions are marked notified."""
    from ipdash import store
    from ipdash.accounts import auth
    from ipdash.notify import outbox, run
    from ipdash.notify.model import Subscription

    auth.add_user(USER, "bench password 1", ["*"], replace=True)
    st = store.current()
    addresses = {"wecom": rx.url("/wecom"), "webhook": rx.url("/webhook"), "email": "bench@example.gov.cn"}
    for ch in rx.channels:
        sub = Subscription(id=outbox.new_id(), name=f"bench {ch}", channel=ch, address=addresses[ch], targets=(target,))  # type: ignore[arg-type]
        st.add_subscription(outbox.subscription_record(sub, user=USER))
    run.notify(overdue=False)


def upload_file(work: Path, pick: dict[str, Any], i: int) -> Path:
    f = work / f"bench-alert-{i}.csv"
    v = pick["values"][i % 2]
    f.write_text(
        f"area,indicator,year,value\n{pick['area']},{pick['indicator']},{pick['year']},{v}\n", encoding="utf-8"
    )
    return f


# ---------------------------------------------------------------- the child processes
def child_cli(argv: list[str]) -> int:
    """``python -m ipdash`` with a listener noting the commit's end (before the CLI's alert listener)."""
    from ipdash.ingest import commit

    commit.after_write(
        lambda entry: print(f"BENCH-COMMITTED {time.time():.6f} {entry['batch_id']}", file=sys.stderr, flush=True)
    )
    from ipdash.cli.main import main

    return main(argv)


def child_app(file: str) -> int:
    """What the app does on a commit: judged every target before (a page shown), commit, alert in the background."""
    from ipdash.accounts import auth
    from ipdash.frames import verdicts
    from ipdash.ingest import commit, validate
    from ipdash.notify import run

    verdicts.evaluate()  # the server has shown a page: tables read, every target judged
    user = auth.get_user(USER)
    data = Path(file).read_bytes()
    v = validate.validate(data, Path(file).name, allowed_areas="*")
    commit.after_write(
        lambda entry: print(f"BENCH-COMMITTED {time.time():.6f} {entry['batch_id']}", file=sys.stderr, flush=True)
    )
    commit.after_write(lambda entry: run.after_commit(background=True))  # as ipdash.ui.shell does
    commit.commit(v, data, user, confirm_warnings=True)
    for th in threading.enumerate():
        if th.name == "ipdash-notify":
            th.join()  # a server lives on; this process waits for the thread before it exits
    return 0


# ---------------------------------------------------------------- one run, many runs
def one_run(
    path: str, rx: Receivers, env: dict[str, str], work: Path, pick: dict[str, Any], i: int, timeout: float
) -> dict:
    f = upload_file(work, pick, i)
    since = len(rx.got)
    if path == "cli":
        cmd = [sys.executable, "-m", "bench.alerts", "--child-cli", "ingest", str(f), "--user", USER, "--yes"]
    else:
        cmd = [sys.executable, "-m", "bench.alerts", "--child-app", str(f)]
    t0 = time.time()
    p = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout)
    t_exit = time.time()
    marks = [ln.split() for ln in p.stderr.splitlines() if ln.startswith("BENCH-COMMITTED ")]
    if p.returncode != 0 or not marks:
        return {"error": f"exit {p.returncode}: {p.stderr[-1500:]}"}
    t_commit, batch = float(marks[-1][1]), marks[-1][2]
    got = rx.arrivals(since, pick["target_id"], batch)
    while set(got) != set(rx.channels) and time.time() - t0 < timeout:
        time.sleep(0.02)
        got = rx.arrivals(since, pick["target_id"], batch)
    if set(got) != set(rx.channels):
        return {
            "error": f"no message naming {pick['target_id']} on {sorted(set(rx.channels) - set(got))}",
            "batch": batch,
            "stderr": p.stderr[-800:],
        }
    last = max(got.values())
    return {
        "batch": batch,
        "from_commit_s": last - t_commit,
        "from_start_s": last - t0,
        "commit_at_s": t_commit - t0,
        "exit_s": t_exit - t0,
        "per_channel_from_commit_s": {k: v - t_commit for k, v in got.items()},
    }


def measure(
    src: Path,
    *,
    runs: int = 5,
    paths: tuple[str, ...] = ("cli", "app"),
    email: bool = True,
    timeout: float = 300,
    log=print,
) -> dict:
    """The figures of (g) on a copy of ``src``: per path, the median over ``runs`` of the time from the
    commit's end (and from the command's start) to the last receiver getting its message."""
    work = Path(tempfile.mkdtemp(prefix="ipdash-bench-alerts-"))
    rx = Receivers(email=email)
    old_env = dict(os.environ)
    try:
        data = prepare(src, work)
        env = env_for(data, work, rx.smtp_url)
        os.environ.update({k: v for k, v in env.items() if k.startswith("IPDASH_")})
        os.environ.pop("IPDASH_STORE", None)
        pick = pick_target()
        subscribe(rx, pick["target_id"])
        log(f"(g) target {pick['target_id']}: {pick['year']} value {pick['values']} → {pick['statuses']}")
        out: dict[str, Any] = {"target": pick, "channels": list(rx.channels), "runs": runs}
        i = 0
        for path in paths:
            rows = []
            for _ in range(runs):
                rows.append(one_run(path, rx, env, work, pick, i, timeout))
                i += 1
                log(f"(g) {path} run {len(rows)}: {rows[-1]}")
            ok = [r for r in rows if "error" not in r]
            out[path] = {
                "runs": rows,
                "from_commit_s": statistics.median(r["from_commit_s"] for r in ok) if ok else None,
                "from_start_s": statistics.median(r["from_start_s"] for r in ok) if ok else None,
                "commit_at_s": statistics.median(r["commit_at_s"] for r in ok) if ok else None,
                "errors": len(rows) - len(ok),
            }
        medians = [out[p]["from_commit_s"] for p in paths]
        out["worst_from_commit_s"] = None if None in medians else max(medians)
        return out
    finally:
        rx.stop()
        os.environ.clear()
        os.environ.update(old_env)
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child-cli"]:
        return child_cli(argv[1:])
    if argv[:1] == ["--child-app"]:
        return child_app(argv[1])
    p = argparse.ArgumentParser(description="(g) an alert after the commit that causes it (goal ≤ 10 s)")
    p.add_argument("data", type=Path, help="a data directory (copied; never written)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--paths", default="cli,app", help="cli, app or both (comma-separated)")
    p.add_argument("--no-email", action="store_true", help="robot and webhook only, no SMTP receiver")
    p.add_argument("--timeout", type=float, default=300, help="seconds one run may take")
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    paths = tuple(x.strip() for x in a.paths.split(",") if x.strip())
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    res = measure(a.data, runs=a.runs, paths=paths, email=not a.no_email, timeout=a.timeout, log=log)
    res["load"] = os.getloadavg()
    if a.json:
        a.json.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    for path in paths:
        r = res[path]
        print(
            f"{path}: commit end → last receiver {r['from_commit_s']} s, command start → {r['from_start_s']} s "
            f"(median of {a.runs}; errors {r['errors']})"
        )
    print(f"load {res['load']}")
    return 0 if all(res[p]["errors"] == 0 for p in paths) else 1


if __name__ == "__main__":
    sys.exit(main())
