from django import forms

from openasc.workspace.forms import GovForm

# A scenario file is a page of YAML; anything far longer is a mistake (or an attack).
MOST_CHARACTERS = 50_000


class PlanningForm(GovForm):
    scenario_text = forms.CharField(
        label="Scenario",
        help_text="The scenario in YAML: the council, the baseline, and the levers to change. "
        "Start from an example and change the figures.",
        max_length=MOST_CHARACTERS,
        strip=False,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter a scenario, or start from an example",
            "max_length": f"The scenario must be {MOST_CHARACTERS:,} characters or fewer",
        },
    )
    runs = forms.IntegerField(
        label="Monte Carlo runs",
        help_text="Leave blank to use the scenario's own. More runs give steadier bands.",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the number of runs as a whole number, like 500",
            "min_value": "Enter at least 1 run",
        },
    )
    years = forms.IntegerField(
        label="Years to project",
        help_text="Leave blank to use the scenario's own.",
        required=False,
        min_value=1,
        max_value=50,
        error_messages={
            "invalid": "Enter the years as a whole number, like 10",
            "min_value": "Enter at least 1 year",
            "max_value": "Enter 50 years or fewer",
        },
    )
