from datetime import date
from openasc.access.roles import Role
from openasc.journey import services as journey
from openasc.journey.eligibility import record_eligibility, kind_of
from openasc.money import services as money
from openasc.journey import rulebook

def test_scratch(users, person):
    sw = users[Role.SOCIAL_WORKER]
    a = journey.record_event(sw, person, "assessment", {"start_date": date.today(), "assessment_type": "long_term_first", "assessment_method": "face_to_face"})
    d = record_eligibility(sw, a, {"impairment_or_illness": True, "outcomes": {"nutrition": ["without_assistance"], "personal_hygiene": ["without_assistance"]}, "wellbeing": {"significant": True, "areas": ["dignity"], "reasons": "Because"}})
    print(d.status, d.version, d.steps)
    try:
        record_eligibility(sw, a, {"impairment_or_illness": True, "outcomes": {"nutrition": "achieved", "personal_hygiene": []}, "wellbeing": {"significant": True, "areas": [], "reasons": ""}}, expected_version=1)
    except Exception as e:
        print("ERR", type(e), getattr(e, "message_dict", e))
    try:
        record_eligibility(sw, a, {"impairment_or_illness": True, "outcomes": {"nutrition": "achieved", "bogus": "achieved"}, "wellbeing": {"significant": True, "areas": ["x"], "reasons": ""}}, expected_version=1)
    except Exception as e:
        print("ERR", type(e), getattr(e, "message_dict", e))
    b = money.record_budget(sw, person, {"eating_drinking": "some", "personal_care": "all"}, "some")
    print(b.indicative_weekly_pence, b.steps)
    inputs = {"setting": "non_residential", "cost_of_care_pence": 30000, "household": "single", "over_pension_credit_age": True,
              "capital": [{"kind": "savings", "value_pence": 1600000, "owners": 1}],
              "income": [{"kind": "state_pension", "weekly_pence": 23000}, {"kind": "attendance_allowance", "weekly_pence": 7300}],
              "dre": [{"what": "Extra heating", "weekly_pence": 500}], "housing": {"rent_pence": 0, "mortgage_pence": 0, "council_tax_pence": 2000}}
    r, v = money.work_out_charge(person, inputs, date.today())
    print(r.weekly_charge_pence, r.council_pays_pence, r.self_funder, r.deferred_payment_eligible)
    for s in r.steps: print(s)
    fa = money.record_financial_assessment(users[Role.SOCIAL_WORKER], person, inputs)
    print(fa)
    inputs2 = dict(inputs, setting="residential", stay="permanent", permanent_stay_started=date(2025,1,1).isoformat(), capital=[{"kind": "main_home", "value_pence": 20000000, "owners": 1}])
    r, v = money.work_out_charge(person, inputs2, date.today())
    print(r.weekly_charge_pence, r.council_pays_pence, r.self_funder, r.deferred_payment_eligible)
    for s in r.steps: print(s)
    try:
        money.work_out_charge(person, dict(inputs, cost_of_care_pence=None), date.today())
    except Exception as e:
        print("ERR", type(e), getattr(e, "message_dict", e))
    try:
        money.record_financial_assessment(users[Role.SOCIAL_WORKER], person, dict(inputs2, permanent_stay_started="2099-01-01"))
    except Exception as e:
        print("ERR", type(e), getattr(e, "message_dict", e))
    print(rulebook.in_force("charging").id, rulebook.in_force("ras").id)
    assert 0
