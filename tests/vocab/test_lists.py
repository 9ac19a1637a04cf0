"""The CLD defined lists: codes, both releases' text, and the field that stores them."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from openasc.vocab import lists as v
from openasc.vocab.fields import CodeField

LISTS = list(v.ALL_LISTS.values())
PAIRS = [(dl, t.code) for dl in LISTS for t in dl]


@pytest.mark.parametrize("dl", LISTS, ids=lambda dl: dl.name)
def test_codes_unique(dl):
    assert len(dl.codes) == len(set(dl.codes))


@pytest.mark.parametrize("dl", LISTS, ids=lambda dl: dl.name)
def test_every_term_has_text_in_a_release(dl):
    for t in dl:
        assert t.r1 or t.r2, f"{dl.name}: {t.code} has no text in either release"


@pytest.mark.parametrize("dl", LISTS, ids=lambda dl: dl.name)
def test_text_unique_within_each_release(dl):
    # Two codes with one spelling could never be told apart when a file is read back.
    for release in (1, 2):
        texts = [v._fold(dl.text(c, release)) for c in dl.codes]
        assert len(texts) == len(set(texts)), (dl.name, release)


@given(st.sampled_from(PAIRS), st.sampled_from([1, 2]))
def test_text_round_trips_for_both_releases(pair, release):
    dl, code = pair
    assert dl.from_text(dl.text(code, release)) == code


@given(st.sampled_from(PAIRS), st.sampled_from([1, 2]))
def test_from_text_ignores_case_and_spacing(pair, release):
    dl, code = pair
    messy = "  " + dl.text(code, release).upper().replace(" ", "   ") + " "
    assert dl.from_text(messy) == code


def test_text_falls_back_to_the_other_release():
    assert v.ROUTE_OF_ACCESS.text("self_referral_online", 1) == "Self-referral online"
    assert v.ETHNICITY.text("white_roma", 1) == "White: Roma"


def test_r1_to_r2_mapping():
    m = v.SERVICE_TYPE.r1_to_r2()
    assert m["Carer Support: Direct to Carer"] == "Unpaid carer support: Direct to unpaid carer"
    assert m["Long Term Support: Nursing Care"] == "Long term support: Nursing care"
    # Values new in Release 2 have no Release 1 key.
    assert "Self-referral online" not in v.ROUTE_OF_ACCESS.r1_to_r2().values()
    for dl in LISTS:
        for r1, r2 in dl.r1_to_r2().items():
            assert dl.from_text(r1) == dl.from_text(r2)


def test_release_2_event_outcomes_match_the_dhsc_list():
    # DHSC_5-data-cleaning.md, Event_Outcome_Cleaned (less the two cleaning placeholders).
    expected = {
        "Admitted to hospital",
        "Continuation of support or services",
        "NFA: Deceased",
        "NFA: Information and advice or signposting",
        "NFA: No services offered for other reason",
        "NFA: Other",
        "NFA: Referral to NHS services or NHS funded social care",
        "NFA: Referral to other service within the local authority",
        "NFA: Responsibility moved to another local authority",
        "NFA: Self-funded client or under 12wk disregard",
        "NFA: Support declined",
        "NFA: Support ended as planned",
        "NFA: Support ended for other reason",
        "Progress to assessment, review or reassessment",
        "Progress to reablement/ST-Max",
        "Progress to support planning or services",
    }
    assert {label for _, label in v.EVENT_OUTCOME.choices(2)} == expected


def test_choices_leave_out_values_not_in_the_release():
    assert "self_referral_online" not in dict(v.ROUTE_OF_ACCESS.choices(1))
    assert "self_referral_online" in dict(v.ROUTE_OF_ACCESS.choices(2))


def test_accommodation_groups_are_settled_or_unsettled():
    groups = {t.group for t in v.ACCOMMODATION_STATUS}
    assert groups == {"settled", "unsettled"}
    assert v.ACCOMMODATION_STATUS["owner_occupier"].group == "settled"
    assert v.ACCOMMODATION_STATUS["registered_nursing_home"].group == "unsettled"


def test_unknown_code_raises_key_error_naming_the_list():
    with pytest.raises(KeyError, match="service type"):
        v.SERVICE_TYPE["lts_spaceship"]
    with pytest.raises(KeyError, match="delivery mechanism"):
        v.DELIVERY_MECHANISM.text("cash_in_hand")


def test_unknown_text_raises_key_error_naming_the_field():
    with pytest.raises(KeyError, match="Service Type"):
        v.SERVICE_TYPE.from_text("Long Term Support: Spaceship")


def test_label_and_membership():
    assert "direct_payment" in v.DELIVERY_MECHANISM
    assert "nope" not in v.DELIVERY_MECHANISM
    assert v.DELIVERY_MECHANISM.label("") == ""
    assert v.DELIVERY_MECHANISM.label("nope") == "nope"


def test_code_field_rejects_unknown_value_naming_the_list():
    field = CodeField(vocab=v.SERVICE_TYPE)
    field.set_attributes_from_name("service_type")
    field.validate("lts_nursing", None)
    with pytest.raises(ValidationError) as e:
        field.validate("lts_spaceship", None)
    message = e.value.messages[0]
    assert "lts_spaceship" in message and "service type" in message
    assert "lts_nursing" in message  # says what would be accepted


def test_code_field_required_when_not_blank():
    field = CodeField(vocab=v.GENDER, blank=False)
    field.set_attributes_from_name("gender")
    with pytest.raises(ValidationError, match="gender"):
        field.validate("", None)


def test_code_field_does_not_churn_migrations():
    _, path, _, kwargs = CodeField(vocab=v.GENDER).deconstruct()
    assert path == "django.db.models.CharField" and "choices" not in kwargs
