"""`openasc returns`: the national returns. Each subcommand is added by its own small
function (``add_cld``, ``add_measures``, ``add_scrutiny``, ...)."""

from __future__ import annotations

import getpass
import os
import shlex
import sys
from pathlib import Path

from openasc.cli import fail, iso_day, progress_bar, setup_django

from .measures_cli import add_load_population, add_measures, add_refresh
from .scrutiny_cli import add_scrutiny


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "returns", help="national returns: Client Level Data (CLD), SALT tables and ASCOF",
        description="National returns from the record: the Client Level Data file with its "
        "data-quality report; the SALT tables and ASCOF from the record or any CLD file; the "
        "scrutiny pack; the performance pages' snapshot; and the population estimates the "
        "measures need.",
    )  # fmt: skip
    sub = p.add_subparsers(dest="returns_command", metavar="ACTION", required=True)
    add_cld(sub)
    add_load_population(sub)
    add_measures(sub)
    add_refresh(sub)
    add_scrutiny(sub)


def add_cld(sub) -> None:
    s = sub.add_parser(
        "cld", help="write the Client Level Data file for a period, with its quality report",
        description="Write the Client Level Data (CLD) file of a period: requests, "
        "assessments and reviews completed in it, services active in it, and events of "
        "earlier periods changed since they were last sent. A data-quality report (every "
        "failing field of every row, and a summary per field) is written beside it. The CLD "
        "file is refused (exit 1) if any row fails, unless --allow-invalid.",
    )  # fmt: skip
    s.add_argument("--from", dest="date_from", required=True, type=iso_day, metavar="DATE",
                   help="first day of the period, like 2025-04-01")  # fmt: skip
    s.add_argument("--to", dest="date_to", required=True, type=iso_day, metavar="DATE",
                   help="last day of the period (included), like 2026-03-31")  # fmt: skip
    s.add_argument("--out", required=True, type=Path, metavar="DIR",
                   help="directory for the CLD file and its quality report (made if "
                   "missing)")  # fmt: skip
    s.add_argument("--release", type=int, choices=[1, 2],
                   help="CLD release whose defined-list text to write (column names are "
                   "Release 1's either way); default 2 for a period ending on or after "
                   "2025-10-01, when Release 2 took effect, else 1")  # fmt: skip
    s.add_argument("--allow-invalid", action="store_true",
                   help="write the CLD file even if rows fail the quality checks (every "
                   "failure is listed in the quality report)")  # fmt: skip
    s.add_argument("--by", metavar="USERNAME",
                   help="the staff user making the return, for the audit trail (default: "
                   "the account running the command)")  # fmt: skip
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_cld)


def _writable(directory: Path) -> str:
    """Why the export cannot write into ``directory``, or "" if it can."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot create --out directory {directory}: {exc.strerror or exc}"
    if not directory.is_dir():
        return f"--out {directory} is a file, not a directory"
    if not os.access(directory, os.W_OK | os.X_OK):
        return f"cannot write into --out directory {directory} (permission denied)"
    return ""


def cmd_cld(args) -> int:
    if args.date_to < args.date_from:
        return fail(f"--to {args.date_to} is before --from {args.date_from}")
    if problem := _writable(args.out):
        return fail(problem)
    setup_django()
    from .cld_export import default_release, export_cld

    user, run_by = None, f"{getpass.getuser()} (command line)"
    if args.by:
        from openasc.access.models import User

        user = User.objects.filter(username=args.by, is_active=True).first()
        if user is None:
            return fail(f"no active user called {args.by!r}")
        run_by = user.username
    with progress_bar(args.quiet) as bar:
        task = bar.add_task("Writing the CLD rows", total=None)
        result = export_cld(
            args.date_from, args.date_to, args.out, args.release or default_release(args.date_to),
            args.allow_invalid,
            user=user, run_by=run_by, command=shlex.join(["openasc", *sys.argv[1:]]),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )  # fmt: skip
    return _report(result)


def _report(result) -> int:
    record = result.record
    for line in result.late_lines:
        print(line + " (sent again in this file)")
    failing = f"{record.failing_rows:,} of {record.rows:,} rows fail the quality checks"
    if not record.written:
        print(f"Not written: {failing} ({record.failures:,} failing fields). First failures:")
        for line in result.first_failures:
            print(f"  {line}")
        print(
            f"Every failure is in {result.quality_path} and the count per field in "
            f"{result.summary_path}. Put them right in the record and export again, or use "
            "--allow-invalid to write the file as it is."
        )
        return 1
    print(f"Wrote {result.path}: {record.rows:,} rows (CLD Release {record.release} text).")
    if record.failing_rows:
        print(
            f"Written with --allow-invalid: {failing} ({record.failures:,} failing fields); "
            f"every one is listed in {result.quality_path}."
        )
    else:
        print(f"Every row passes the quality checks; the report is in {result.summary_path}.")
    return 0
