"""The OpenAPI document and the vocabulary endpoints."""

import copy

import pytest
import schemathesis

from openasc.vocab.lists import ALL_LISTS, GENDER


def test_openapi_document_is_valid(anonymous, db):
    r = anonymous.get("/openapi.json")
    assert r.status_code == 200
    doc = r.json()
    # schemathesis checks a document against the official OpenAPI meta-schema.
    schemathesis.openapi.from_dict(doc).validate()
    broken = copy.deepcopy(doc)
    broken["paths"]["/api/v1/vocab"]["get"]["responses"] = "none"
    with pytest.raises(Exception, match="none"):
        schemathesis.openapi.from_dict(broken).validate()
    assert doc["info"]["title"] == "openasc API" and doc["info"]["version"] == "1"
    assert "Bearer" in doc["info"]["description"]
    assert doc["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_every_operation_declares_the_error_responses(anonymous, db):
    doc = anonymous.get("/openapi.json").json()
    operations = [op for path in doc["paths"].values() for op in path.values()]
    assert len(operations) == 14
    for op in operations:
        for status in ("400", "401", "403", "404", "409", "422"):
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/ErrorOut", (op["operationId"], status)


def test_vocab_fields_are_enums_in_the_document(anonymous, db):
    doc = anonymous.get("/openapi.json").json()
    gender = doc["components"]["schemas"]["PersonIn"]["properties"]["gender"]
    assert gender["anyOf"][0]["enum"] == GENDER.codes


def test_vocab_lists(anonymous, db):
    r = anonymous.get("/vocab")
    assert len(r.json()) == len(ALL_LISTS)
    slugs = {v["slug"] for v in r.json()}
    assert {"gender", "yes_no_unknown", "event_outcome"} <= slugs
    r = anonymous.get("/vocab/ethnicity")
    roma = next(t for t in r.json()["terms"] if t["code"] == "white_roma")
    assert roma["r1"] is None and roma["r2"] == "White: Roma"


def test_unknown_vocab_is_404_naming_the_lists(anonymous, db):
    r = anonymous.get("/vocab/colours")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and "gender" in r.json()["detail"]


def test_docs_page_is_off(anonymous, db):
    # Swagger UI needs inline styles the site's CSP forbids; the JSON document is the docs.
    r = anonymous.get("/docs")
    assert r.status_code == 404 and r["Content-Type"] == "application/json"


def test_unknown_api_address_answers_json(anonymous, db):
    r = anonymous.get("/no/such/thing")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found" and "openapi.json" in r.json()["detail"]
