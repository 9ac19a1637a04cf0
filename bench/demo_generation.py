"""How long does `openasc demo` take, and how big is the result?

    .venv/bin/python bench/demo_generation.py --adults 1200000 --years 5 --backend both

For each backend it makes a fresh database (a new SQLite file under bench/out/, or the
PostgreSQL database `openasc_bench`, dropped and created again; no other database is
touched), migrates it, generates Demoshire, and prints the time, rows per table and size.
A JSON summary goes to bench/out/demo_generation-<backend>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BENCH_DB = "openasc_bench"
TABLES = [
    "people_person",
    "journey_event",
    "people_relationship",
    "access_allocation",
    "access_user",
    "access_team",
    "access_auditentry",
    "journey_eligibilitydecision",
    "money_supportbudget",
    "money_financialassessment",
]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--adults", type=int, default=60000)
    p.add_argument("--years", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    p.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432",
                   help="PostgreSQL server (the bench database is created on it)")  # fmt: skip
    p.add_argument("--keep", action="store_true",
                   help="keep the database afterwards (e.g. for bench/load.py)")  # fmt: skip
    p.add_argument("--child", help=argparse.SUPPRESS)  # internal: run in a fresh process
    args = p.parse_args(argv)
    if args.child:
        return child(args)
    OUT.mkdir(parents=True, exist_ok=True)
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    results = []
    for backend in backends:
        url = prepare(backend, args.pg_server)
        print(f"== {backend}: {args.adults:,} adults, {args.years} years, seed {args.seed}")
        env = dict(os.environ, DATABASE_URL=url, OPENASC_LOG_LEVEL="ERROR")
        proc = subprocess.run(  # noqa: S603 - our own script
            [sys.executable, __file__, "--child", backend, "--adults", str(args.adults),
             "--years", str(args.years), "--seed", str(args.seed)],
            env=env, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        if proc.returncode:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            return proc.returncode
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["database"] = url if backend == "sqlite" else f"{args.pg_server}/{BENCH_DB}"
        results.append(result)
        report(result)
        (OUT / f"demo_generation-{backend}.json").write_text(json.dumps(result, indent=2))
        if backend == "postgres" and not args.keep:
            drop_pg(args.pg_server)
        if backend == "sqlite" and not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)
    return 0


def prepare(backend: str, server: str) -> str:
    if backend == "sqlite":
        path = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return f"{server}/{BENCH_DB}"


def drop_pg(server: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def child(args) -> int:
    """Runs in its own process so Django reads this backend's DATABASE_URL."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openasc.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openasc.demo.cli import database_size
    from openasc.demo.generator import generate

    call_command("migrate", interactive=False, verbosity=0)
    stages: dict[str, float] = {}
    started = time.perf_counter()

    def progress(stage: str, fraction: float) -> None:
        stages.setdefault(stage, round(time.perf_counter() - started, 2))

    counts = generate(args.adults, args.years, args.seed, progress)
    elapsed = time.perf_counter() - started
    rows = {}
    with connection.cursor() as cur:
        for table in TABLES:
            cur.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            rows[table] = cur.fetchone()[0]
    print(json.dumps({
        "backend": args.child, "adults": args.adults, "years": args.years, "seed": args.seed,
        "seconds": round(elapsed, 1), "stage_started_at": stages, "counts": counts,
        "rows": rows, "events_per_second": round(counts["events"] / elapsed),
        "database_bytes": database_size(),
    }))  # fmt: skip
    return 0


def report(r: dict) -> None:
    print(f"  time:  {r['seconds']:,.1f} s  ({r['events_per_second']:,} events/s)")
    print(f"  size:  {r['database_bytes'] / 1e6:,.1f} MB")
    for table, n in r["rows"].items():
        print(f"  {table:<22} {n:>12,}")
    print(f"  stages (s from start): {r['stage_started_at']}")


if __name__ == "__main__":
    sys.exit(main())
