"""/api/v1/: the operations and the OpenAPI document (/api/v1/openapi.json)."""

from django.http import JsonResponse
from django.urls import re_path

from .api import api

patterns, _ninja_app, namespace = api.urls
# config/urls.py includes this module without a namespace; naming the app "api" makes the
# namespace "api", which ninja reverses to find its own root.
app_name = namespace


def not_found(request, rest: str = ""):
    """Any other address under /api/v1/ answers in the API's error shape, not an HTML page."""
    return JsonResponse(
        {
            "detail": "There is no API operation at this address. See /api/v1/openapi.json.",
            "code": "not_found",
            "errors": {},
        },
        status=404,
    )


urlpatterns = [*patterns, re_path(r"^(?P<rest>.*)$", not_found, name="not-found")]
