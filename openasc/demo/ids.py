"""Identifiers for synthetic people and events, derived from the seed (never from secrets), so
one seed always gives the same references."""

from __future__ import annotations

import random
from collections.abc import Iterator

from openasc.people.identifiers import nhs_check_digit

from .names import DISTRICTS, INWARD_LETTERS


class Permutation:
    """i -> (a*i + b) mod m, a bijection on 0..m-1 when a is coprime with m. Cheap, unique
    and random-looking: good enough to scatter identifiers, not for secrecy."""

    def __init__(self, rng: random.Random, m: int):
        self.m = m
        while True:
            a = rng.randrange(m // 3, m)
            if a % 2 and a % 5 and _gcd(a, m) == 1:
                break
        self.a, self.b = a, rng.randrange(m)

    def __call__(self, i: int) -> int:
        return (self.a * i + self.b) % self.m


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


EVENT_PREFIX = {"request": "REQ", "assessment": "ASM", "service": "SRV", "review": "REV"}


class References:
    """Event references like the services make ('SRV-' and ten hex digits), one per event id."""

    def __init__(self, rng: random.Random):
        self.perm = Permutation(rng, 16**10)

    def __call__(self, event_type: str, event_id: int) -> str:
        return f"{EVENT_PREFIX[event_type]}-{self.perm(event_id):010X}"


class PersonIds:
    """Council person ids 'DS' + 8 digits, unique per person number."""

    def __init__(self, rng: random.Random):
        self.perm = Permutation(rng, 10**8)

    def __call__(self, n: int) -> str:
        return f"DS{self.perm(n):08d}"


def nhs_numbers(rng: random.Random) -> Iterator[str]:
    """Valid (mod 11) NHS numbers in the 9xx range used for test data, never repeating."""
    perm = Permutation(rng, 10**8)
    i = 0
    while True:
        first_nine = f"9{perm(i):08d}"
        i += 1
        check = nhs_check_digit(first_nine)
        if check is not None:
            yield f"{first_nine}{check}"


def postcode(rng: random.Random, district: str) -> str:
    letters = INWARD_LETTERS
    return f"{district} {rng.randrange(10)}{letters[rng.randrange(20)]}{letters[rng.randrange(20)]}"


def cqc_location_ids(rng: random.Random) -> Iterator[str]:
    """CQC-style location ids: '1-' and nine or ten digits, unique."""
    seen: set[str] = set()
    while True:
        digits = rng.choice((9, 10))
        value = f"1-{rng.randrange(10 ** (digits - 1), 10**digits)}"
        if value not in seen:
            seen.add(value)
            yield value


__all__ = ["DISTRICTS", "References", "PersonIds", "nhs_numbers", "postcode", "cqc_location_ids"]
