"""The editor's Markdown preview: signed-in users only, CSRF, size limit, sanitized output."""

import re

import pytest

from lms.main.routes import MAX_PREVIEW_CHARS

URL = "/markdown/preview"
JSON = {"Accept": "application/json"}


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True,
            "MARKDOWN_PREVIEW_RATE_LIMIT": "5 per minute"}


@pytest.fixture
def token(client, login_as):
    """Sign a learner in and return the CSRF token the editor reads from the page."""
    login_as("learner")
    page = client.get("/learn").text
    match = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert match, "signed-in pages carry the CSRF token for the editor"
    assert '<meta name="markdown-preview-url" content="/markdown/preview">' in page
    return match.group(1)


def _preview(client, token, text, **extra):
    return client.post(URL, json={"text": text}, headers={**JSON, "X-CSRFToken": token},
                       **extra)


def test_preview_renders_markdown(client, token):
    response = _preview(client, token, "Some **bold** and a [link](https://example.org).")
    assert response.status_code == 200
    html = response.json["html"]
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html


def test_preview_is_sanitized(client, token):
    html = _preview(client, token, '<script>alert(1)</script><img src=x onerror="alert(2)">'
                    "\n\n[click](javascript:alert(3))").json["html"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_preview_needs_a_signed_in_user(client):
    page = client.get("/account/login").text
    assert 'name="markdown-preview-url"' not in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = _preview(client, token, "Hello")
    assert response.status_code == 401
    assert response.json["error"] == "Sign in to preview."


def test_preview_needs_the_csrf_token(client, token):
    response = client.post(URL, json={"text": "Hello"}, headers=JSON)
    assert response.status_code == 400
    assert "expired" in response.json["error"]


def test_preview_refuses_text_that_is_too_long(client, token):
    assert _preview(client, token, "a" * MAX_PREVIEW_CHARS).status_code == 200
    response = _preview(client, token, "a" * (MAX_PREVIEW_CHARS + 1))
    assert response.status_code == 413
    assert "20,000 characters" in response.json["error"]


@pytest.mark.parametrize("body", [None, [], {"text": 3}, {"txt": "Hello"}])
def test_preview_answers_bad_input_with_400(client, token, body):
    response = client.post(URL, json=body, headers={**JSON, "X-CSRFToken": token})
    assert response.status_code == 400
    assert response.json["status"] == 400


def test_preview_is_rate_limited(client, token):
    statuses = [_preview(client, token, "Hi").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_markdown_fields_are_marked_for_the_editor(app):
    from lms.cohorts.forms import SessionForm
    from lms.forum.forms import CaseForm, PostForm, ThreadForm
    from lms.quiz.forms import CommentForm, ReflectionForm

    with app.test_request_context():
        fields = [PostForm().body, ThreadForm().body, CaseForm().situation, CaseForm().questions,
                  ReflectionForm().body, CommentForm().body, SessionForm().agenda]
        for field in fields:
            assert "data-markdown" in field(), field.name
