from django.db import models

#: ONS single-year ages stop at 90, which stands for "90 and over".
OLDEST = 90


class PopulationEstimate(models.Model):
    """People living in an area at mid-year, of one age and sex (ONS mid-year estimates)."""

    area_code = models.CharField(max_length=12, help_text="e.g. an LA code, E06000999")
    year = models.PositiveSmallIntegerField(help_text="the mid-year (30 June) estimated")
    age = models.PositiveSmallIntegerField(help_text=f"single year of age; {OLDEST} = 90+")
    sex = models.CharField(max_length=6, choices=[("female", "Female"), ("male", "Male")])
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "year", "age", "sex"], name="one_estimate_per_cell"
            ),
            models.CheckConstraint(condition=models.Q(age__lte=OLDEST), name="age_to_90"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.year} {self.sex} {self.age}: {self.people}"
