"""The financial assessment form: what a person has and receives, turned into the charging
inputs that openasc.money.charge_inputs reads (integer pence, weekly).

Capital and income kinds, with their names, come from the charging rule data in force; the
form offers the common ones and leaves the rest to the API."""

from __future__ import annotations

from datetime import date

from django import forms

from .forms import GovDateField, GovForm
from .forms_money import PoundsField, pounds_text

SETTINGS = [("non_residential", "At home or in the community"), ("residential", "In a care home")]
HOUSEHOLDS = [("single", "Single"), ("couple", "Member of a couple")]
STAYS = [("permanent", "Permanent"), ("temporary", "Temporary")]
CIRCUMSTANCES = [
    ("over_pension_credit_age", "They have reached Pension Credit qualifying age"),
    ("disability_premium", "They would get the disability premium"),
    ("enhanced_disability_premium", "They would get the enhanced disability premium"),
    ("carer_premium", "They would get the carer premium"),
]
LIGHT_TOUCH = [
    ("agrees_to_pay_full_cost", "They agree to pay the full cost of their care"),
    ("capital_clearly_above_limit",
     "They have shown that their capital is clearly above the upper limit"),
]  # fmt: skip
CAPITAL = ("savings", "investments", "property", "main_home")
# The kinds of weekly income most people have, in the order a benefits letter lists them.
INCOME = (
    "state_pension", "private_pension", "pension_credit_guarantee", "pension_credit_savings",
    "attendance_allowance", "dla_care", "pip_daily_living", "dla_mobility", "pip_mobility",
    "employment_support_allowance", "universal_credit", "carers_allowance", "earnings",
    "war_pension", "other",
)  # fmt: skip
HOUSING = [("rent", "Rent"), ("mortgage", "Mortgage"), ("council_tax", "Council Tax")]
DRE_LINES = 3
MOST_OWNERS = 20


