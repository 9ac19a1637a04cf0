"""How fast are the Care Act rules?

    .venv/bin/python bench/rules.py [--cases 100000]
    DATABASE_URL=... .venv/bin/python bench/rules.py --recalculate

1. Complete evaluations on one core: for each of N synthetic cases (drawn before timing,
   with a fixed seed), the adult's eligibility, the indicative budget from the resource
   allocation questionnaire, and the weekly charge from a financial assessment, each from
   the rules in force today. Prints evaluations per second.
2. With --recalculate: `openasc rules recalculate` over every open case in the database
   named by DATABASE_URL (e.g. the 1.2-million-adult demo): reading the cases, and working
   out every budget and charge again. Prints the seconds for each part.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def synthetic_cases(n: int, seed: int, versions) -> list[tuple]:
    from openasc.rules import charging as c
    from openasc.rules import eligibility as e
    from openasc.rules import ras

    rng = random.Random(seed)
    elig = versions["eligibility"].data["adult"]
    outcomes, grounds = list(elig["outcomes"]), list(elig["grounds"])
    areas = list(versions["eligibility"].data["wellbeing_areas"])
    q = ras.questionnaire(versions["ras"])
    carers = [None, *q.carer_options]
    today = date.today()
    cases = []
    for _ in range(n):
        unmet = set(rng.sample(outcomes, rng.randrange(0, 6)))
        adult = e.AdultAssessment(
            outcomes={o: (tuple(rng.sample(grounds, 1)) if o in unmet else "achieved")
                      for o in outcomes},
            impairment_or_illness=rng.random() < 0.95,
            wellbeing=e.WellbeingJudgement(True, tuple(rng.sample(areas, 2)), "Reasons given"),
        )  # fmt: skip
        answers = {d.code: rng.choice(list(d.answers)) for d in q.domains}
        pension = rng.random() < 0.7
        charge = c.Assessment(
            on=today,
            setting=c.RESIDENTIAL if rng.random() < 0.3 else c.NON_RESIDENTIAL,
            cost_of_care_pence=rng.randrange(5_000, 150_000),
            age=rng.randrange(66, 100) if pension else rng.randrange(18, 66),
            over_pension_credit_age=pension,
            capital=(c.CapitalItem("savings", rng.randrange(0, 4_000_000)),),
            income=(c.IncomeItem("state_pension" if pension else "universal_credit",
                                 rng.randrange(9_000, 25_000)),),
            housing=c.HousingCosts(rent_pence=rng.choice((0, 9_000))),
        )  # fmt: skip
        cases.append((adult, answers, rng.choice(carers), charge))
    return cases


def evaluations(n: int) -> dict:
    from openasc.rules import charging, eligibility, ras
    from openasc.rules.ruleset import RuleBook

    book, today = RuleBook(), date.today()
    versions = {d: book.in_force(d, today) for d in ("eligibility", "ras", "charging")}
    cases = synthetic_cases(n, 1, versions)
    elig_rules = eligibility.compile_rules(versions["eligibility"])
    q = ras.questionnaire(versions["ras"])
    charge_rules = charging.compile_rules(versions["charging"])
    adult, budget, assess = (
        eligibility.adult_eligibility,
        ras.indicative_budget,
        charging.assess_charge,
    )
    start = time.perf_counter()
    eligible = 0
    for case, answers, carer, money in cases:
        if adult(case, elig_rules).status == "eligible":
            eligible += 1
        budget(answers, q, carer)
        assess(money, charge_rules)
    seconds = time.perf_counter() - start
    return {"cases": n, "seconds": round(seconds, 3), "per_second": round(n / seconds),
            "eligible": eligible, "microseconds_per_case": round(seconds / n * 1e6, 1)}  # fmt: skip


def recalculate() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openasc.config.settings")
    import django

    django.setup()
    from openasc.money import recalculate as r
    from openasc.money.cases import open_cases

    start = time.perf_counter()
    cases = open_cases()
    read = time.perf_counter() - start
    result = r.recalculate(cases, date.today())
    total = time.perf_counter() - start
    return {"open_cases": result.cases, "budgets": result.budgets, "charges": result.charges,
            "changed": len(result.changes), "errors": len(result.errors),
            "read_seconds": round(read, 2), "total_seconds": round(total, 2)}  # fmt: skip


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--cases", type=int, default=100_000, help="synthetic cases (default 100000)")
    p.add_argument("--recalculate", action="store_true",
                   help="also recalculate every open case in $DATABASE_URL")  # fmt: skip
    args = p.parse_args(argv)
    if args.cases < 1:
        print("rules.py: --cases must be 1 or more", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    summary = {"evaluations": evaluations(args.cases)}
    e = summary["evaluations"]
    print(f"Eligibility + budget + charge: {e['cases']:,} cases in {e['seconds']} s = "
          f"{e['per_second']:,} a second on one core "
          f"({e['microseconds_per_case']} µs each)")  # fmt: skip
    if args.recalculate:
        if not os.environ.get("DATABASE_URL"):
            print("rules.py: --recalculate needs DATABASE_URL (a database with a demo)",
                  file=sys.stderr)  # fmt: skip
            return 2
        summary["recalculate"] = r = recalculate()
        print(f"Recalculate every open case: {r['open_cases']:,} cases "
              f"({r['budgets']:,} budgets, {r['charges']:,} charges) in {r['total_seconds']} s "
              f"(reading {r['read_seconds']} s); {r['changed']:,} changed, "
              f"{r['errors']} errors")  # fmt: skip
    (OUT / "rules.json").write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
