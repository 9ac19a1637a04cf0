"""`openasc rules`: the rule versions in force, checking a council's rule files, calibrating
the resource allocation to the council's packages, and recalculating every open case."""

from __future__ import annotations

from datetime import date

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from openasc.cli import fail, setup_django
from openasc.cli import iso_day as _day

console = Console()
AGE_BANDS = ((18, "18-64"), (65, "65-74"), (75, "75-84"), (85, "85+"))


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "rules", help="Care Act rules: versions, checks, RAS calibration, recalculation",
        description="The Care Act rules: which versions are in force, check a council's rule "
        "files, calibrate the resource allocation system, recalculate open cases.",
    )  # fmt: skip
    sub = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    s = sub.add_parser(
        "show",
        help="the rule versions in force on a day",
        description="List each domain's rule versions and which is in force.",
    )
    s.add_argument("--on", type=_day, default=None, help="day (default today), e.g. 2026-04-06")
    s.set_defaults(func=cmd_show)

    s = sub.add_parser("check", help="check rule files (national and the council's)",
                       description="Load and compile every rule version; name any file and key "
                       "that is wrong. Exit 1 if something is.")  # fmt: skip
    s.add_argument("--dir", help="council rules directory (default $OPENASC_RULES_DIR)")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser(
        "calibrate-ras", help="fit the RAS price per point to the council's packages",
        description="Fit the price per point (and optionally domain weights) of the resource "
        "allocation questionnaire to the packages in the record, print the fit and its "
        "fairness by age band, primary support reason and locality, and write a new dated "
        "rule version to the council's rules directory (the version in force is untouched).",
    )  # fmt: skip
    s.add_argument("--method", choices=["huber", "ols", "ratio"], default="huber",
                   help="huber: robust (default); ols: least squares; ratio: totals")  # fmt: skip
    s.add_argument("--weights", action="store_true", help="also fit a weight per domain")
    s.add_argument("--effective-from", type=_day, help="date the new version takes effect")
    s.add_argument("--dir", help="council rules directory (default $OPENASC_RULES_DIR)")
    s.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    s.set_defaults(func=cmd_calibrate)

    s = sub.add_parser(
        "recalculate", help="recalculate every open case's budget and charge",
        description="Run every open case's latest questionnaire and financial assessment "
        "through the rules in force on a day and report what would change. With --save, "
        "record the changed budgets and charges as new records (the old ones are kept).",
    )  # fmt: skip
    s.add_argument("--on", type=_day, default=None, help="day (default today)")
    s.add_argument("--save", action="store_true", help="record the changes")
    s.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_recalculate)


def cmd_show(args) -> int:
    setup_django()
    from openasc.journey import rulebook
    from openasc.rules.ruleset import DOMAINS, RuleDataError

    on = args.on or date.today()
    table = Table(title=f"Rule versions (in force on {on:%-d %B %Y} marked ●)")
    for col in ("Domain", "From", "Version id", "Files"):
        table.add_column(col)
    try:
        book = rulebook.rulebook()
        for domain in DOMAINS:
            try:
                current = book.in_force(domain, on).id
            except RuleDataError:
                current = None
            for v in book.versions(domain):
                mark = "● " if v.id == current else "  "
                table.add_row(domain, mark + v.effective_from.isoformat(), v.id,
                              "\n".join(v.sources))  # fmt: skip
    except RuleDataError as e:
        return fail(str(e))
    console.print(table)
    return 0


def cmd_check(args) -> int:
    setup_django()
    from django.conf import settings

    from openasc.rules import charging, eligibility, ras, reviews
    from openasc.rules.ruleset import RuleBook, RuleDataError

    compile_by_domain = {
        "eligibility": eligibility.compile_rules, "ras": ras.questionnaire,
        "charging": charging.compile_rules, "reviews": reviews.compile_schedule,
    }  # fmt: skip
    try:
        book = RuleBook(args.dir or settings.RULES_DIR or None)
    except RuleDataError as e:
        print(f"Rule data is not usable: {e}")
        return 1
    problems, count = [], 0
    for domain, compile_ in compile_by_domain.items():
        for v in book.versions(domain):
            count += 1
            try:
                compile_(v)
            except (RuleDataError, ValueError, KeyError, TypeError) as e:
                problems.append(f"{domain} from {v.effective_from} ({', '.join(v.sources)}): {e}")
    for p in problems:
        print(p)
    print(f"{count} rule versions checked; {len(problems) or 'no'} problems.")
    return 1 if problems else 0


