"""The tool's keys rotate: the new one signs, the previous one stays published."""

import re

import requests

from tests.lti.platform import DL


def _kids(client) -> list[str]:
    return [key["kid"] for key in client.get("/lti/jwks").get_json()["keys"]]


def test_rotation_keeps_the_previous_key_and_drops_older_ones(app, client):
    first = _kids(client)
    assert len(first) == 1
    runner = app.test_cli_runner()
    assert "New signing key" in runner.invoke(args=["lti", "rotate-keys"]).output
    second = _kids(client)
    assert len(second) == 2 and second[1] == first[0]
    runner.invoke(args=["lti", "rotate-keys"])
    third = _kids(client)
    assert len(third) == 2 and third[1] == second[0] and first[0] not in third


def test_after_a_rotation_the_platform_verifies_responses_signed_with_the_new_key(
        app, client, platform, registered, launch):
    app.test_cli_runner().invoke(args=["lti", "rotate-keys"])
    platform.tool_jwks = client.get("/lti/jwks").get_json()  # the platform refreshes its cache
    picker = launch(platform.deep_linking_claims())
    token = re.search(r'name="token" value="([^"]+)"', picker.text).group(1)
    answer = client.post("/lti/deep-link", data={"token": token, "item": ["1"]})
    signed = re.search(r'name="JWT" value="([^"]+)"', answer.text).group(1)
    assert requests.post(platform.return_url, data={"JWT": signed}, timeout=10).ok
    assert len(platform.deep_links[0][DL + "content_items"]) == 1


def test_the_jwks_holds_public_keys_only(client):
    key = client.get("/lti/jwks").get_json()["keys"][0]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert not {"d", "p", "q", "dp", "dq", "qi"} & key.keys()
