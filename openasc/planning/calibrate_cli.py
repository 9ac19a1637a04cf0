"""`openasc plan calibrate`: request rates and transition probabilities from the council's
record (or a CLD file), with 95% intervals, a backtest, and a parameter file for scenarios."""

from __future__ import annotations

import csv
from functools import partial
from pathlib import Path

import yaml

from openasc.cli import fail, setup_django
from openasc.cli import iso_day as _day


def add_calibrate(sub) -> None:
    s = sub.add_parser(
        "calibrate", help="estimate the model's rates and probabilities from the record",
        description="Estimate request rates, where requests go and monthly transition "
        "probabilities (with 95%% intervals) from the council's events, or from a CLD file, "
        "over whole months of [--from, --to); optionally backtest: calibrate up to "
        "--backtest-from, forecast to --to and compare with what happened.",
    )  # fmt: skip
    s.add_argument("--from", dest="date_from", type=_day, required=True, help="first day")
    s.add_argument("--to", dest="date_to", type=_day, required=True, help="day after the last")
    s.add_argument("--cld", type=Path, help="a CLD file (CSV) instead of the council's record")
    s.add_argument("--council", help="the LA code, when the CLD file holds several councils")
    s.add_argument(
        "--population", type=Path,
        help="adults per cohort: CSV with a column per cohort dimension (age_band, sex, "
        "primary_support_reason) and 'adults'; gives request rates per adult",
    )  # fmt: skip
    s.add_argument("--backtest-from", type=_day, help="split day for a backtest")
    s.add_argument("--out", type=Path, help="write the parameters here (YAML) for scenarios")
    s.set_defaults(func=cmd_calibrate)


def _read_population(path: Path) -> dict:
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if not rows or "adults" not in rows[0]:
        raise ValueError(f"{path}: needs an 'adults' column and one column per cohort dimension")
    out = {}
    for line, row in enumerate(rows, start=2):
        label = tuple(v.strip() for k, v in row.items() if k != "adults")
        try:
            out["/".join(label)] = float(row["adults"])
        except ValueError:
            raise ValueError(f"{path} line {line}: adults must be a number") from None
    return out


def cmd_calibrate(args) -> int:
    from .panel import CalibrationError

    if args.date_to <= args.date_from:
        return fail("--to must be after --from")
    if args.backtest_from and not args.date_from < args.backtest_from < args.date_to:
        return fail("--backtest-from must fall between --from and --to")
    try:
        population = _read_population(args.population) if args.population else None
        if args.cld:
            from .cld_source import backtest_from_cld, calibrate_from_cld

            backtest_from = partial(backtest_from_cld, args.cld, council=args.council)
            calibrate_from = partial(calibrate_from_cld, args.cld, council=args.council)
        else:
            setup_django()
            from .record import backtest_from_record as backtest_from
            from .record import calibrate_from_record as calibrate_from

        if args.backtest_from:
            result = backtest_from(
                args.date_from, args.backtest_from, args.date_to, population=population
            )
            print(result.render())
        cal = calibrate_from(args.date_from, args.date_to, population=population)
    except (CalibrationError, ValueError, OSError) as exc:
        return fail(str(exc))
    print(cal.render())
    if args.out:
        from .engine import demo_params

        # What a record cannot tell (e.g. the cost of a hospital bed, the yearly uplift)
        # comes from openasc's illustrative figures; the council edits them in the file.
        data = cal.to_yaml_dict(defaults=demo_params())
        print("Figures the record does not hold (e.g. hospital and advice costs, the yearly "
              "uplift) are openasc's illustrative defaults: check them in the file.")  # fmt: skip
        args.out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        evidence = args.out.with_suffix(".evidence.yaml")
        evidence.write_text(yaml.safe_dump(cal.evidence_dict(), sort_keys=False), "utf-8")
        print(f"Wrote {args.out} (name it as a scenario's council) and {evidence}")
    return 0
