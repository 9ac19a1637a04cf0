"""Dated, versioned rule data.

Rule figures live in YAML files named by the date they take effect:
``<directory>/<domain>/<YYYY-MM-DD>.yaml``, where domain is eligibility, ras, charging or
reviews. openasc ships England's national figures under ``openasc/rules/data``. A council
keeps its own files in a directory of the same shape (``OPENASC_RULES_DIR``); a council file
holds only what it changes and is laid over the national version in force on its date, so a
council that sets a higher Minimum Income Guarantee writes that one figure, not a copy of the
regulations. Nothing is ever edited in place: a new figure is a new file with a new date.

A version's id names its domain, date and a digest of its content, so a stored decision can
say exactly which figures it used, and be explained and re-run later (``RuleBook.get``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

SHIPPED = Path(__file__).resolve().parent / "data"
DOMAINS = ("eligibility", "ras", "charging", "reviews")
T = TypeVar("T")
_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.ya?ml$")


class RuleDataError(ValueError):
    """Rule data that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class RuleVersion:
    domain: str
    effective_from: date
    data: dict[str, Any] = field(repr=False)
    sources: tuple[str, ...]  # files it was built from, national first

    @cached_property  # the data never changes once loaded; hashing it once is enough
    def digest(self) -> str:
        text = json.dumps(self.data, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @cached_property
    def id(self) -> str:
        return f"{self.domain}/{self.effective_from.isoformat()}/{self.digest}"


class RuleBook:
    """All rule versions from the shipped data and any council directories (later wins)."""

    def __init__(self, *council_dirs: Path | str | None):
        self._versions: dict[str, list[RuleVersion]] = {}
        dirs = [SHIPPED] + [Path(d) for d in council_dirs if d]
        for domain in DOMAINS:
            self._versions[domain] = _load_domain(domain, dirs)

    def in_force(self, domain: str, on: date) -> RuleVersion:
        """The version of a domain's rules in force on a date."""
        chosen = None
        for v in self._versions[_known(domain)]:
            if v.effective_from <= on:
                chosen = v
        if chosen is None:
            raise RuleDataError(f"no {domain} rules in force on {on.isoformat()}")
        return chosen

    def versions(self, domain: str) -> list[RuleVersion]:
        return list(self._versions[_known(domain)])

    def get(self, version_id: str) -> RuleVersion:
        """The version a past decision used, by its id; refuses if its content has changed."""
        domain = version_id.split("/", 1)[0]
        for v in self._versions.get(domain, []):
            if v.id == version_id:
                return v
        raise RuleDataError(f"rule version {version_id} is not in the rule data any more")


_COMPILED: dict[str, Any] = {}


def compiled(version: RuleVersion, domain: str, build: Callable[[RuleVersion], T]) -> T:
    """A rules module's working form of a version (lookup tables, wording), built once.
    Kept on the version object, so a decision pays one attribute lookup, and by version id,
    so the same figures loaded twice (a rule book per process) are built once."""
    hit = version.__dict__.get("_compiled")
    if hit is not None:
        return hit
    if version.domain != domain:
        raise RuleDataError(f"expected {domain} rules, got {version.domain} rules")
    built = _COMPILED.get(version.id)
    if built is None:
        built = _COMPILED[version.id] = build(version)
    # Frozen dataclass: written straight into its __dict__, as cached_property does.
    version.__dict__["_compiled"] = built
    return built


def _known(domain: str) -> str:
    if domain not in DOMAINS:
        raise RuleDataError(f"unknown rules domain {domain!r}; expected one of {DOMAINS}")
    return domain


def _load_domain(domain: str, dirs: list[Path]) -> list[RuleVersion]:
    national: dict[date, tuple[dict, str]] = {}
    council: dict[date, list[tuple[dict, str]]] = {}
    for i, base in enumerate(dirs):
        folder = base / domain
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            m = _FILE.match(path.name)
            if not m:
                continue
            when = _date(m.group(1), path)
            data = _read(path)
            if i == 0:
                national[when] = (data, str(path))
            else:
                council.setdefault(when, []).append((data, str(path)))
    versions = []
    for when in sorted(set(national) | set(council)):
        base_date = max((d for d in national if d <= when), default=None)
        if base_date is None:
            raise RuleDataError(f"{domain} rules dated {when} come before any national figures")
        data, src = national[base_date]
        merged, sources = copy.deepcopy(data), [src]
        # A council file on date D also applies from D onwards over later national files.
        for cdate in sorted(d for d in council if d <= when):
            for cdata, csrc in council[cdate]:
                merged = _overlay(merged, cdata, csrc)
                sources.append(csrc)
        versions.append(RuleVersion(domain, when, merged, tuple(sources)))
    return versions


def _overlay(base: dict, override: dict, src: str, path: str = "") -> dict:
    out = dict(base)
    for key, value in override.items():
        where = f"{path}{key}"
        if key not in base:
            raise RuleDataError(f"{src}: unknown key {where!r} (not in the national rules)")
        if isinstance(value, dict) and isinstance(base[key], dict):
            out[key] = _overlay(base[key], value, src, where + ".")
        else:
            out[key] = value
    return out


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise RuleDataError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleDataError(f"{path}: expected a mapping of rule names to values")
    return data


def _date(text: str, path: Path) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise RuleDataError(f"{path}: the file name is not a real date") from exc
