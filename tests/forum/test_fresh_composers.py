"""The empty reply forms under a lesson and on a thread page are rendered once per language
(lms/fresh_forms.py): each reader still gets their own session's CSRF token and the page's
own action, and the form they are shown posts."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Post
from lms.services import forum
from tests.fixtures.auth import AuthActions


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def composer(page: str) -> tuple[str, str]:
    """The action and CSRF token of the lesson's reply form."""
    form = re.search(r'<form method="post" action="([^"]+)" class="form composer-form".*?</form>',
                     page, re.S)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.group(0))
    return form.group(1), token.group(1)


def test_each_reader_posts_with_their_own_token_to_this_lesson(app, world):
    tokens = []
    for reader, lesson in ((world.sofia, "basics-intro"), (world.jens, "basics-intro")):
        with app.test_client() as client:
            client.environ_base["HTTP_REFERER"] = "https://localhost/"
            AuthActions(client).login(reader)
            page = client.get(f"/courses/sample/items/{lesson}").text
            action, token = composer(page)
            assert action == f"/discussions/lessons/sample/{lesson}"
            response = client.post(action, data={"body": f"From {reader.name}",
                                                 "csrf_token": token})
            assert response.status_code == 302, response.text
            tokens.append(token)
    assert tokens[0] != tokens[1]
    bodies = db.session.scalars(sa.select(Post.body).order_by(Post.id)).all()
    assert bodies[-2:] == ["From Sofia Kowalska", "From Jens Madsen"]


def test_the_thread_pages_empty_form_posts_with_its_token(
        app, world, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course), title="Fees")
    with app.test_client() as client:
        client.environ_base["HTTP_REFERER"] = "https://localhost/"
        AuthActions(client).login(world.jens)
        page = client.get(f"/discussions/threads/{thread.id}").text
        assert 'enctype="multipart/form-data"' in page and "up to" in page  # the files hint
        action, token = composer(page)
        assert action == f"/discussions/threads/{thread.id}/reply"
        response = client.post(action, data={"body": "Jens answers.", "csrf_token": token})
        assert response.status_code == 302, response.text
    assert db.session.scalars(sa.select(Post.body).order_by(Post.id.desc())).first() == \
        "Jens answers."
