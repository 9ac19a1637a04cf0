"""The eligibility form on an assessment: the questions of regulation 2 (adults) or 3 (carers)
of the Eligibility Criteria Regulations 2015, built from the rule data in force on the
assessment's start date, so a new rule file changes the form without code.

Every question can be left "not yet recorded": an assessment is often recorded over several
visits, and the rules engine says what is still missing rather than deciding too early."""

from __future__ import annotations

from django import forms

from .forms import GovForm

YES, NO, NOT_YET = "yes", "no", "not_yet"
ACHIEVED, UNABLE = "achieved", "unable"
_ANSWER = {YES: True, NO: False, NOT_YET: None, "": None}
_CHOICE = {True: YES, False: NO, None: NOT_YET}

# The yes/no questions before the outcomes, per kind of assessment, with the rule data's step
# that cites the regulation each one answers.
QUESTIONS = {
    "adult": [
        ("impairment_or_illness",
         "Do their needs arise from, or relate to, a physical or mental impairment or illness?",
         "impairment"),
    ],
    "carer": [
        ("providing_necessary_care",
         "Do their needs arise from providing necessary care to an adult?", "caring"),
        ("health_at_risk",
         "Is their physical or mental health deteriorating, or at risk of deteriorating?",
         "health"),
    ],
}  # fmt: skip


def sentence(text: str) -> str:
    """Rule wording starts lower case, to read inside a sentence; a label starts upper case."""
    return text[:1].upper() + text[1:]


def _yes_no(label: str, not_yet: str = "Not yet recorded") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[(YES, "Yes"), (NO, "No"), (NOT_YET, not_yet)],
        widget=forms.RadioSelect,
        initial=NOT_YET,
        error_messages={"invalid_choice": f"Choose yes, no or {not_yet.lower()}"},
    )


class EligibilityForm(GovForm):
    """kind is "adult" or "carer"; rules is the eligibility rule data (a dict)."""

    service_fields = {
        "wellbeing": "wellbeing_significant",
        "wellbeing.areas": "wellbeing_areas",
        "wellbeing.reasons": "wellbeing_reasons",
    }

    def __init__(self, kind: str, rules: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        side = rules[kind]
        self.questions = []
        for name, label, step in QUESTIONS[kind]:
            self.fields[name] = _yes_no(label)
            self.questions.append((name, side["steps"][step]["reg"]))
        grounds = [(code, sentence(g["law"])) for code, g in side["grounds"].items()]
        self.outcomes = []
        for code, outcome in side["outcomes"].items():
            label = sentence(outcome["law"])
            self.fields[f"outcome_{code}"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[(ACHIEVED, "Can achieve"), (UNABLE, "Unable to achieve"),
                         (NOT_YET, "Not yet recorded")],
                widget=forms.RadioSelect,
                initial=NOT_YET,
                error_messages={"invalid_choice": f"Choose whether they can achieve {label}"},
            )  # fmt: skip
            self.fields[f"grounds_{code}"] = forms.MultipleChoiceField(
                label="Why they are unable to achieve it",
                required=False,
                choices=grounds,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Choose reasons from the list"},
            )
            self.outcomes.append(
                {"code": code, "label": label, "law": outcome["law"], "plain": outcome["plain"],
                 "reg": outcome["reg"], "answer": f"outcome_{code}", "grounds": f"grounds_{code}"}
            )  # fmt: skip
        self.fields["wellbeing_significant"] = _yes_no(
            "Is there, or is there likely to be, a significant impact on their well-being?",
            not_yet="Not yet decided",
        )
        self.fields["wellbeing_areas"] = forms.MultipleChoiceField(
            label="Which areas of well-being are affected?",
            required=False,
            choices=[(code, sentence(a["law"])) for code, a in rules["wellbeing_areas"].items()],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": "Choose areas of well-being from the list"},
        )
        self.fields["wellbeing_reasons"] = forms.CharField(
            label="Reasons for the judgement",
            required=False,
            max_length=4000,
            widget=forms.Textarea,
        )
        self.wellbeing_reg = side["steps"]["wellbeing"]["reg"]
        # The decision's version when changing one: a save from a stale page is refused.
        self.fields["version"] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def service_field(self, name: str) -> str | None:
        # The rules engine names an outcome "outcomes.<code>"; its errors are about the reasons.
        if name.startswith("outcomes."):
            name = "grounds_" + name.removeprefix("outcomes.")
        return super().service_field(name)

    def clean(self):
        data = super().clean()
        for o in self.outcomes:
            answer, grounds = o["answer"], o["grounds"]
            if answer in self.errors or grounds in self.errors:
                continue
            ticked = data.get(grounds)
            if data.get(answer) == UNABLE and not ticked:
                self.add_error(
                    grounds, f"Select at least one reason they are unable to achieve {o['law']}"
                )
            elif data.get(answer) != UNABLE and ticked:
                self.add_error(
                    grounds,
                    f"Choose “Unable to achieve” for {o['law']}, or clear the reasons selected",
                )
        significant = _ANSWER.get(data.get("wellbeing_significant") or "")
        if significant is not None and not (data.get("wellbeing_reasons") or "").strip():
            self.add_error("wellbeing_reasons", "Give the reasons for the well-being judgement")
        if significant and not data.get("wellbeing_areas"):
            self.add_error("wellbeing_areas", "Select the areas of well-being that are affected")
        return data

    def answers(self) -> dict:
        """The answers as the rules engine and EligibilityDecision.answers take them."""
        d = self.cleaned_data
        outcomes = {}
        for o in self.outcomes:
            choice = d.get(o["answer"]) or NOT_YET
            outcomes[o["code"]] = (
                list(d[o["grounds"]]) if choice == UNABLE else None if choice == NOT_YET
                else ACHIEVED
            )  # fmt: skip
        answers = {name: _ANSWER[d.get(name) or ""] for name, *_ in QUESTIONS[self.kind]}
        answers["outcomes"] = outcomes
        answers["wellbeing"] = {
            "significant": _ANSWER[d.get("wellbeing_significant") or ""],
            "areas": list(d.get("wellbeing_areas") or []),
            "reasons": (d.get("wellbeing_reasons") or "").strip(),
        }
        return answers


def initial_from(kind: str, answers: dict, version: int | None) -> dict:
    """Form values from a recorded decision's answers (the reverse of answers())."""
    initial: dict = {name: _CHOICE.get(answers.get(name)) for name, *_ in QUESTIONS[kind]}
    for code, value in (answers.get("outcomes") or {}).items():
        if value is None:
            initial[f"outcome_{code}"] = NOT_YET
        elif value == ACHIEVED:
            initial[f"outcome_{code}"] = ACHIEVED
        else:
            initial[f"outcome_{code}"] = UNABLE
            initial[f"grounds_{code}"] = list(value)
    wb = answers.get("wellbeing") or {}
    initial["wellbeing_significant"] = _CHOICE.get(wb.get("significant"), NOT_YET)
    initial["wellbeing_areas"] = list(wb.get("areas") or [])
    initial["wellbeing_reasons"] = wb.get("reasons") or ""
    initial["version"] = version
    return initial
