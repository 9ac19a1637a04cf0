"""Load population estimates from a CSV file, all or nothing.

Two layouts are read, as ONS and councils keep them:
- long: one row per area, year, age and sex (columns such as ``area_code, year, age, sex,
  people``);
- ONS mid-year estimates, wide by year: ``ladcode, [laname,] sex, age, population_2023,
  population_2024, ...`` (sex 1 = male, 2 = female).

Ages are single years 0-90 (90 = 90 and over; "90+" is read as 90). Every line is checked
before anything is written; if any is wrong, nothing is, and each error names its line.
Loading the same file again changes nothing: the areas and years in the file replace what
was there for them.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import OLDEST, PopulationEstimate

AREA = ("area code", "area", "ladcode", "la code", "lad code", "code", "geography code")
YEAR = ("year", "mid year", "mid-year")
AGE = ("age",)
SEX = ("sex", "gender")
PEOPLE = ("people", "population", "count", "persons", "value", "obs value")
SEXES = {"1": "male", "m": "male", "male": "male", "males": "male",
         "2": "female", "f": "female", "female": "female", "females": "female"}  # fmt: skip
WIDE_YEAR = re.compile(r"^population ?(\d{4})$")
MAX_ERRORS = 50


class PopulationFileError(ValueError):
    """The file is wrong; ``errors`` lists each line's problem."""

    def __init__(self, path: str, errors: list[str]):
        shown = errors[:MAX_ERRORS]
        more = f"\n  ... and {len(errors) - MAX_ERRORS} more" if len(errors) > MAX_ERRORS else ""
        super().__init__(f"{path}: nothing was loaded\n  " + "\n  ".join(shown) + more)
        self.errors = errors


@dataclass
class Loaded:
    rows: int = 0
    adults: dict[tuple[str, int], int] = field(default_factory=dict)  # (area, year) -> 18+

    def summary(self) -> list[str]:
        lines = [f"{self.rows:,} estimates loaded"]
        for (area, year), n in sorted(self.adults.items()):
            lines.append(f"  {area} mid-{year}: {n:,} adults (18 and over)")
        return lines


def _fold(name: str) -> str:
    return " ".join(name.replace("_", " ").lower().split())


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, h in enumerate(header):
        if _fold(h) in names:
            return i
    return None


def _whole(text: str, what: str) -> int:
    try:
        return int(float(text.replace(",", "")))
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a whole number") from None


def _cells(path: Path, header: list[str], rows) -> tuple[dict, list[str]]:
    """(area, year, age, sex) -> people, and the errors, from either layout."""
    columns = {"area": AREA, "year": YEAR, "age": AGE, "sex": SEX, "people": PEOPLE}
    at = {name: _find(header, names) for name, names in columns.items()}
    wide = {}  # column -> year, for ONS's population_2024 columns
    for i, h in enumerate(header):
        if m := WIDE_YEAR.match(_fold(h)):
            wide[i] = int(m.group(1))
    needed = ["area", "age", "sex"] + ([] if wide else ["year", "people"])
    missing = [n for n in needed if at[n] is None]
    if missing:
        return {}, [f"no column for {', '.join(missing)} (have: {', '.join(header)})"]
    cells: dict = {}
    seen = set()  # as written: ages above 90 fold into 90+, any other repeat is a mistake
    errors = []
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        try:
            area = row[at["area"]].strip()
            if not area:
                raise ValueError("no area code")
            age_text = row[at["age"]].strip().rstrip("+")
            age = min(_whole(age_text, "age"), OLDEST)
            if age < 0:
                raise ValueError(f"age {age_text!r} is below 0")
            sex = SEXES.get(row[at["sex"]].strip().lower())
            if sex is None:
                raise KeyError(f"sex {row[at['sex']]!r} is not male/female (or 1/2)")
            values = (
                [(year, row[i]) for i, year in wide.items()] if wide
                else [(_whole(row[at["year"]], "year"), row[at["people"]])]
            )  # fmt: skip
            for year, text in values:
                people = _whole(text, "people")
                if people < 0:
                    raise ValueError(f"a negative number of people ({people})")
                written = (area, year, age_text, sex)
                if written in seen:
                    raise ValueError(f"{area} {year} age {age_text} {sex} appears twice")
                seen.add(written)
                key = (area, year, age, sex)
                cells[key] = cells.get(key, 0) + people
        except IndexError:
            errors.append(f"line {line}: too few columns")
        except KeyError as exc:
            errors.append(f"line {line}: {exc.args[0]}")
        except ValueError as exc:
            errors.append(f"line {line}: {exc.args[0]}")
    return cells, errors


def load_population(path: str | Path) -> Loaded:
    """Load (or reload) the estimates in ``path``; PopulationFileError if anything is wrong."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise PopulationFileError(str(path), [f"cannot read it ({exc.strerror})"]) from None
    except UnicodeDecodeError:
        raise PopulationFileError(str(path), ["not a UTF-8 text (CSV) file"]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise PopulationFileError(str(path), ["the file is empty"])
    cells, errors = _cells(path, header, reader)
    if errors:
        raise PopulationFileError(str(path), errors)
    if not cells:
        raise PopulationFileError(str(path), ["no estimates in the file"])
    return save(cells)


def save(cells: dict[tuple[str, int, int, str], int]) -> Loaded:
    """Replace the estimates of every (area, year) in ``cells`` with these, in one go."""
    result = Loaded(rows=len(cells))
    adults: dict = defaultdict(int)
    for (area, year, age, _), people in cells.items():
        if age >= 18:
            adults[(area, year)] += people
    result.adults = dict(adults)
    with transaction.atomic():
        for area, year in adults.keys() | {(a, y) for a, y, _, _ in cells}:
            PopulationEstimate.objects.filter(area_code=area, year=year).delete()
        PopulationEstimate.objects.bulk_create(
            PopulationEstimate(area_code=a, year=y, age=age, sex=s, people=n)
            for (a, y, age, s), n in cells.items()
        )
    return result