class ChargeForm(GovForm):
    """charging: the charging rule data (a dict) in force on the day assessed."""

    service_fields = {
        "cost_of_care_pence": "cost_of_care",
        "permanent_stay_started": "moved_in",
    }

    def __init__(self, charging: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["setting"] = _radios("Where do they receive care?", SETTINGS, "where they receive care")
        f["cost_of_care"] = PoundsField(
            label="Cost of their care a week", what="the cost of care a week", least_pence=1
        )
        f["stay"] = _radios("Is the stay permanent or temporary?", STAYS, "permanent or temporary")
        f["stay"].required = False
        f["stay"].initial = "permanent"
        f["moved_in"] = GovDateField(
            label="Date they moved into the care home permanently",
            required=False,
            past="The date they moved in must be today or in the past",
        )
        f["qualifying_relative_in_home"] = forms.BooleanField(
            label="Their partner, a relative aged 60 or over or incapacitated, or a child under "
            "18 still lives in their home",
            required=False,
        )
        f["household"] = _radios("Household", HOUSEHOLDS, "whether they are single or a couple")
        f["household"].initial = "single"
        f["circumstances"] = _ticks("Which of these apply?", CIRCUMSTANCES)
        kinds = charging.get("capital_kinds") or {}
        self.capital = [(k, kinds[k]["says"]) for k in CAPITAL if k in kinds]
        for kind, says in self.capital:
            f[f"capital_{kind}"] = PoundsField(
                label="Value", what=f"the value of {says.lower()}", required=False
            )
            f[f"owners_{kind}"] = forms.IntegerField(
                label="How many people own it, including them?",
                required=False,
                min_value=1,
                max_value=MOST_OWNERS,
                error_messages={
                    "invalid": f"Enter how many people own {says.lower()} as a number, like 2",
                    "min_value": f"The number of owners of {says.lower()} must be 1 or more",
                    "max_value": f"The number of owners of {says.lower()} must be "
                    f"{MOST_OWNERS} or fewer",
                },
            )
        kinds = charging.get("income_kinds") or {}
        self.income = [(k, kinds[k]["says"]) for k in INCOME if k in kinds]
        for kind, says in self.income:
            f[f"income_{kind}"] = PoundsField(
                label=says, what=f"the weekly amount of {says}", required=False
            )
        for n in range(1, DRE_LINES + 1):
            f[f"dre_{n}_what"] = forms.CharField(
                label=f"Expense {n}: what it is for", required=False, max_length=100
            )
            f[f"dre_{n}_amount"] = PoundsField(
                label=f"Expense {n}: amount a week", what=f"the amount of expense {n}",
                required=False,
            )  # fmt: skip
        for key, label in HOUSING:
            f[f"housing_{key}"] = PoundsField(
                label=label, what=f"the weekly {label.lower()}", required=False
            )
        f["light_touch"] = _ticks("Light-touch assessment (optional)", LIGHT_TOUCH)

    def clean(self):
        data = super().clean()
        in_care_home = data.get("setting") == "residential"
        if in_care_home and not data.get("stay") and "stay" not in self.errors:
            self.add_error("stay", "Choose whether the stay is permanent or temporary")
        if (
            in_care_home
            and data.get("stay") == "permanent"
            and data.get("capital_main_home")
            and not data.get("qualifying_relative_in_home")
            and not data.get("moved_in")
            and "moved_in" not in self.errors
        ):
            self.add_error(
                "moved_in",
                "Enter the date they moved into the care home, so the first 12 weeks without "
                "counting their home can be worked out",
            )
        for n in range(1, DRE_LINES + 1):
            what, amount = f"dre_{n}_what", f"dre_{n}_amount"
            if amount in self.errors:
                continue
            if data.get(what) and data.get(amount) is None:
                self.add_error(amount, f"Enter the amount of expense {n} a week")
            elif data.get(amount) is not None and not data.get(what):
                self.add_error(what, f"Say what expense {n} is for")
        return data

    def inputs(self) -> dict:
        """The charging inputs as FinancialAssessment.inputs stores them."""
        d = self.cleaned_data
        ticked = set(d["circumstances"]) | set(d["light_touch"])
        inputs = {
            "setting": d["setting"],
            "cost_of_care_pence": d["cost_of_care"],
            "household": d["household"],
            **{code: code in ticked for code, _ in CIRCUMSTANCES + LIGHT_TOUCH},
            "capital": [
                {"kind": kind, "value_pence": d[f"capital_{kind}"],
                 "owners": d[f"owners_{kind}"] or 1}
                for kind, _ in self.capital if d[f"capital_{kind}"] is not None
            ],
            "income": [
                {"kind": kind, "weekly_pence": d[f"income_{kind}"]}
                for kind, _ in self.income if d[f"income_{kind}"] is not None
            ],
            "dre": [
                {"what": d[f"dre_{n}_what"], "weekly_pence": d[f"dre_{n}_amount"]}
                for n in range(1, DRE_LINES + 1) if d[f"dre_{n}_amount"] is not None
            ],
            "housing": {f"{key}_pence": d[f"housing_{key}"] or 0 for key, _ in HOUSING},
        }  # fmt: skip
        if d["setting"] == "residential":
            inputs["stay"] = d["stay"]
            inputs["qualifying_relative_in_home"] = d["qualifying_relative_in_home"]
            if d["stay"] == "permanent" and d["moved_in"]:
                inputs["permanent_stay_started"] = d["moved_in"].isoformat()
        return inputs


def initial_from(inputs: dict) -> dict:
    """Form values from a past assessment's inputs, so a reassessment starts from them."""
    initial = {
        key: inputs.get(key)
        for key in ("setting", "household", "stay", "qualifying_relative_in_home")
        if inputs.get(key) is not None
    }
    initial["cost_of_care"] = pounds_text(inputs.get("cost_of_care_pence"))
    initial["circumstances"] = [code for code, _ in CIRCUMSTANCES if inputs.get(code)]
    initial["light_touch"] = [code for code, _ in LIGHT_TOUCH if inputs.get(code)]
    for item in inputs.get("capital") or ():
        initial[f"capital_{item['kind']}"] = pounds_text(item["value_pence"])
        initial[f"owners_{item['kind']}"] = item.get("owners", 1)
    for item in inputs.get("income") or ():
        initial[f"income_{item['kind']}"] = pounds_text(item["weekly_pence"])
    for n, item in enumerate(inputs.get("dre") or (), start=1):
        initial[f"dre_{n}_what"] = item["what"]
        initial[f"dre_{n}_amount"] = pounds_text(item["weekly_pence"])
    for key, _ in HOUSING:
        pence = (inputs.get("housing") or {}).get(f"{key}_pence")
        initial[f"housing_{key}"] = pounds_text(pence) if pence else ""
    if inputs.get("permanent_stay_started"):
        initial["moved_in"] = date.fromisoformat(inputs["permanent_stay_started"])
    return initial


def _radios(label: str, choices: list, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": f"Choose {what}", "invalid_choice": f"Choose {what}"},
    )


def _ticks(label: str, choices: list) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the list"},
    )
