from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("openasc.api.urls")),
    path("", include("openasc.planning.urls")),
    path("", include("openasc.returns.urls")),
    path("", include("openasc.workspace.urls")),
]

# GOV.UK-style error pages for the practitioner's pages.
handler403 = "openasc.workspace.pages.forbidden"
handler404 = "openasc.workspace.pages.not_found"
