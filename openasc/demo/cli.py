"""`openasc demo`: build the synthetic council Demoshire and print how to sign in to it."""

from __future__ import annotations

import argparse
import time

from .staff import DEMO_PASSWORD

MIN_ADULTS = 1000
MAX_YEARS = 20


def add_parser(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "demo",
        help="build the synthetic council Demoshire into an empty database",
        description=(
            "Build Demoshire, a synthetic council with people, their journeys (requests, "
            "assessments, services, reviews), teams, staff and caseloads, into an empty "
            "database. The same --seed always gives the same council. All names are invented."
        ),
    )
    p.add_argument("--adults", type=int, default=60000,
                   help="adults living in the council (default 60000; at least 1000)")  # fmt: skip
    p.add_argument("--years", type=int, default=3,
                   help="years of history to generate (default 3; 1 to 20)")  # fmt: skip
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--if-empty", action="store_true",
                   help="do nothing (and exit 0) if the database already has people")  # fmt: skip
    p.add_argument("--sign-ins", action="store_true",
                   help="only print the demo sign-ins and exit")  # fmt: skip
    p.add_argument("--password", default=DEMO_PASSWORD,
                   help=f"password for every demo account (default {DEMO_PASSWORD})")  # fmt: skip
    p.set_defaults(func=cmd_demo)
    return p


def validate(args) -> str | None:
    """A message saying what to change, or None if the arguments are usable."""
    if args.adults < MIN_ADULTS:
        return (
            f"--adults must be at least {MIN_ADULTS:,} (you gave {args.adults:,}): a smaller "
            "council has too few people for teams, caseloads and the national mixes to show."
        )
    if not 1 <= args.years <= MAX_YEARS:
        return f"--years must be between 1 and {MAX_YEARS} (you gave {args.years})."
    if len(args.password) < 12:
        return "--password must be at least 12 characters long."
    return None


def cmd_demo(args) -> int:
    from openasc.cli import fail, setup_django

    problem = validate(args)
    if problem:
        return fail(problem)
    from rich.console import Console

    console = Console()
    if args.sign_ins:
        _print_sign_ins(console, args)
        return 0
    setup_django()
    from django.db.utils import OperationalError, ProgrammingError

    from openasc.people.models import Person

    from .generator import generate

    try:
        existing = Person.objects.count()
    except (OperationalError, ProgrammingError):
        return fail("the database has no tables yet: run `openasc migrate` first.")
    if existing:
        if args.if_empty:
            console.print(f"The database already holds {existing:,} people: no demo generated.")
            return 0
        return fail(
            f"the database already holds {existing:,} people. The demo only goes into an "
            "empty database: point DATABASE_URL at a new one, or add --if-empty to skip."
        )
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.monotonic()
    with Progress(
        TextColumn("{task.description:<26}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("Starting", total=100)

        def progress(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=round(fraction * 100, 1))

        counts = generate(args.adults, args.years, args.seed, progress, password=args.password)
    elapsed = time.monotonic() - started
    _print_counts(console, counts, elapsed)
    _print_sign_ins(console, args)
    return 0


def database_size() -> int | None:
    """Bytes the database takes on disk (SQLite file and its journal, or PostgreSQL)."""
    from pathlib import Path

    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_database_size(current_database())")
            return int(cur.fetchone()[0])
    if connection.vendor == "sqlite":
        if not connection.in_atomic_block:  # fold the write-ahead log into the file first
            with connection.cursor() as cur:
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        name = Path(str(connection.settings_dict["NAME"]))
        return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())
    return None


def _print_counts(console, counts: dict, elapsed: float) -> None:
    from rich.table import Table

    table = Table(title="Demoshire", show_header=True)
    table.add_column("What")
    table.add_column("How many", justify="right")
    for key, value in counts.items():
        table.add_row(key.replace("_", " "), f"{value:,}")
    console.print(table)
    size = database_size()
    size_text = f"{size / 1e6:,.1f} MB" if size is not None else "unknown"
    console.print(f"Took {elapsed:,.1f} s. Database size: {size_text}.")


def _print_sign_ins(console, args) -> None:
    from rich.table import Table

    from .staff import sign_ins

    table = Table(title="Demo sign-ins (synthetic staff)")
    for col in ("Username", "Role", "Team"):
        table.add_column(col)
    for row in sign_ins(args.adults):
        table.add_row(*row)
    console.print(table)
    console.print(f"Password for every demo account: [bold]{args.password}[/bold]")
