from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("openasc.api.urls")),
    path("", include("openasc.workspace.urls")),
]
