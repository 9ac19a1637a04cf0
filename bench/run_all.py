"""Run the small versions of every benchmark, one after another, and print their figures.

    .venv/bin/python bench/run_all.py [--postgres]

Small: a 60,000-adult, 3-year demo on SQLite (and PostgreSQL with --postgres), then a
20-second load test with 10 users against the SQLite demo.
"""

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def run(*args: str) -> int:
    print(f"\n$ {' '.join(args)}", flush=True)
    return subprocess.run([sys.executable, *args], cwd=BENCH.parent).returncode  # noqa: S603


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--postgres", action="store_true", help="also benchmark PostgreSQL")
    args = p.parse_args()
    backend = "both" if args.postgres else "sqlite"
    failures = 0
    failures += bool(run(str(BENCH / "demo_generation.py"), "--adults", "60000", "--years", "3",
                         "--backend", backend, "--keep"))  # fmt: skip
    db = f"sqlite:///{BENCH / 'out' / 'bench.sqlite3'}"
    failures += bool(run(str(BENCH / "load.py"), "--database-url", db, "--users", "10",
                         "--seconds", "20"))  # fmt: skip
    print(f"\n{'All benchmarks ran.' if not failures else f'{failures} benchmark(s) failed.'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
