"""The performance pages. The API's metrics operations live in openasc.api."""

from django.urls import path

from . import views, views_scrutiny

urlpatterns = [
    path("performance", views.performance, name="performance"),
    path("performance/scrutiny/<int:year>", views_scrutiny.scrutiny_page, name="scrutiny"),
    path("performance/<str:code>", views.metric_page, name="performance-metric"),
    path("performance/<str:code>/people", views.people_page, name="performance-people"),
]
