"""Reads of people: search (tolerant of typos), duplicates, and what a page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, FloatField, Q, Value, When
from rapidfuzz import fuzz

from .identifiers import clean_nhs_number, clean_postcode, fold_name, name_keys
from .models import Person

MAX_CANDIDATES = 3000


@dataclass
class SearchQuery:
    name: str = ""
    nhs_number: str = ""
    date_of_birth: date | None = None
    postcode: str = ""

    @property
    def empty(self) -> bool:
        return not (self.name.strip() or self.nhs_number or self.date_of_birth or self.postcode)


@dataclass
class Match:
    person: Person
    score: float


def search(query: SearchQuery, *, visible_to=None, limit: int = 25) -> list[Match]:
    """People matching the query, best first. Names match on sound keys (forwards and
    backwards) and are then ranked by fuzzy similarity, so 'Jonh Smyth' finds John Smith.
    Restricted records are left out unless `visible_to` is named on them.

    Candidates are scored as distinct (given, family) name pairs and only the people with
    the best names are loaded, because a common surname's sound key can match thousands of
    people."""
    if query.empty:
        return []
    qs = _filtered(query, visible_to)
    if qs is None:
        return []
    words = [w for w in query.name.split() if fold_name(w)]
    if not words:
        return [Match(p, 100.0) for p in qs.only(*SUMMARY_FIELDS)[:limit]]
    family = words[-1]
    key, key_rev = name_keys(family)
    folded = fold_name(family)
    lookups = [{"family_key": key}, {"family_key_rev": key_rev}, {"family_folded": folded}]
    if len(words) == 1:
        lookups.append({"given_folded": folded})
    # Score each distinct name once: a common surname is shared by hundreds of people. One
    # query per key, joined by UNION, so each reads only its covering index; an OR of the
    # keys would visit the table for every candidate row.
    pairs_of = [qs.filter(**k).order_by().values_list("given_folded", "family_folded")
                for k in lookups]  # fmt: skip
    pairs = pairs_of[0].union(*pairs_of[1:])
    wanted = " ".join(fold_name(w) for w in words)
    scores = {(g, f): _name_score(wanted, len(words), g, f) for g, f in pairs[:MAX_CANDIDATES]}
    best = sorted((pair for pair, score in scores.items() if score >= 60),
                  key=lambda pair: -scores[pair])[:limit]  # fmt: skip
    if not best:
        return []
    # One condition per family name (family = f AND given IN (...)), not one per pair: the
    # same rows, one index range each instead of 25, and a fraction of the ORM's work. The
    # database orders by score (one CASE arm per distinct score) and returns only `limit`
    # people: building a model for each of a hundred people and keeping a quarter was a
    # third of the time of a search.
    by_score: dict[float, dict[str, list[str]]] = {}
    for g, f in best:
        by_score.setdefault(scores[(g, f)], {}).setdefault(f, []).append(g)
    same_name, ranked = Q(), []
    for score, families in by_score.items():
        named = Q()
        for f, gs in families.items():
            named |= Q(family_folded=f, given_folded__in=gs)
        same_name |= named
        ranked.append(When(named, then=Value(score)))
    people = qs.filter(same_name).only(*SUMMARY_FIELDS)
    if len(ranked) > 1:
        people = people.annotate(
            name_score=Case(*ranked, default=Value(0.0), output_field=FloatField())
        ).order_by("-name_score", "family_name", "given_name", "id")
    else:
        people = people.order_by("family_name", "given_name", "id")
    people = people[:limit]
    matches = [Match(p, scores[(p.given_folded, p.family_folded)]) for p in people]
    matches.sort(key=lambda m: (-m.score, m.person.family_name, m.person.given_name))
    return matches[:limit]


SUMMARY_FIELDS = (
    "id", "council_person_id", "nhs_number", "given_name", "family_name", "date_of_birth",
    "date_of_death", "postcode", "family_folded", "given_folded", "restricted", "version",
)  # fmt: skip


def _filtered(query: SearchQuery, visible_to):
    """People not merged away, narrowed by the exact fields given; None if one is invalid."""
    qs = Person.objects.filter(merged_into__isnull=True)
    if query.nhs_number:
        try:
            qs = qs.filter(nhs_number=clean_nhs_number(query.nhs_number))
        except ValueError:
            return None
    if query.date_of_birth:
        qs = qs.filter(date_of_birth=query.date_of_birth)
    if query.postcode:
        try:
            qs = qs.filter(postcode=clean_postcode(query.postcode))
        except ValueError:
            compact = re.sub(r"\s+", "", query.postcode.upper())
            qs = qs.filter(postcode__startswith=compact[:4])
    # A subquery, not a join: a join on the named-users table would need DISTINCT.
    named = Person.restricted_to.through.objects.filter(user_id=getattr(visible_to, "pk", None))
    return qs.filter(Q(restricted=False) | Q(pk__in=named.values("person_id")))


def _name_score(wanted: str, n_words: int, given: str, family: str) -> float:
    if n_words == 1:
        return max(fuzz.ratio(wanted, family), fuzz.ratio(wanted, given))
    return fuzz.token_sort_ratio(wanted, f"{given} {family}")


def possible_duplicates(
    nhs_number: str | None, given: str, family: str, dob: date | None
) -> list[Person]:
    """People who may be the same as a new record: the same NHS number, or the same date of
    birth and a similar name."""
    found: dict[int, Person] = {}
    if nhs_number:
        for p in Person.objects.filter(nhs_number=nhs_number):
            found[p.pk] = p
    if dob:
        wanted = f"{fold_name(given)} {fold_name(family)}"
        for p in Person.objects.filter(date_of_birth=dob, merged_into__isnull=True):
            if fuzz.token_sort_ratio(wanted, f"{p.given_folded} {p.family_folded}") >= 80:
                found[p.pk] = p
    return list(found.values())


def get_person(pk: int) -> Person:
    return Person.objects.select_related("merged_into").get(pk=pk)


def relationships(person: Person):
    from .models import Relationship

    return Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
        "from_person", "to_person"
    )
