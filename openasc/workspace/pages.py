"""What every practitioner page shares: the menu, the error flag for the <title>, access checks
that send the user to break glass, and the 403 and 404 pages."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse

from openasc.access import audit, policy
from openasc.common.errors import BreakGlassNeeded
from openasc.people.models import Person
from openasc.people.selectors import get_person


def nav(request) -> list[dict]:
    user = request.user
    if not user.is_authenticated:
        return []
    items = [("Home", "home", True)]
    items.append(("Find a person", "people-search", policy.can_search(user)))
    items.append(("Register a person", "person-new", policy.can_register(user)))
    items.append(("Planning", "planning", policy.can_plan(user)))
    items.append(("Break-glass report", "break-glass-report", policy.has_oversight(user)))
    return [
        {"text": text, "href": reverse(name), "current": request.path == reverse(name)}
        for text, name, shown in items
        if shown
    ]


def render_page(request, template: str, context: dict | None = None, status: int = 200):
    ctx = dict(context or {})
    ctx.setdefault(
        "has_errors",
        any(isinstance(v, forms.BaseForm) and v.is_bound and v.errors for v in ctx.values()),
    )
    ctx["nav"] = nav(request)
    return render(request, template, ctx, status=status)


class _SendTo(Exception):
    def __init__(self, response: HttpResponseRedirect):
        self.response = response


def workspace_view(view):
    """Signed-in users only; an access check that needs break glass redirects there."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SendTo as e:
            return e.response

    return wrapper


def allow(request, person: Person, *, record: bool = False, obj=None, open_allocations=None) -> str:
    """The basis on which the user may see (or record on) this person. Raises NotAllowed
    (a 403) or sends the user to the break-glass page. Every page that shows a person's data
    comes through here, so this is where the view is written to the audit trail; a POST
    is audited by the service that makes the change. `open_allocations`: the person's
    allocations that are not closed, when the page has them already (see policy.bases)."""
    try:
        if record:
            basis = policy.check_record(request.user, person)
        else:
            basis = policy.check_view(request.user, person, open_allocations=open_allocations)
    except BreakGlassNeeded:
        raise _SendTo(redirect("person-break-glass", person.pk)) from None
    if request.method == "GET":
        page = request.resolver_match.url_name if request.resolver_match else ""
        audit.record(request.user, "view", person=person, obj=obj or person, basis=basis,
                     page=page)  # fmt: skip
    return basis


def person_or_404(pk: int) -> Person:
    try:
        return get_person(pk)
    except Person.DoesNotExist:
        raise Http404("No person has this id") from None


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def forbidden(request, exception=None):
    message = str(exception) if exception is not None and str(exception) else ""
    return render_page(request, "403.html", {"message": message}, status=403)


def not_found(request, exception=None):
    return render_page(request, "404.html", status=404)
