"""`openasc returns scrutiny`: write the scrutiny pack for a year as PDF (and HTML)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from openasc.cli import fail, progress_bar, setup_django


def add_scrutiny(sub) -> None:
    s = sub.add_parser(
        "scrutiny", help="write the scrutiny pack for councillors (PDF, and HTML if asked)",
        description="The scrutiny pack for a financial year: every measure in the catalogue "
        "for this year and last, grouped by the questions overview and scrutiny committees "
        "ask (self-directed support, assessment and waiting, prevention, outcomes, carers, "
        "equity), with charts, plain-English notes and what the figures cannot tell yet. "
        "Figures come from a fresh snapshot of the record. Writing the pack is recorded in "
        "the audit trail.",
    )  # fmt: skip
    s.add_argument("--year", type=int, required=True,
                   help="the financial year starting 1 April YEAR (2025 = 2025-26); "
                   "compared with the year before")  # fmt: skip
    s.add_argument("--out", type=Path, required=True, metavar="FILE.pdf",
                   help="where to write the PDF")  # fmt: skip
    s.add_argument("--html", type=Path, metavar="FILE.html",
                   help="also write the pack as one HTML page (charts inline)")  # fmt: skip
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_scrutiny)


def _unwritable(path: Path) -> str:
    """Why ``path`` cannot be written, or "" if it can (checked before minutes of work)."""
    if path.is_dir():
        return f"{path} is a directory: give a file name"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"cannot write {path}: the folder {parent} does not exist"
    if not os.access(parent, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"cannot write {path}: permission denied"
    return ""


def cmd_scrutiny(args) -> int:
    if not 2000 <= args.year <= 2100:
        return fail(f"--year {args.year} is not a year like 2025")
    for path in filter(None, (args.out, args.html)):
        if problem := _unwritable(path):
            return fail(problem)
    setup_django()
    from openasc.access import audit

    from . import scrutiny, scrutiny_html, scrutiny_pdf, snapshot

    with progress_bar(args.quiet) as bar:
        task = bar.add_task("Working out the figures", total=None)
        con = snapshot.connect(0)  # a publication: the record as it is now
        try:
            pack = scrutiny.build(
                con, args.year, lambda done, total: bar.update(task, completed=done, total=total)
            )
        finally:
            con.close()
    if not pack.events_this_year:
        return fail(f"the record holds no events for {pack.year_label} (1 April {args.year} to "
                    f"31 March {args.year + 1}): no pack written", 1)  # fmt: skip
    for problem in pack.problems:
        print(f"openasc: warning: not worked out: {problem}", file=sys.stderr)
    written = []
    outputs = [(args.out, lambda: scrutiny_pdf.render(pack))]
    if args.html:
        outputs.append((args.html, lambda: scrutiny_html.standalone(pack).encode("utf-8")))
    for path, content in outputs:
        try:
            path.write_bytes(content())
        except OSError as exc:
            return fail(f"cannot write {path}: {exc.strerror or exc}", 1)
        written.append(str(path))
    audit.record(
        None, "scrutiny_pack", reason="Scrutiny pack: official publication of figures",
        year=args.year, files=written, run_by=f"{getpass.getuser()} (command line)",
        measures=sum(len(s.results) for s in pack.sections),
    )  # fmt: skip
    print(f"Wrote {' and '.join(written)}: the {pack.year_label} scrutiny pack for {pack.council}.")
    return 0
