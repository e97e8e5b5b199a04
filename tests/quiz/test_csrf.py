"""Every quiz and reflection POST needs the form's CSRF token."""

import pytest

from tests.fixtures.auth import csrf_token_from
from tests.fixtures.quiz import QUIZ_URL, RIGHT, form_data, graded_attempts


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_start_and_submit_need_the_token(client, quiz_learner):
    quiz_learner()
    assert client.post(f"{QUIZ_URL}/attempts").status_code == 400
    token = csrf_token_from(client.get(QUIZ_URL).text)
    attempt_url = client.post(f"{QUIZ_URL}/attempts",
                              data={"csrf_token": token}).headers["Location"]
    assert client.post(f"{attempt_url}/submit", data=RIGHT).status_code == 400
    assert graded_attempts() == []
    token = csrf_token_from(client.get(attempt_url).text)
    data = form_data(client, attempt_url, {**RIGHT, "csrf_token": [token]})
    response = client.post(f"{attempt_url}/submit", data=data)
    assert response.status_code == 303 and len(graded_attempts()) == 1


def test_reflection_needs_the_token(client, quiz_learner):
    quiz_learner()
    url = "/courses/sample/items/practice-reflection/reflection"
    response = client.post(url, data={"body": "text"})
    assert response.status_code == 400 and "Reload the page" in response.text
    token = csrf_token_from(client.get(url).text)
    assert client.post(url, data={"body": "text", "csrf_token": token}).status_code == 302