def cmd_calibrate(args) -> int:
    setup_django()
    from django.conf import settings

    from openasc.journey import rulebook
    from openasc.money.cases import open_cases
    from openasc.rules import ras, ras_calibration
    from openasc.rules.ruleset import RuleDataError

    directory = args.dir or settings.RULES_DIR
    if not directory and not args.dry_run:
        return fail("give --dir (or set OPENASC_RULES_DIR) for the new rule file, or --dry-run")
    today = date.today()
    version = rulebook.in_force("ras", today)
    q = ras.questionnaire(version)
    points, costs, carer, groups = [], [], [], {"age band": [], "primary support reason": [],
                                                "locality": []}  # fmt: skip
    for case in open_cases().values():
        b = case.budget
        if not b or case.weekly_cost_pence <= 0 or not b["answers"]:
            continue
        try:
            row = [d.answers[b["answers"][d.code]].points if b["answers"].get(d.code) else 0
                   for d in q.domains]  # fmt: skip
        except KeyError:
            continue  # answered against an older questionnaire
        option = q.carer_options.get(b["carer_support"])
        points.append(row)
        costs.append(case.weekly_cost_pence)
        carer.append(1 - (option.reduction_percent / 100 if option else 0))
        groups["age band"].append(_age_band(case.date_of_birth, today))
        groups["primary support reason"].append(case.primary_support_reason or "not recorded")
        groups["locality"].append((case.postcode or "unknown").split(" ")[0])
    if len(costs) < 30:
        return fail(f"only {len(costs)} packages have a questionnaire and a cost; need 30 or more")
    fits = {
        method: ras_calibration.calibrate(
            points, costs, groups, method=method, fit_weights=args.weights and method != "ratio",
            domains=[d.code for d in q.domains], domain_weights=[d.weight for d in q.domains],
            carer_factor=carer, fitted_on=today,
        )
        for method in ("ols", "huber", "ratio")
    }  # fmt: skip
    print("Method   Price/point    R²   MdAPE   (least squares, robust Huber, ratio of totals)")
    for method, f in fits.items():
        mark = "  ← chosen" if method == args.method else ""
        print(f"{method:<8} {f.price_per_point_pence:>9}p  {f.report.r2:5.3f}  "
              f"{f.report.mdape:6.1%}{mark}")  # fmt: skip
    fit = fits[args.method]
    _print_fit(fit, q)
    if args.dry_run:
        return 0
    effective = args.effective_from or today
    try:
        data = ras_calibration.calibrated_version_data(version.data, fit, effective)
        path = ras_calibration.write_new_version(directory, data, effective)
    except (RuleDataError, FileExistsError) as e:
        return fail(str(e))
    print(f"Wrote {path}. It takes effect on {effective:%-d %B %Y}; restart the server to use it.")
    return 0


def _age_band(born: date | None, on: date) -> str:
    if born is None:
        return "unknown"
    from openasc.money.charge_inputs import age_on

    age = age_on(born, on)
    return next(label for start, label in reversed(AGE_BANDS) if age >= start)


def _print_fit(fit, q) -> None:
    r = fit.report
    print(f"Packages: {r.n:,}. Method: {fit.method}. Price per point: "
          f"{fit.price_per_point_pence}p (in force: {q.price_per_point_pence}p).")  # fmt: skip
    print(f"R²: {r.r2:.3f}. Median absolute percentage error: {r.mdape:.1%}. "
          f"Mean error: {r.mean_error_pence / 100:+.2f} £/week.")  # fmt: skip
    if fit.weights:
        pairs = zip(fit.domains, fit.weights, strict=True)
        print("Domain weights: " + ", ".join(f"{c} {w:g}" for c, w in pairs))
    table = Table(title="Fairness: allocated ÷ actual cost by group (flagged if >10% off)")
    for col in ("Dimension", "Group", "Packages", "Median ratio", "MdAPE", "Flag"):
        table.add_column(col)
    for row in r.fairness:
        table.add_row(row.dimension, row.group, f"{row.n:,}", f"{row.median_ratio:.2f}",
                      f"{row.mdape:.0%}", "⚠" if row.flagged else "")  # fmt: skip
    console.print(table)


def cmd_recalculate(args) -> int:
    setup_django()
    from openasc.money import recalculate
    from openasc.money.cases import open_cases

    on = args.on or date.today()
    cases = open_cases()
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), disable=args.quiet) as bar:  # fmt: skip
        task = bar.add_task("Recalculating open cases", total=len(cases))
        result = recalculate.recalculate(cases, on, lambda n: bar.advance(task, n))
    print(f"{result.cases:,} open cases with the rules in force on {on:%-d %B %Y}: "
          f"{result.budgets:,} budgets and {result.charges:,} charges recalculated.")  # fmt: skip
    for what in ("budget", "charge"):
        print(f"  {what}s changed: {result.changed(what):,} "
              f"(net {result.total_change(what) / 100:+,.2f} £/week)")  # fmt: skip
    for err in result.errors[:20]:
        print("  could not recalculate:", err)
    if len(result.errors) > 20:
        print(f"  … and {len(result.errors) - 20} more")
    if args.save and result.changes:
        saved = recalculate.save(result, cases)
        print(f"Saved {saved:,} new records; the earlier ones are kept with their rule versions.")
    return 1 if result.errors else 0
