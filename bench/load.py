"""Load test: the production server under demo practitioners searching and opening records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openasc_bench \\
        .venv/bin/python bench/load.py --users 20 --seconds 60

The database must already hold a demo (`openasc demo`, or bench/demo_generation.py --keep).
This script picks practitioners and the people allocated to their teams from it (so no break
glass is needed), starts gunicorn on a free local port, runs locust headless, stops the
server, prints p50/p95/p99 per request type, requests per second and errors, and writes a
JSON summary to bench/out/. --healthz-only exercises /healthz alone (no sign-in).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MAX_SECONDS = 600


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                   help="database holding a demo (default: $DATABASE_URL)")  # fmt: skip
    p.add_argument("--users", type=int, default=20, help="simulated practitioners (default 20)")
    p.add_argument("--seconds", type=int, default=60, help="length of the run (default 60)")
    p.add_argument("--workers", type=int, default=8, help="gunicorn workers (default 8)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    p.add_argument("--password", default="demoshire-demo-2026", help="demo password")
    p.add_argument("--healthz-only", action="store_true", help="only GET /healthz")
    args = p.parse_args(argv)
    if not args.database_url:
        print("load.py: give --database-url or set DATABASE_URL to a database with a demo in it",
              file=sys.stderr)  # fmt: skip
        return 2
    if not 1 <= args.seconds <= MAX_SECONDS or not 1 <= args.users <= 500:
        print(f"load.py: --seconds must be 1..{MAX_SECONDS} and --users 1..500", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, DATABASE_URL=args.database_url, OPENASC_LOG_LEVEL="ERROR")
    plan_path = OUT / "load-plan.json"
    plan = make_plan(args, env)
    plan_path.write_text(json.dumps(plan))
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server
        [sys.executable, "-m", "gunicorn", "openasc.config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "gthread", "--threads", str(args.threads),
         "--access-logfile", "/dev/null", "--log-level", "warning", "--timeout", "60",
         "--keep-alive", "75"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    cpu = CpuSampler(server.pid, env["DATABASE_URL"])
    try:
        wait_until_up(port, server)
        cpu.start()
        prefix = OUT / "load"
        locust = subprocess.run(  # noqa: S603 - our own locustfile
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
             "--headless", "-u", str(args.users), "-r", str(max(1, args.users // 4)),
             "-t", f"{args.seconds}s", "--stop-timeout", "10", "--host",
             f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
             "--loglevel", "WARNING"],
            env=dict(env, LOAD_PLAN=str(plan_path)), cwd=ROOT,
            timeout=args.seconds + 120, capture_output=True, text=True,
        )  # fmt: skip
    finally:
        cpu.stop()
        server.send_signal(signal.SIGTERM)  # only the server this script started
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    summary = summarise(prefix, args, plan, locust.returncode)
    summary["cpu_ms_per_request"] = cpu.per_request(prefix, args.users)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (OUT / f"load-{stamp}.json").write_text(json.dumps(summary, indent=2))
    print_summary(summary)
    print(f"Summary written to {OUT / f'load-{stamp}.json'}")
    return 0 if summary["errors"] == 0 else 1


def make_plan(args, env: dict) -> dict:
    """Ask the database (in a child process, with this DATABASE_URL) whom to sign in as."""
    if args.healthz_only:
        return {"mode": "healthz"}
    code = f"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openasc.config.settings")
django.setup()
from openasc.access.models import Allocation, User
from openasc.people.models import Person
out = []
users = User.objects.filter(role__in=["social_worker", "occupational_therapist", "team_manager"],
                            team__kind="locality", is_active=True).order_by("id")
for u in users[:40]:
    people = list(Allocation.objects.filter(team_id=u.team_id, person__restricted=False)
                  .exclude(status="closed").values_list("person_id", flat=True)[:300])
    if people:
        out.append({{"username": u.username, "people": people}})
names = sorted(set(Person.objects.values_list("family_name", flat=True)[:5000]))
print(json.dumps({{"mode": "pages", "practitioners": out, "family_names": names,
                  "password": {args.password!r}}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT,  # noqa: S603
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    if proc.returncode:
        raise SystemExit(f"load.py: could not read the demo from the database:\n{proc.stderr}")
    plan = json.loads(proc.stdout.strip().splitlines()[-1])
    if not plan["practitioners"]:
        raise SystemExit("load.py: no practitioners with allocated people: run `openasc demo`")
    return plan


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("load.py: the server exited while starting; see its output above")
        try:
            url = f"http://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"load.py: the server did not answer /healthz within {timeout:.0f} s")


def summarise(prefix: Path, args, plan: dict, locust_rc: int) -> dict:
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    per_type = {}
    total = {}
    for row in rows:
        entry = {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "p50_ms": _num(row["50%"]),
            "p95_ms": _num(row["95%"]),
            "p99_ms": _num(row["99%"]),
            "requests_per_second": round(float(row["Requests/s"]), 1),
        }
        if row["Name"] == "Aggregated":
            total = entry
        else:
            per_type[f"{row['Type']} {row['Name']}"] = entry
    return {
        "mode": plan["mode"],
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "threads": args.threads,
        "database": args.database_url.split("@")[-1],
        "per_request_type": per_type,
        "total": total,
        "errors": total.get("failures", 0) + (1 if locust_rc not in (0, 1) else 0),
    }


class CpuSampler:
    """CPU time used by the server's worker processes and (for PostgreSQL) the database's
    backends for this database, sampled every second from /proc (Linux only).

    Latency on a shared machine moves with whatever else runs; CPU per request moves much
    less, so it shows whether a change made a page cheaper. Only the window after every
    user has signed in counts (sign-in is deliberately slow)."""

    def __init__(self, server_pid: int, database_url: str):
        self.server_pid = server_pid
        db = database_url.rsplit("/", 1)[-1].split("?")[0]
        self.db_marker = f" {db} " if database_url.startswith("postgres") else None
        self.samples: list[tuple[float, float, float]] = []  # (time, workers s, database s)
        self._seen: dict[int, tuple[str, float]] = {}  # pid -> (kind, latest CPU seconds)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def start(self) -> None:
        if Path("/proc").is_dir():
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(1.0)
        self._sample()

    def _sample(self) -> None:
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                ppid, seconds = int(fields[1]), (int(fields[11]) + int(fields[12])) / self._tick
                if ppid == self.server_pid:
                    kind = "workers"
                elif self.db_marker and self.db_marker in (proc / "cmdline").read_text():
                    kind = "database"
                else:
                    continue
            except (OSError, ValueError, IndexError):
                continue
            self._seen[int(proc.name)] = (kind, seconds)  # a process that exits keeps its last
        totals = {"workers": 0.0, "database": 0.0}
        for kind, seconds in self._seen.values():
            totals[kind] += seconds
        self.samples.append((time.time(), totals["workers"], totals["database"]))

    def per_request(self, prefix: Path, users: int) -> dict | None:
        """CPU ms per request between the first second after all sign-ins and the end."""
        try:
            rows = [r for r in csv.DictReader(open(f"{prefix}_stats_history.csv"))  # noqa: SIM115
                    if r["Name"] == "Aggregated"]  # fmt: skip
        except OSError:
            return None
        counts = [(float(r["Timestamp"]), int(r["Total Request Count"])) for r in rows]
        after = [(t, n) for t, n in counts if n > 2 * users]  # every GET and POST /sign-in done
        if len(after) < 3 or len(self.samples) < 3:
            return None
        t0, n0 = after[1]  # a second later, so the last sign-in's CPU is not counted
        t1, n1 = after[-1]

        def cpu_at(t: float) -> tuple[float, float]:
            before = [s for s in self.samples if s[0] <= t] or self.samples[:1]
            return before[-1][1], before[-1][2]

        (w0, d0), (w1, d1) = cpu_at(t0), cpu_at(t1)
        requests = n1 - n0
        if requests <= 0:
            return None
        workers, database = (w1 - w0) * 1000 / requests, (d1 - d0) * 1000 / requests
        return {"workers": round(workers, 1), "database": round(database, 1),
                "total": round(workers + database, 1), "requests": requests}  # fmt: skip


def _num(text: str) -> float | None:
    return None if text in ("", "N/A") else float(text)


def print_summary(s: dict) -> None:
    print(f"Load: {s['users']} users for {s['seconds']} s against {s['database']} "
          f"({s['workers']} workers x {s['threads']} threads)")  # fmt: skip
    print(f"{'request':<28}{'count':>8}{'fail':>6}{'p50':>8}{'p95':>8}{'p99':>8}{'req/s':>8}")
    for name, e in list(s["per_request_type"].items()) + [("TOTAL", s["total"])]:
        p50, p95, p99 = (e[k] or 0 for k in ("p50_ms", "p95_ms", "p99_ms"))
        print(f"{name:<28}{e['requests']:>8}{e['failures']:>6}{p50:>8.0f}{p95:>8.0f}{p99:>8.0f}"
              f"{e['requests_per_second']:>8.1f}")  # fmt: skip
    cpu = s.get("cpu_ms_per_request")
    if cpu:
        print(f"Server CPU per page request (after sign-in): {cpu['total']:.1f} ms "
              f"(app workers {cpu['workers']:.1f}, database {cpu['database']:.1f}) "
              f"over {cpu['requests']} requests")  # fmt: skip
    print(f"Errors: {s['errors']}")


if __name__ == "__main__":
    sys.exit(main())
