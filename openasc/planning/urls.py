from django.urls import path

from . import views

urlpatterns = [
    path("planning", views.planning, name="planning"),
    path("planning/runs/<int:pk>", views.planning_run, name="planning-run"),
    path("planning/runs/<int:pk>/<str:name>", views.planning_run_file, name="planning-run-file"),
]
