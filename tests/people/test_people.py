"""Person validation, search, duplicates, updates and merges."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError

from openasc.access.models import Allocation, AuditEntry
from openasc.access.roles import Role
from openasc.common.errors import BreakGlassNeeded, NotAllowed, StaleVersion, ValidationError
from openasc.journey import services as journey
from openasc.people import services
from openasc.people.identifiers import nhs_check_digit
from openasc.people.models import Person, PersonMerge, Relationship
from openasc.people.selectors import SearchQuery, possible_duplicates, search
from tests.conftest import make_person


def nhs(base: int) -> str:
    """A valid NHS number from the smallest nine-digit base at or after `base`."""
    while True:
        nine = f"{base:09d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)
        base += 1


REQUEST = {
    "start_date": date.today() - timedelta(days=3),
    "route_of_access": "community",
    "request_reason": "new_needs",
    "contact_source": "self",
}


# Validation ----------------------------------------------------------------------------------


def _errors(**kw) -> dict:
    p = Person(
        council_person_id="V1",
        given_name="Ada",
        family_name="Lovelock",
        date_of_birth=date(1940, 5, 17),
        **kw,
    )
    with pytest.raises(DjangoValidationError) as e:
        p.full_clean()
    return e.value.message_dict


def test_valid_person_passes_and_postcode_normalised(db):
    p = Person(
        council_person_id="V1",
        given_name="Ada",
        family_name="Lovelock",
        date_of_birth=date(1940, 5, 17),
        postcode="ds14ab",
        nhs_number="",
    )
    p.full_clean()
    assert p.postcode == "DS1 4AB" and p.nhs_number is None


def test_death_before_birth_rejected(db):
    assert "date_of_death" in _errors(date_of_death=date(1939, 1, 1))


def test_future_birth_rejected(db):
    e = Person(
        council_person_id="V1",
        given_name="A",
        family_name="B",
        date_of_birth=date.today() + timedelta(days=1),
    )
    with pytest.raises(DjangoValidationError) as err:
        e.full_clean()
    assert "date_of_birth" in err.value.message_dict


def test_invalid_nhs_number_rejected(db):
    bad = nhs(943476591)[:9] + str((int(nhs(943476591)[9]) + 1) % 10)
    assert "check digit" in _errors(nhs_number=bad)["nhs_number"][0]


def test_invalid_postcode_rejected(db):
    assert "postcode" in _errors(postcode="NOT A CODE")


@pytest.mark.parametrize(
    "field, value",
    [
        ("gender", "martian"),
        ("accommodation_status", "castle"),
        ("primary_support_reason", "boredom"),
    ],
)
def test_unknown_vocab_value_rejected(db, field, value):
    msg = _errors(**{field: value})[field][0]
    assert value in msg


def test_database_refuses_death_before_birth(db):
    from django.db import IntegrityError, transaction

    p = make_person()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=p.pk).update(date_of_death=date(1900, 1, 1))


# Search -----------------------------------------------------------------------------------


@pytest.fixture
def smiths(db):
    return {
        "john": make_person(
            given_name="John",
            family_name="Smith",
            date_of_birth=date(1950, 2, 1),
            postcode="DS1 4AB",
            nhs_number=nhs(400000000),
        ),
        "joan": make_person(
            given_name="Joan",
            family_name="Smith",
            date_of_birth=date(1961, 7, 9),
            postcode="DS2 5BD",
        ),
        "other": make_person(
            given_name="Priya",
            family_name="Raman",
            date_of_birth=date(1950, 2, 1),
            postcode="DS1 4AB",
        ),
    }


def names(matches):
    return [f"{m.person.given_name} {m.person.family_name}" for m in matches]


def test_search_tolerates_typos(smiths):
    found = search(SearchQuery(name="Jonh Smyth"))
    # "Jonh" is as close to "Joan" as to "John" by edit distance, so both Smiths are found.
    assert set(names(found)) == {"John Smith", "Joan Smith"}
    assert names(search(SearchQuery(name="Jonh Smyth", date_of_birth=date(1950, 2, 1)))) == [
        "John Smith"
    ]
    assert "Priya Raman" not in names(found)


def test_search_first_letter_typo_found_by_reversed_key(smiths):
    assert "John Smith" in names(search(SearchQuery(name="John Xmith")))


def test_search_keeps_the_best_names_when_many_people_share_worse_ones(db):
    # More people with a worse name than the page holds: the best still come first, in
    # order of score and then name, whatever order the database finds them in.
    for i in range(9):
        make_person(given_name="Jane", family_name="Smith", date_of_birth=date(1960, 1, 1 + i))
    make_person(given_name="John", family_name="Smith", date_of_birth=date(1950, 1, 1))
    make_person(given_name="John", family_name="Smyth", date_of_birth=date(1950, 1, 2))
    found = search(SearchQuery(name="John Smith"), limit=2)
    assert names(found) == ["John Smith", "John Smyth"]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert len(search(SearchQuery(name="John Smith"), limit=5)) == 5


def test_search_filters(smiths):
    by_dob = set(names(search(SearchQuery(date_of_birth=date(1950, 2, 1)))))
    assert by_dob == {"John Smith", "Priya Raman"}
    by_dob_and_name = names(search(SearchQuery(name="Smith", date_of_birth=date(1950, 2, 1))))
    assert by_dob_and_name == ["John Smith"]
    assert set(names(search(SearchQuery(postcode="ds1 4ab")))) == {"John Smith", "Priya Raman"}
    assert names(search(SearchQuery(postcode="DS2 5BD"))) == ["Joan Smith"]
    spaced = smiths["john"].nhs_number[:3] + " " + smiths["john"].nhs_number[3:]
    assert names(search(SearchQuery(nhs_number=spaced))) == ["John Smith"]
    assert search(SearchQuery(nhs_number="123")) == []
    assert search(SearchQuery()) == []


def test_restricted_hidden_unless_named(smiths, users):
    john = smiths["john"]
    john.restricted = True
    john.save()
    named, other = users[Role.SOCIAL_WORKER], users[Role.TEAM_MANAGER]
    john.restricted_to.add(named)
    q = SearchQuery(name="John Smith")
    assert "John Smith" not in names(search(q))
    assert "John Smith" not in names(search(q, visible_to=other))
    assert "John Smith" in names(search(q, visible_to=named))


def test_merged_records_hidden(smiths):
    joan = smiths["joan"]
    Person.objects.filter(pk=joan.pk).update(merged_into=smiths["john"])
    assert "Joan Smith" not in names(search(SearchQuery(name="Smith")))


# Duplicates and registration ---------------------------------------------------------------


def test_possible_duplicates_by_nhs_and_by_name_and_dob(smiths):
    john = smiths["john"]
    assert possible_duplicates(john.nhs_number, "Someone", "Else", None) == [john]
    assert possible_duplicates(None, "Jon", "Smith", date(1950, 2, 1)) == [john]
    assert possible_duplicates(None, "Jon", "Smith", date(1950, 2, 2)) == []
    assert possible_duplicates(None, "Priya", "Smith", date(1961, 7, 9)) == []


def test_register_person_flags_duplicates(users, smiths):
    sw = users[Role.SOCIAL_WORKER]
    data = {"given_name": "Jon", "family_name": "Smith", "date_of_birth": date(1950, 2, 1)}
    with pytest.raises(services.PossibleDuplicates) as e:
        services.register_person(sw, data)
    assert [p.pk for p in e.value.candidates] == [smiths["john"].pk]
    before = Person.objects.count()
    p = services.register_person(sw, data, not_a_duplicate=True)
    assert Person.objects.count() == before + 1
    assert Allocation.objects.filter(person=p, team=sw.team).exists()
    assert AuditEntry.objects.filter(action="create", person_id=p.pk).exists()


def test_register_refuses_duplicate_nhs_number(users, smiths):
    sw = users[Role.SOCIAL_WORKER]
    data = {
        "given_name": "Zed",
        "family_name": "Quill",
        "date_of_birth": date(1970, 1, 1),
        "nhs_number": smiths["john"].nhs_number,
    }
    with pytest.raises(ValidationError) as e:
        services.register_person(sw, data, not_a_duplicate=True)
    assert "nhs_number" in e.value.message_dict


def test_register_refused_for_non_recording_roles(users):
    with pytest.raises(NotAllowed):
        services.register_person(
            users[Role.ANALYST],
            {"given_name": "A", "family_name": "B", "date_of_birth": date(1970, 1, 1)},
        )


# Update ------------------------------------------------------------------------------------


def test_update_person_stale_version_refused(users, person):
    sw = users[Role.SOCIAL_WORKER]
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)
    services.update_person(sw, first, {"postcode": "DS2 5BD"}, first.version)
    with pytest.raises(StaleVersion):
        services.update_person(sw, second, {"postcode": "DS3 6EF"}, second.version)
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.postcode == "DS2 5BD" and fresh.version == 2


def test_update_person_audits_changed_fields(users, person):
    sw = users[Role.SOCIAL_WORKER]
    services.update_person(
        sw, person, {"family_name": "Lovelace", "postcode": "DS1 4AB"}, person.version
    )
    entry = AuditEntry.objects.filter(action="update", person_id=person.pk).last()
    assert entry.detail["changed"] == {"family_name": ["Lovelock", "Lovelace"]}
    assert entry.username == sw.username
    assert Person.objects.get(pk=person.pk).family_key == "L142"


def test_update_person_needs_access(users, other_person):
    with pytest.raises(BreakGlassNeeded):
        services.update_person(
            users[Role.SOCIAL_WORKER], other_person, {"postcode": "DS1 4AB"}, other_person.version
        )
    assert Person.objects.get(pk=other_person.pk).version == 1


# Merge -------------------------------------------------------------------------------------


@pytest.fixture
def pair(users, teams):
    """A survivor and a duplicate, both in the North team; the duplicate has an event, an
    allocation and a carer."""
    sw = users[Role.SOCIAL_WORKER]
    survivor = make_person(given_name="Mary", family_name="Okafor", date_of_birth=date(1945, 3, 3))
    duplicate = make_person(
        given_name="Marie",
        family_name="Okafor",
        date_of_birth=date(1945, 3, 3),
        nhs_number=nhs(500000000),
        ethnicity="white_irish",
    )
    for p in (survivor, duplicate):
        Allocation.objects.create(person=p, team=teams["north"], opened_on=date.today())
    carer = make_person(given_name="Tom", family_name="Okafor", date_of_birth=date(1970, 1, 1))
    event = journey.record_event(sw, duplicate, "request", REQUEST)
    rel = services.add_relationship(sw, from_person=carer, to_person=duplicate, kind="carer")
    return survivor, duplicate, event, rel


def test_merge_moves_everything_and_keeps_the_duplicate(users, pair):
    survivor, duplicate, event, rel = pair
    manager = users[Role.TEAM_MANAGER]
    merge = services.merge_people(manager, survivor, duplicate, "Same person: same GP, address")
    event.refresh_from_db()
    rel.refresh_from_db()
    duplicate.refresh_from_db()
    survivor.refresh_from_db()
    assert event.person_id == survivor.pk
    assert rel.to_person_id == survivor.pk
    assert Allocation.objects.filter(person=duplicate).count() == 0
    assert Allocation.objects.filter(person=survivor).count() == 2
    assert duplicate.merged_into_id == survivor.pk
    assert Person.objects.filter(pk=duplicate.pk).exists()
    # Gaps filled from the duplicate, including its NHS number, which it gives up.
    assert survivor.nhs_number == nhs(500000000) and duplicate.nhs_number is None
    assert survivor.ethnicity == "white_irish" and survivor.given_name == "Mary"
    stored = PersonMerge.objects.get(pk=merge.pk)
    assert stored.duplicate_snapshot["given_name"] == "Marie"
    assert stored.duplicate_snapshot["nhs_number"] == nhs(500000000)
    assert stored.moved["events"] == [event.pk]
    for p in (survivor, duplicate):
        assert AuditEntry.objects.filter(action="merge", person_id=p.pk).count() == 1


def test_only_manager_or_admin_may_merge(users, pair):
    survivor, duplicate, *_ = pair
    for role in (Role.SOCIAL_WORKER, Role.FRONT_DOOR, Role.ANALYST, Role.FINANCE):
        with pytest.raises(NotAllowed):
            services.merge_people(users[role], survivor, duplicate, "same person")
    services.merge_people(users[Role.ADMINISTRATOR], survivor, duplicate, "same person")


def test_cannot_merge_twice_or_without_reason(users, pair):
    survivor, duplicate, *_ = pair
    manager = users[Role.TEAM_MANAGER]
    with pytest.raises(ValidationError):
        services.merge_people(manager, survivor, duplicate, "  ")
    with pytest.raises(ValidationError):
        services.merge_people(manager, survivor, survivor, "same person")
    services.merge_people(manager, survivor, duplicate, "same person")
    duplicate.refresh_from_db()
    with pytest.raises(ValidationError, match="already been merged"):
        services.merge_people(manager, survivor, duplicate, "same person")
    assert PersonMerge.objects.count() == 1
    assert Relationship.objects.filter(to_person=duplicate).count() == 0
