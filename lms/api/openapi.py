"""The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.

Written by hand next to the views it describes; tests/api/test_openapi.py checks every route
is described and every real response matches its schema.
"""

from lms.content.kinds import ITEM_KINDS
from lms.urls import public_url

_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties,
            "required": required if required is not None else list(properties),
            "additionalProperties": False}


def _page_of(name: str) -> dict:
    return _object({"data": {"type": "array", "items": _ref(name)}, "links": _ref("Links")})


SCHEMAS = {
    "Error": _object({"error": {"type": "string"}, "status": {"type": "integer"}}),
    "Links": _object({"next": {"type": ["string", "null"], "format": "uri",
                               "description": "The next page; null on the last one."}}),
    "Me": _object({"id": {"type": "integer"}, "name": {"type": "string"},
                   "email": {"type": "string"},
                   "role": {"type": "string", "enum": ["learner", "trainer", "admin"]}}),
    "Course": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                       "title": {"type": "string"}, "summary": {"type": "string"},
                       "language": {"type": "string"}}),
    "Item": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                     "kind": {"type": "string",
                              "enum": list(ITEM_KINDS)},
                     "title": {"type": "string"}, "minutes": {"type": "integer"},
                     "visibility": {"type": "string", "enum": ["learners", "trainers"]}}),
    "Module": _object({"slug": {"type": "string"}, "title": {"type": "string"},
                       "items": {"type": "array", "items": _ref("Item")}}),
    "CourseRef": _object({"id": {"type": "integer"}, "slug": {"type": "string"},
                          "title": {"type": "string"}}),
    "Cohort": _object({"id": {"type": "integer"}, "name": {"type": "string"},
                       "course": _ref("CourseRef"), "starts_on": _NULLABLE_DATE,
                       "ends_on": _NULLABLE_DATE,
                       "learners": {"type": "integer", "description": "Active learners."}}),
    "Learner": _object({"id": {"type": "integer"}, "name": {"type": "string"},
                        "email": {"type": "string"}}),
    "ItemProgress": _object({"slug": {"type": "string"},
                             "first_seen_at": {"type": "string", "format": "date-time"},
                             "completed_at": _NULLABLE_TIME}),
    "LearnerProgress": _object({
        "learner": _ref("Learner"), "joined_at": {"type": "string", "format": "date-time"},
        "completed": {"type": "integer", "description": "Items completed."},
        "total": {"type": "integer", "description": "Items learners study in the course."},
        "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        "items": {"type": "array", "items": _ref("ItemProgress"),
                  "description": "Items seen or completed, in course order."}}),
    "QuizResult": _object({
        "id": {"type": "integer"}, "learner": _ref("Learner"),
        "quiz": _object({"slug": {"type": "string"}, "title": {"type": "string"}}),
        "number": {"type": "integer", "description": "1 for the learner's first attempt."},
        "started_at": {"type": "string", "format": "date-time"},
        "submitted_at": {"type": "string", "format": "date-time"},
        "points": {"type": ["number", "null"]}, "max_points": {"type": ["integer", "null"]},
        "score": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                  "description": "Percent."},
        "passed": {"type": "boolean"}}),
}
SCHEMAS["CourseDetail"] = _object({**SCHEMAS["Course"]["properties"],
                                   "modules": {"type": "array", "items": _ref("Module")}})
for _name in ("Course", "Cohort", "LearnerProgress", "QuizResult"):
    SCHEMAS[f"{_name}Page"] = _page_of(_name)

_ERRORS = {
    "401": "No token, or a token that is not valid or was revoked.",
    "403": "The token's owner is no longer a trainer or administrator.",
    "422": "A query parameter is not valid.",
    "429": "Too many requests with this token; see the Retry-After header.",
}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}


def _get(summary: str, schema: str, *, params=(), not_found: bool = False,
         paged: bool = False) -> dict:
    parameters = [{"$ref": f"#/components/parameters/{p}"} for p in params]
    if paged:
        parameters += [{"$ref": "#/components/parameters/after"},
                       {"$ref": "#/components/parameters/limit"}]
    responses = {"200": {"description": "OK",
                         "content": {"application/json": {"schema": _ref(schema)}}}}
    responses.update({code: _error(text) for code, text in _ERRORS.items()
                      if paged or code != "422"})
    if not_found:
        responses["404"] = _error("Not found, or not visible to the token's owner.")
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses,
                    "operationId": summary.split(":")[0]}}


PATHS = {
    "/openapi.json": {"get": {"summary": "openapi: this description", "operationId": "openapi",
                              "security": [], "responses": {"200": {
                                  "description": "OpenAPI 3.1",
                                  "content": {"application/json": {
                                      "schema": {"type": "object"}}}}}}},
    "/me": _get("me: the token's owner", "Me"),
    "/courses": _get("listCourses: courses the caller may see", "CoursePage", paged=True),
    "/courses/{slug}": _get("getCourse: a course with modules and items", "CourseDetail",
                            params=["slug"], not_found=True),
    "/cohorts": _get("listCohorts: cohorts the caller trains (admins: all)", "CohortPage",
                     paged=True),
    "/cohorts/{cohort_id}": _get("getCohort: one cohort the caller trains", "Cohort",
                                 params=["cohort_id"], not_found=True),
    "/cohorts/{cohort_id}/progress": _get(
        "listProgress: each active learner's progress", "LearnerProgressPage",
        params=["cohort_id"], not_found=True, paged=True),
    "/cohorts/{cohort_id}/quiz-results": _get(
        "listQuizResults: submitted quiz attempts of active learners", "QuizResultPage",
        params=["cohort_id", "quiz"], not_found=True, paged=True),
}

PARAMETERS = {
    "slug": {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}},
    "cohort_id": {"name": "cohort_id", "in": "path", "required": True,
                  "schema": {"type": "integer"}},
    "quiz": {"name": "quiz", "in": "query", "required": False,
             "description": "Only this quiz (its item slug).", "schema": {"type": "string"}},
    "after": {"name": "after", "in": "query", "required": False,
              "description": "Rows after this id: take it from links.next, never compute it.",
              "schema": {"type": "integer", "minimum": 0}},
    "limit": {"name": "limit", "in": "query", "required": False,
              "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}},
}


def openapi_document() -> dict:
    """The whole description, with this site's address as the server."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "ClusterLearn read API", "version": "1.0.0",
                 "description": "Courses, cohorts, learners' progress and quiz results for "
                                "an organisation's own reporting. See docs/api.md."},
        "servers": [{"url": public_url("api.me").removesuffix("/me")}],
        "security": [{"bearerToken": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS, "parameters": PARAMETERS,
            "securitySchemes": {"bearerToken": {
                "type": "http", "scheme": "bearer",
                "description": "A personal access token from Account → API tokens."}},
        },
    }
