"""The `openasc` command. Every subcommand has --help; long work shows a progress bar.

Subcommands are registered by the parts of the platform they belong to (`add_parser`
functions), so the rules, returns, planning and directory issues add theirs the same way.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openasc.config.settings")
    import django

    django.setup()


def iso_day(text: str):
    """An argparse type: a day written like 2026-04-06."""
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-04-06") from None


def progress_bar(quiet: bool = False):
    """The progress bar long commands show (on stderr, so output can be piped): what is
    being done, the bar, done of total, time so far. ``quiet`` hides it."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    return Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=Console(stderr=True), disable=quiet,
    )  # fmt: skip


def fail(message: str, code: int = 2) -> int:
    print(f"openasc: {message}", file=sys.stderr)
    return code


# migrate, serve ------------------------------------------------------------------------------


def cmd_migrate(args) -> int:
    setup_django()
    from django.core.management import call_command

    from openasc.common.db import refresh_planner_statistics

    call_command("migrate", interactive=False, verbosity=1 if args.verbose else 0)
    refresh_planner_statistics()
    print("Database is up to date.")
    return 0


def cmd_serve(args) -> int:
    """Run gunicorn, a production WSGI server, in place of this process."""
    setup_django()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    argv = [
        sys.executable, "-m", "gunicorn", "openasc.config.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers),
        "--worker-class", "gthread", "--threads", str(args.threads),
        "--access-logfile", "-" if args.access_log else "/dev/null",
        "--timeout", "60", "--graceful-timeout", "10",
        # Longer than clients and proxies keep idle connections, so a request is never sent
        # down a connection the server is closing (gunicorn's default is 2 s).
        "--keep-alive", "75",
    ]  # fmt: skip
    print(f"Serving openasc on http://{args.host}:{args.port} (Ctrl-C to stop)", flush=True)
    os.execv(sys.executable, argv)  # noqa: S606 (fixed argv: our own server)
    return 0


# createuser, token ---------------------------------------------------------------------------


def cmd_createuser(args) -> int:
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from openasc.access.models import Team, User
    from openasc.access.roles import Role

    if User.objects.filter(username=args.username).exists():
        return fail(f"a user called {args.username!r} already exists")
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            return fail("the two passwords differ")
    user = User(
        username=args.username,
        role=Role(args.role),
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
    )
    try:
        validate_password(password, user)
    except ValidationError as e:
        return fail("password not accepted: " + " ".join(e.messages))
    if args.team:
        team = Team.objects.filter(name=args.team).first()
        if team is None:
            names = ", ".join(Team.objects.values_list("name", flat=True)) or "none yet"
            return fail(
                f"no team called {args.team!r} (teams: {names}); "
                "create it with 'openasc team --name NAME'"
            )
        user.team = team
    user.set_password(password)
    user.is_staff = args.role == Role.ADMINISTRATOR
    user.save()
    print(
        f"Created {user.username} ({Role(user.role).label}"
        f"{', ' + user.team.name if user.team else ''})."
    )
    return 0


def cmd_team(args) -> int:
    setup_django()
    from openasc.access.models import Team

    team, created = Team.objects.get_or_create(name=args.name, defaults={"kind": args.kind})
    print(f"{'Created' if created else 'Already exists'}: team {team.name} ({team.kind}).")
    return 0


def cmd_token(args) -> int:
    setup_django()
    from openasc.access.auth import create_token
    from openasc.access.models import User

    user = User.objects.filter(username=args.user, is_active=True).first()
    if user is None:
        return fail(f"no active user called {args.user!r}")
    key = create_token(user, args.name, days=args.days or None)
    print("API token (shown once; keep it secret):")
    print(key)
    return 0


# audit, subject access -----------------------------------------------------------------------


