"""What the national returns keep in the database."""

from django.db import models
from django.utils import timezone


class CldExport(models.Model):
    """One run of the Client Level Data export, written or refused.

    Kept so that the next export can send again the events of earlier periods changed since
    they were last sent (CLD has no "amended" column: DHSC takes the latest submission as the
    truth), and so that anyone can see what was sent, when and by whom."""

    date_from = models.DateField()
    date_to = models.DateField()
    release = models.PositiveSmallIntegerField()
    # When the export read the record: an event changed after this was not in it.
    created_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)
    failing_rows = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)  # failing fields, over all rows
    late_changes = models.PositiveIntegerField(default=0)  # rows from earlier periods
    written = models.BooleanField(default=False)  # False: refused for failing rows
    allow_invalid = models.BooleanField(default=False)
    file_name = models.CharField(max_length=255)
    run_by = models.CharField(max_length=150)  # the staff user, or the system account
    command = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["written", "date_to"])]

    def __str__(self) -> str:
        return f"CLD {self.date_from} to {self.date_to} (Release {self.release})"

    @property
    def made(self) -> str:
        """How a message names it: "the export of 2024-04-01 to 2024-06-30 made 2024-07-05"."""
        day = timezone.localtime(self.created_at).date()
        return f"the export of {self.date_from} to {self.date_to} made {day}"
