"""Every rules result carries its reasons. A Step is one line of the explanation: what was
decided, the amount where there is one, and the regulation it rests on. Steps are cheap
tuples so that evaluating a hundred thousand cases does not cost a hundred thousand essays;
the text is plain English written for the person the decision is about."""

from __future__ import annotations

from typing import NamedTuple


class Step(NamedTuple):
    says: str
    pence: int | None = None
    cites: str = ""

    def as_dict(self) -> dict:
        return {"says": self.says, "pence": self.pence, "cites": self.cites}


def pounds(pence: int) -> str:
    """£1,234.56 from integer pence (negative amounts keep their sign)."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"
