"""Finding 4 of issue 15: ids beyond 32 bits and NUL in a path segment are 404 on every route,
by construction (lms/routing.py), never a database error."""

import pytest
from werkzeug.routing import IntegerConverter

from lms.routing import MAX_ID

HUGE = (MAX_ID + 1, 2**63, 10**30)


def _urls(app, bad_int=None, bad_text=None):
    """(rule, url) for every route with a path argument, that argument made bad."""
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            values = {}
            for other, conv in rule._converters.items():
                values[other] = 1 if isinstance(conv, IntegerConverter) else "sample"
            if isinstance(converter, IntegerConverter):
                if bad_int is None:
                    continue
                values[name] = bad_int
            else:
                if bad_text is None:
                    continue
                values[name] = bad_text
            yield rule, _build(rule, values)


def _build(rule, values) -> str:
    """The rule's path with raw values put in (url_for would refuse the bad ones)."""
    path = rule.rule
    for part in path.split("<")[1:]:
        inside = part.split(">", 1)[0]
        key = inside.split(":")[-1]
        path = path.replace(f"<{inside}>", str(values[key]).replace("\x00", "%00"))
    return path


@pytest.fixture(params=["anonymous", "admin"])
def visitor(request, client, login_as):
    if request.param == "admin":
        login_as("admin")
    return client


def _check(app, client, urls):
    failures, count = [], 0
    for rule, url in urls:
        for method in sorted(rule.methods & {"GET", "POST"}):
            count += 1
            response = client.open(url, method=method)
            if response.status_code != 404:
                failures.append(f"{method} {url} ({rule.endpoint}): {response.status_code}")
    assert count > 0
    return failures


@pytest.mark.parametrize("value", HUGE)
def test_ids_too_large_for_the_database_are_404_on_every_route(app, visitor, value):
    failures = _check(app, visitor, _urls(app, bad_int=value))
    assert not failures, "\n".join(failures)


def test_nul_in_a_path_segment_is_404_on_every_route(app, visitor):
    failures = _check(app, visitor, _urls(app, bad_text="clu\x00ster"))
    assert not failures, "\n".join(failures)


def test_the_largest_id_still_routes(app, login_as, client):
    login_as("admin")
    response = client.get(f"/discussions/threads/{MAX_ID}")
    assert response.status_code == 404  # routed to the view, which finds no such thread
    assert client.get("/courses/clu%00ster").status_code == 404
    assert client.get("/join/a%00b").status_code == 404


def test_ids_too_large_in_forms_and_query_strings_are_refused(client, world, act_as,
                                                             make_thread):
    from lms.services import forum

    thread = make_thread(world.sofia, forum.cohort_space(world.a), title="Venue")
    act_as(world.sofia)
    for field in ("reply_to", "quote_of"):
        response = client.post(f"/discussions/threads/{thread.id}/reply",
                               data={"body": "Hi", field: str(MAX_ID + 1)})
        assert response.status_code == 422, field
    assert client.get(f"/discussions/notifications?before={MAX_ID + 1}").status_code == 200