def cmd_audit_verify(args) -> int:
    setup_django()
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from openasc.access import audit

    total = audit.total_entries()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        disable=args.quiet,
    ) as bar:
        task = bar.add_task("Checking the audit chain", total=total)
        report = audit.verify(progress=lambda n: bar.advance(task, n))
    if report.ok:
        print(f"Audit chain intact: {report.checked:,} entries checked.")
        return 0
    where = f"at entry {report.broken_at}" if report.broken_at else "at the end"
    print(
        f"AUDIT CHAIN BROKEN {where}: {report.problem}. "
        f"{report.checked:,} entries before it are intact."
    )
    return 1


def cmd_export_person(args) -> int:
    setup_django()
    from openasc.access.models import User
    from openasc.access.sar import export_person
    from openasc.common.errors import PermissionDenied
    from openasc.people.models import Person

    admin = User.objects.filter(username=args.by, is_active=True).first()
    if admin is None:
        return fail(f"no active user called {args.by!r}")
    person = Person.objects.filter(council_person_id=args.person).first()
    if person is None and args.person.isdigit():
        person = Person.objects.filter(pk=int(args.person)).first()
    if person is None:
        return fail(f"no person with council person id or id {args.person!r}")
    try:
        data = export_person(admin, person)
    except PermissionDenied as e:
        return fail(str(e))
    text = json.dumps(data, indent=2, default=str)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
        print(
            f"Wrote everything held about {person} to {args.out} "
            f"({len(data['events'])} events, {len(data['audit'])} audit entries)."
        )
    return 0


# parser --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from openasc.access.roles import Role

    parser = argparse.ArgumentParser(
        prog="openasc", description="openasc: adult social care for English councils."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, func, help_text):
        p = sub.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:])
        p.set_defaults(func=func)
        return p

    p = command("migrate", cmd_migrate, "create or update the database tables")
    p.add_argument("-v", "--verbose", action="store_true", help="list each migration")

    p = command("serve", cmd_serve, "serve the platform with gunicorn (a production server)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default %(default)s)")
    p.add_argument("--port", type=int, default=8000, help="port (default %(default)s)")
    p.add_argument(
        "--workers",
        type=int,
        # Pages are CPU-bound Python: processes, not threads (measured; see README, Decisions).
        default=4 * (os.cpu_count() or 1),
        help="worker processes (default %(default)s: four per core)",
    )
    p.add_argument("--threads", type=int, default=1, help="threads per worker (default 1)")
    p.add_argument("--access-log", action="store_true", help="log every request")

    p = command("createuser", cmd_createuser, "add a staff user")
    p.add_argument("--username", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in Role], help="the user's role")
    p.add_argument("--team", help="name of an existing team")
    p.add_argument("--first-name", default="")
    p.add_argument("--last-name", default="")
    p.add_argument("--email", default="")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input instead of prompting",
    )

    p = command("team", cmd_team, "add a team (does nothing if it exists)")
    p.add_argument("--name", required=True)
    p.add_argument(
        "--kind",
        default="locality",
        choices=[
            "front_door",
            "locality",
            "hospital",
            "reablement",
            "learning_disability",
            "mental_health",
            "safeguarding",
            "finance",
            "other",
        ],
    )

    p = command("token", cmd_token, "create an API token for a user")
    p.add_argument("--user", required=True, help="username")
    p.add_argument("--name", required=True, help="what the token is for")
    p.add_argument("--days", type=int, default=90, help="days until it expires (0: never)")

    p = command(
        "audit",
        cmd_audit_verify,
        "verify the audit trail's hash chain (exit 1 if it was tampered with)",
    )
    p.add_argument("action", choices=["verify"], help="what to do (verify)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = command(
        "export-person",
        cmd_export_person,
        "subject access request: write everything held about one person as JSON",
    )
    p.add_argument("--person", required=True, help="council person id (or internal id)")
    p.add_argument("--by", required=True, help="the administrator making the export")
    p.add_argument("--out", default="-", help="file to write (default: standard output)")

    # Each part of the platform that has commands registers them here.
    from openasc.demo.cli import add_parser as add_demo
    from openasc.planning.cli import add_parser as add_plan
    from openasc.returns.cli import add_parser as add_returns
    from openasc.rules_cli import add_parser as add_rules

    add_demo(sub)
    add_rules(sub)
    add_plan(sub)
    add_returns(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
