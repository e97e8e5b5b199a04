"""The page frame (lms/chrome.py) is rendered once per shape and filled per request: each
person still sees their own name, numbers, token and way back, escaped."""

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Notification, Post
from lms.services import forum


def test_each_reader_sees_their_own_name_escaped(client, make_user, act_as):
    for name in ("Ana <b>Bold</b>", "Jens & Co"):
        act_as(make_user(name=name))
        page = client.get("/privacy").text
        expected = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f'title="Your account">{expected}</a>' in page
        assert "<b>Bold</b>" not in page


def test_the_language_switch_comes_back_to_this_page_escaped(client, login_as):
    login_as()
    page = client.get('/privacy?q="><script>').text
    back = re.search(r'<input type="hidden" name="next" value="([^"]*)">', page).group(1)
    assert back == "/privacy?q=&#34;&gt;&lt;script&gt;"  # escaped in the attribute
    assert client.get("/learn").text.count('name="next" value="/learn"') == 1


def test_the_signed_in_frame_carries_the_sessions_csrf_token(client, login_as):
    login_as()
    page = client.get("/privacy").text
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)">', page).group(1)
    sign_out = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert meta == sign_out and len(meta) > 20
    with client.session_transaction() as session:
        assert session["csrf_token"]  # the token is the session's, not a cached one


def test_the_bell_shows_99_plus_beyond_99(client, world, act_as, make_thread, bulk_posts):
    """Two readers on the same page shape (a bell with a number) see their own numbers."""
    thread = make_thread(world.sofia, forum.course_space(world.course), title="Fees")
    bulk_posts(thread, world.jens, 150)
    posts = db.session.scalars(sa.select(Post.id).where(Post.thread_id == thread.id)
                               .order_by(Post.id)).all()
    for reader, count in ((world.sofia, 3), (world.elena, 150)):
        db.session.execute(sa.insert(Notification), [
            {"user_id": reader.id, "post_id": post_id, "kind": "reply"}
            for post_id in posts[:count]])
    db.session.commit()
    for reader, shown in ((world.sofia, "3"), (world.elena, "99+"), (world.sofia, "3")):
        act_as(reader)
        page = client.get("/privacy").text
        assert re.search(r'<span class="badge">([^<]+)</span>', page).group(1) == shown
