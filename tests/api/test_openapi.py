"""The served OpenAPI 3.1 description covers every API route, and real responses match it."""

import re

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lms.extensions import db
from lms.services import api_tokens

SPEC_URI = "urn:clusterlearn:openapi"


def _path_of(rule: str) -> str:
    """/api/v1/cohorts/<int:cohort_id> -> /cohorts/{cohort_id}"""
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def _validator(spec: dict, pointer: str) -> Draft202012Validator:
    registry = Registry().with_resource(
        SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{SPEC_URI}#{pointer}"}, registry=registry)


def _check(spec: dict, path: str, status: int, body) -> None:
    escaped = path.replace("~", "~0").replace("/", "~1")
    pointer = f"/paths/{escaped}/get/responses/{status}/content/application~1json/schema"
    errors = list(_validator(spec, pointer).iter_errors(body))
    assert not errors, f"{path} {status}: {[e.message for e in errors]}"


def test_the_description_is_openapi_3_1_and_complete(app, spec):
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"] == [{"url": "http://localhost/api/v1"}]
    Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})
    routes = {_path_of(r.rule) for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")}
    assert routes == set(spec["paths"])
    for path, operations in spec["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        declared = {p["$ref"].rsplit("/", 1)[1] for p in operations["get"].get("parameters", [])}
        assert names <= declared, path


def test_real_responses_match_the_description(secure_world, spec, api_get):
    w = secure_world
    token = api_tokens.create_token(w.admin, "Schema check")[1]
    db.session.commit()
    calls = [
        ("/me", "/me", 200), ("/courses", "/courses", 200),
        ("/courses/{slug}", "/courses/sample", 200),
        ("/courses/{slug}", "/courses/missing", 404),
        ("/cohorts", "/cohorts", 200), ("/cohorts", "/cohorts?limit=1", 200),
        ("/cohorts", "/cohorts?limit=x", 422),
        ("/cohorts/{cohort_id}", f"/cohorts/{w.a.id}", 200),
        ("/cohorts/{cohort_id}", "/cohorts/999999", 404),
        ("/cohorts/{cohort_id}/progress", f"/cohorts/{w.a.id}/progress", 200),
        ("/cohorts/{cohort_id}/quiz-results", f"/cohorts/{w.a.id}/quiz-results", 200),
    ]
    for path, url, status in calls:
        response = api_get(url, token)
        assert response.status_code == status, url
        assert response.json is not None
        _check(spec, path, status, response.json)
    unauthenticated = api_get("/cohorts")
    _check(spec, "/cohorts", 401, unauthenticated.json)
    # The page links really lead somewhere described.
    body = api_get("/cohorts?limit=1", token).json
    assert body["links"]["next"].startswith(spec["servers"][0]["url"] + "/cohorts?")
    assert body["data"][0]["learners"] == 1
