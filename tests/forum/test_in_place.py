"""Liking in place and landing on a reply: the JSON the thread script uses, and the
no-JavaScript paths that return to the post in its full thread."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Post
from lms.services import forum

JSON = {"Accept": "application/json"}


@pytest.fixture
def thread(world, make_thread):
    return make_thread(world.sofia, forum.course_space(world.course), title="Pricing")


def opening(thread):
    return db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))


def test_a_like_from_the_script_answers_json_and_toggles(client, world, login_as, thread):
    post = opening(thread)
    login_as(user=world.jens)
    response = client.post(f"/discussions/posts/{post.id}/like", headers=JSON)
    assert response.status_code == 200 and response.json == {"liked": True, "count": 1}
    response = client.post(f"/discussions/posts/{post.id}/like", headers=JSON)
    assert response.json == {"liked": False, "count": 0}


def test_liking_ones_own_post_from_the_script_is_a_409_with_a_message(client, world, login_as,
                                                                      thread):
    login_as(user=world.sofia)
    response = client.post(f"/discussions/posts/{opening(thread).id}/like", headers=JSON)
    assert response.status_code == 409
    assert response.json == {"error": "You cannot like your own post."}


def test_a_like_of_a_post_one_cannot_read_is_404(client, world, login_as, make_thread):
    private = make_thread(world.sofia, forum.cohort_space(world.a), title="Only us")
    login_as(user=world.elena)
    assert client.post(f"/discussions/posts/{opening(private).id}/like",
                       headers=JSON).status_code == 404


def test_a_like_without_javascript_returns_to_the_post_in_the_whole_thread(
        client, world, login_as, thread):
    forum.reply(world.jens, thread, "Tiered fees here.")
    db.session.commit()
    second = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    login_as(user=world.sofia)
    response = client.post(f"/discussions/posts/{second.id}/like")
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert page.request.path == f"/discussions/threads/{thread.id}"
    assert "flat fee" in page.text and "Tiered fees here." in page.text  # the opening case too
    assert 'aria-pressed="true"' in page.text


def test_after_a_reply_the_thread_opens_at_the_new_post_with_the_opening_post(
        client, world, login_as, thread):
    login_as(user=world.jens)
    response = client.post(f"/discussions/threads/{thread.id}/reply", data={"body": "Mine."})
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    assert response.headers["Location"].endswith(
        f"/discussions/threads/{thread.id}#post-{post.id}")
    page = client.get(response.headers["Location"]).text
    assert "flat fee" in page and f'id="post-{post.id}" data-own' in page


def test_quote_without_javascript_reloads_with_the_quote_above_the_editor(client, world,
                                                                          login_as, thread):
    post = opening(thread)
    login_as(user=world.jens)
    plain = client.get(f"/discussions/threads/{thread.id}").text
    assert '<div class="composer-target" data-composer-target hidden>' in plain
    page = client.get(f"/discussions/threads/{thread.id}?quote={post.id}").text
    assert "Quoting <strong>Sofia Kowalska</strong>" in page
    assert f'name="quote_of" type="hidden" value="{post.id}"' in page
    box = page.split("data-composer-target")[1].split("composer-row")[0]
    assert "flat fee" in box and " hidden" not in box.split(">")[0]
