"""The API is rate limited per token: one script hitting the limit does not stop another."""

import pytest


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}


def test_fourth_call_in_a_minute_gets_429_as_json(make_user, make_token, api_get):
    first = make_token(make_user(role="trainer"))
    second = make_token(make_user(role="trainer"))
    responses = [api_get("/me", first) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert [r.headers["X-RateLimit-Remaining"] for r in responses[:3]] == ["2", "1", "0"]
    refused = api_get("/me", first)
    assert refused.status_code == 429
    assert refused.json["status"] == 429
    assert "Retry-After" in refused.json["error"]
    assert int(refused.headers["Retry-After"]) > 0
    assert api_get("/me", second).status_code == 200  # its own budget
