"""The Jinja2 environment: static files, URL reversing, CSRF, messages and vocab labels."""

from django.contrib import messages
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import Environment, StrictUndefined, Undefined

from openasc.people.identifiers import format_nhs_number
from openasc.vocab.lists import ALL_LISTS


def _url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def _date(value, fmt: str = "%-d %B %Y") -> str:
    return value.strftime(fmt) if value else ""


def _pounds(pence) -> str:
    return "" if pence is None else f"£{pence / 100:,.2f}"


def environment(**options) -> Environment:
    import os

    if os.environ.get("OPENASC_STRICT_TEMPLATES"):
        options["undefined"] = StrictUndefined
    else:
        options.setdefault("undefined", Undefined)
    env = Environment(**options)  # noqa: S701 (autoescape is set in settings)
    env.globals.update(
        static=static,
        url=_url,
        csrf_token=get_token,
        get_messages=messages.get_messages,
        vocab=ALL_LISTS,
    )
    env.filters.update(date=_date, pounds=_pounds, nhs=format_nhs_number)
    return env
