"""Turn every failure into one JSON shape: {"detail", "code", "errors", ["candidates"]}.

Services raise Django's exceptions (ValidationError, PermissionDenied, DoesNotExist) and a few
of their own; the handlers here map each to its status so that no input gives a server error.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from openasc.access import policy
from openasc.common.errors import BreakGlassNeeded
from openasc.common.versioning import StaleVersion
from openasc.people.services import PossibleDuplicates

from .schemas import ErrorOut, PersonSummary

ERROR_RESPONSES = dict.fromkeys((400, 401, 403, 404, 409, 422), ErrorOut)

# Where pydantic puts a request part in an error's location; the field follows it.
_PARTS = {"body", "query", "path", "header", "cookie", "form"}
_PREFIXES = ("Value error, ", "Assertion failed, ")


def error(api: NinjaAPI, request, status: int, detail: str, code: str, **extra):
    body = {"detail": detail, "code": code, "errors": extra.pop("errors", {})}
    body.update(extra)
    return api.create_response(request, body, status=status)


def _field(loc: tuple | list) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _PARTS:
        parts = parts[1:]
        # Body fields sit under the parameter's name ("payload"); query ones do not.
        if loc[0] == "body" and parts:
            parts = parts[1:]
    return ".".join(parts) or "body"


def _message(err: dict) -> str:
    msg = str(err.get("msg", "Invalid value"))
    for prefix in _PREFIXES:
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg


def field_errors(errors: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for err in errors:
        out.setdefault(_field(err.get("loc", ())), []).append(_message(err))
    return out


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field" if k == "__all__" else k): list(msgs)
            for k, msgs in exc.message_dict.items()
        }
    return {"non_field": list(exc.messages)}


def _summary(errors: dict[str, list[str]]) -> str:
    first = next(iter(errors.items()), None)
    if first is None:
        return "The request is not valid"
    field, msgs = first
    more = len(errors) - 1
    text = msgs[0] if field in ("non_field", "body") else f"{field}: {msgs[0]}"
    return text + (f" (and {more} more)" if more > 0 else "")


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API."""

    @api.exception_handler(NinjaValidationError)
    def invalid_input(request, exc):
        errors = field_errors(exc.errors)
        return error(api, request, 422, _summary(errors), "invalid", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def invalid_record(request, exc):
        errors = django_errors(exc)
        return error(api, request, 422, _summary(errors), "invalid", errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = error(
            api,
            request,
            401,
            "Send a valid API token: 'Authorization: Bearer <key>'. The token may be "
            "missing, mistyped, expired or revoked.",
            "not_authenticated",
        )
        response["WWW-Authenticate"] = 'Bearer realm="openasc"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "error"
        )
        return error(api, request, exc.status_code, str(exc), code)

    @api.exception_handler(BreakGlassNeeded)
    def break_glass_needed(request, exc):
        return error(api, request, 403, str(exc), "break_glass_required")

    @api.exception_handler(PermissionDenied)
    def not_allowed(request, exc):
        return error(api, request, 403, str(exc) or "You may not do this.", "not_allowed")

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error(api, request, 404, "Nothing was found at this address.", "not_found")

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc):
        return error(api, request, 404, "Nothing was found with this id.", "not_found")

    @api.exception_handler(StaleVersion)
    def stale(request, exc):
        return error(api, request, 409, str(exc), "stale_version")

    @api.exception_handler(PossibleDuplicates)
    def duplicates(request, exc):
        user = request.auth
        shown = [p for p in exc.candidates if policy.visible_to_search(user, p)]
        return error(
            api,
            request,
            409,
            str(exc),
            "possible_duplicates",
            candidates=[PersonSummary.from_orm(p).model_dump(mode="json") for p in shown],
        )
