"""The discussion forms carry CSRF tokens and work with CSRF protection switched on."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Post
from lms.services import forum
from tests.fixtures.auth import csrf_token_from


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_reply_and_like_through_the_real_forms(client, world, login_as, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course),
                         title="<script>alert('title')</script>")
    login_as(user=world.jens)
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "<script>alert('title')</script>" not in page  # titles are escaped
    assert "&lt;script&gt;" in page
    token = csrf_token_from(page)
    assert client.post(f"/discussions/threads/{thread.id}/reply",
                       data={"body": "No token"}).status_code == 400
    response = client.post(f"/discussions/threads/{thread.id}/reply",
                           data={"body": "With a token", "csrf_token": token})
    assert response.status_code == 302
    first = db.session.scalar(sa.select(Post).order_by(Post.id))
    like_form = re.search(rf'action="/discussions/posts/{first.id}/like"[^>]*>\s*<input '
                          r'type="hidden" name="csrf_token" value="([^"]+)"', page)
    assert like_form, "the like button posts a CSRF token"
    assert client.post(f"/discussions/posts/{first.id}/like",
                       data={"csrf_token": like_form.group(1)}).status_code == 302
    db.session.refresh(first)
    assert first.like_count == 1


def test_lesson_reply_form_carries_a_token(client, world, login_as):
    login_as(user=world.sofia)
    lesson = client.get("/courses/sample/items/basics-intro").text
    form = lesson.split('id="discussion"')[1]
    token = csrf_token_from(form)
    response = client.post("/discussions/lessons/sample/basics-intro",
                           data={"body": "Hello", "csrf_token": token})
    assert response.status_code == 302
