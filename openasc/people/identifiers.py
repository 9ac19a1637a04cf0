"""NHS numbers, postcodes and names: pure validation and normalisation."""

from __future__ import annotations

import re
import unicodedata

_POSTCODE = re.compile(
    r"^(GIR ?0AA|[A-PR-UWYZ]"
    r"(\d{1,2}|[A-HK-Y]\d{1,2}|\d[A-HJKPSTUW]|[A-HK-Y]\d[ABEHMNPRVWXY])"
    r" ?\d[ABD-HJLNP-UW-Z]{2})$"
)


def nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 check digit, or None when the nine digits cannot make a valid number."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def clean_nhs_number(raw: str) -> str:
    """Ten digits, or ValueError saying what is wrong. Spaces and dashes are allowed."""
    digits = re.sub(r"[\s-]", "", raw or "")
    if not digits.isdigit() or len(digits) != 10:
        raise ValueError("Enter an NHS number of 10 digits, like 943 476 5919")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise ValueError("Enter a valid NHS number: the check digit does not match")
    return digits


def format_nhs_number(digits: str) -> str:
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}" if digits else ""


def clean_postcode(raw: str) -> str:
    """A UK postcode in its standard form ('SW1A 1AA'), or ValueError."""
    compact = re.sub(r"\s+", "", (raw or "").upper())
    if not _POSTCODE.match(compact):
        raise ValueError("Enter a real postcode, like DS1 4AB")
    return f"{compact[:-3]} {compact[-3:]}"


def fold_name(name: str) -> str:
    """Lower case, no accents or punctuation: 'O’Brien-Smith' -> 'obriensmith'."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    return "".join(c for c in decomposed.lower() if c.isalpha())


_SOUNDEX = {
    c: d
    for d, letters in {
        "1": "bfpv",
        "2": "cgjkqsxz",
        "3": "dt",
        "4": "l",
        "5": "mn",
        "6": "r",
    }.items()
    for c in letters
}


def soundex(name: str) -> str:
    """American Soundex of a folded name ('' for an empty one)."""
    folded = fold_name(name)
    if not folded:
        return ""
    out, last = folded[0].upper(), _SOUNDEX.get(folded[0], "")
    for c in folded[1:]:
        code = _SOUNDEX.get(c, "")
        if code and code != last:
            out += code
        if c not in "hw":
            last = code
    return (out + "000")[:4]


def name_keys(name: str) -> tuple[str, str]:
    """Two sound keys: forwards and backwards. A typo near the start of a name spoils the
    first but rarely the second, so search matches on either."""
    folded = fold_name(name)
    return soundex(folded), soundex(folded[::-1])
