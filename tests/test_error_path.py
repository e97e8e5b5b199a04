"""The one answer to a refused action (a DomainError a view lets through): its status and
message, as a page with a safe way back or as JSON for scripts."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Post
from lms.services import forum


@pytest.fixture
def own_post(world, make_thread, login_as):
    """Sofia signed in, and her own post, which she may not like (409)."""
    thread = make_thread(world.sofia, forum.course_space(world.course), title="Pricing")
    login_as(user=world.sofia)
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def test_a_refusal_on_a_page_says_why_with_its_status_and_leads_back(client, own_post):
    back = f"/discussions/threads/{own_post.thread_id}?after=x"
    response = client.post(f"/discussions/posts/{own_post.id}/like",
                           headers={"Referer": f"http://localhost{back}"})
    assert response.status_code == 409
    assert "You cannot like your own post." in response.text
    assert f'href="{back}">Go back' in response.text
    assert db.session.scalar(sa.select(Post.like_count).where(Post.id == own_post.id)) == 0


@pytest.mark.parametrize("referrer", ["https://evil.example/phish", "http://localhost.evil/x",
                                      "", "http://localhost//evil.example/x"])
def test_the_way_back_never_leaves_the_site(client, own_post, referrer):
    response = client.post(f"/discussions/posts/{own_post.id}/like",
                           headers={"Referer": referrer} if referrer else {})
    assert response.status_code == 409
    assert 'class="button" href="/">Go back' in response.text


@pytest.mark.parametrize("headers", [{"X-Requested-With": "fetch"},
                                     {"Accept": "application/json"}])
def test_a_script_gets_the_refusal_as_json(client, own_post, headers):
    response = client.post(f"/discussions/posts/{own_post.id}/like", headers=headers)
    assert response.status_code == 409
    assert response.json == {"error": "You cannot like your own post."}
