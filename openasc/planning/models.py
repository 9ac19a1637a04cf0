"""Planning runs, kept with their inputs so any past figure can be explained and re-run."""

from django.conf import settings
from django.db import models


class PlanningRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    name = models.CharField(max_length=200)
    scenario_text = models.TextField(help_text="the scenario file exactly as it was run")
    runs = models.PositiveIntegerField()
    years = models.PositiveSmallIntegerField()
    seed = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="per cent done")
    stage = models.CharField(max_length=100, blank=True, default="")
    error = models.TextField(blank=True, default="")
    summary = models.JSONField(default=list, blank=True)
    results = models.JSONField(null=True, blank=True)
    cost_chart = models.TextField(blank=True, default="", help_text="SVG")
    people_chart = models.TextField(blank=True, default="", help_text="SVG")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
