"""Keyset pagination of threads and spaces, and constant query counts on big data."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import keyset
from lms.extensions import db
from lms.forum import queries
from lms.models import Post, Thread, utcnow
from lms.services import forum


@pytest.fixture
def config_overrides():
    return {"FORUM_POSTS_PER_PAGE": 10, "FORUM_THREADS_PER_PAGE": 5}


def bodies(html: str) -> list[str]:
    return re.findall(r"Bulk reply number (\d+)", html)


def test_thread_pages_walk_forward_and_back(client, world, login_as, make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    bulk_posts(thread, world.jens, 25)
    login_as(user=world.sofia)
    first = client.get(f"/discussions/threads/{thread.id}").text
    assert bodies(first) == [str(i) for i in range(9)]  # the opening post, then 0..8
    after = re.search(r'after=([0-9-]+)"', first).group(1)
    second = client.get(f"/discussions/threads/{thread.id}?after={after}").text
    assert bodies(second) == [str(i) for i in range(9, 19)]
    before = re.search(r'before=([0-9-]+)"', second).group(1)
    back = client.get(f"/discussions/threads/{thread.id}?before={before}").text
    assert bodies(back) == bodies(first)
    after = re.search(r'after=([0-9-]+)" rel="next"', second).group(1)
    third = client.get(f"/discussions/threads/{thread.id}?after={after}").text
    assert bodies(third) == [str(i) for i in range(19, 25)]
    assert 'rel="next"' not in third


def test_permalink_opens_the_pagers_page_that_holds_the_post(client, world, login_as,
                                                             make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    bulk_posts(thread, world.jens, 40)
    post = db.session.scalar(sa.select(Post).where(Post.body == "Bulk reply number 30"))
    login_as(user=world.sofia)
    response = client.get(f"/discussions/posts/{post.id}")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#post-{post.id}")
    page = client.get(response.headers["Location"]).text
    # Pages of ten from the opening post: the fourth holds replies 29..38, as the pager has it.
    assert bodies(page) == [str(i) for i in range(29, 39)] and "Earlier posts" in page
    assert f'id="post-{post.id}"' in page


def test_permalink_to_a_post_on_the_first_page_shows_the_thread_from_its_start(
        client, world, login_as, make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    bulk_posts(thread, world.jens, 5)
    post = db.session.scalar(sa.select(Post).where(Post.body == "Bulk reply number 4"))
    login_as(user=world.sofia)
    response = client.get(f"/discussions/posts/{post.id}")
    assert response.headers["Location"].endswith(
        f"/discussions/threads/{thread.id}#post-{post.id}")


def test_a_reply_to_a_long_thread_lands_on_the_last_page_at_the_reply(
        client, world, login_as, make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    bulk_posts(thread, world.jens, 24)
    for earlier in db.session.scalars(sa.select(Post).where(Post.thread_id == thread.id)):
        earlier.created_at -= timedelta(hours=1)  # the bulk posts are dated seconds ahead
    db.session.commit()
    login_as(user=world.sofia)
    response = client.post(f"/discussions/threads/{thread.id}/reply",
                           data={"body": "The newest word"})
    post = db.session.scalar(sa.select(Post).where(Post.body == "The newest word"))
    assert response.headers["Location"].endswith(f"#post-{post.id}")
    page = client.get(response.headers["Location"]).text
    assert bodies(page) == [str(i) for i in range(19, 24)] and "The newest word" in page
    assert 'rel="next"' not in page


def test_space_lists_threads_by_last_activity_with_keyset_pages(client, world, login_as):
    space = forum.course_space(world.course)
    now = utcnow()
    db.session.execute(sa.insert(Thread), [
        {"space_id": space.id, "author_id": world.sofia.id, "title": f"Topic {i:02d}",
         "kind": "discussion", "post_count": 1, "pinned": False, "locked": False,
         "questions_md": "", "questions_html": "", "created_at": now,
         "last_activity_at": now - timedelta(minutes=i)} for i in range(12)
    ])
    db.session.commit()
    login_as(user=world.sofia)
    seen = []
    url = "/discussions/courses/sample"
    while url:
        page = client.get(url).text
        seen += re.findall(r"Topic (\d\d)", page)
        match = re.search(r'href="([^"]+)" rel="next"', page)
        url = match.group(1).replace("&amp;", "&") if match else None
    assert seen == [f"{i:02d}" for i in range(12)]


def _count(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


@pytest.mark.parametrize("role", ["sofia", "trainer"])
def test_thread_page_runs_a_constant_number_of_queries(client, world, login_as, make_thread,
                                                       bulk_posts, count_queries, role):
    small = make_thread(world.sofia, forum.course_space(world.course), title="Small")
    big = make_thread(world.sofia, forum.course_space(world.course), title="Big")
    bulk_posts(small, world.jens, 50)
    bulk_posts(big, world.jens, 5000)
    login_as(user=getattr(world, role))
    counts = [_count(client, count_queries, f"/discussions/threads/{t.id}") for t in (small, big)]
    # the user, the thread (with the right to see it and the follow), the posts (with likes,
    # reports, cohorts and the look beyond the page), their files; on PostgreSQL also the
    # SET that has the posts statement planned once for any thread (lms.database)
    expected = 5 if db.engine.dialect.name == "postgresql" else 4
    assert counts[0] == counts[1] == expected, counts
    last = db.session.scalars(sa.select(Post).where(Post.thread_id == big.id)
                              .order_by(Post.created_at.desc(), Post.id.desc())).first()
    deep_url = client.get(f"/discussions/posts/{last.id}").headers["Location"]
    assert _count(client, count_queries, deep_url) == counts[1]  # the last page, not slower


def test_every_paging_direction_matches_the_posts_in_order(world, make_thread, app_ctx):
    """The page of posts and its neighbours' cursors, from every kind of cursor, are what the
    ordered list of posts says, ties on the time included (the look beyond the page's edge
    rides in the page's own query)."""
    thread = make_thread(world.sofia, forum.course_space(world.course))
    moment = thread.created_at + timedelta(seconds=1)
    db.session.execute(sa.insert(Post), [
        {"thread_id": thread.id, "author_id": world.jens.id, "body": f"P{i}",
         "body_html": f"<p>P{i}</p>", "like_count": 0,
         "created_at": moment + timedelta(seconds=i // 3)}  # three posts share each second
        for i in range(24)])
    db.session.commit()
    ordered = db.session.execute(sa.select(Post.id, Post.created_at).where(
        Post.thread_id == thread.id).order_by(Post.created_at, Post.id)).all()
    keys = [(created, row_id) for row_id, created in ordered]
    ids = [row_id for _, row_id in keys]
    per_page = 10  # config_overrides

    def expect(page_ids: list[int]) -> tuple[list[int], bool, bool]:
        first, last = ids.index(page_ids[0]), ids.index(page_ids[-1])
        return page_ids, first > 0, last < len(ids) - 1

    def got(**cursor) -> tuple[list[int], bool, bool]:
        page = queries.thread_posts(thread, world.sofia, **cursor)
        return [p.id for p in page.rows], page.prev_cursor is not None, \
            page.next_cursor is not None

    assert got() == expect(ids[:per_page])
    for index, (created, row_id) in enumerate(keys):
        cursor = keyset.encode(created, row_id)
        if index < len(keys) - 1:
            assert got(after=cursor) == expect(ids[index + 1:index + 1 + per_page])
        if index > 0:
            assert got(before=cursor) == expect(ids[max(0, index - per_page):index])
        assert got(start=cursor) == expect(ids[index:index + per_page])
    empty = queries.thread_posts(thread, world.sofia, after=keyset.encode(*keys[-1]))
    assert empty.rows == [] and empty.prev_cursor is None and empty.next_cursor is None
    assert got(before=keyset.LATEST) == expect(ids[-per_page:])


def test_space_page_runs_a_constant_number_of_queries(client, world, login_as, count_queries):
    space = forum.course_space(world.course)
    db.session.commit()
    login_as(user=world.sofia)

    def add(n):
        now = utcnow()
        db.session.execute(sa.insert(Thread), [
            {"space_id": space.id, "author_id": world.jens.id, "title": f"T{i}",
             "kind": "discussion", "post_count": 3, "pinned": i % 50 == 0, "locked": False,
             "questions_md": "", "questions_html": "", "created_at": now,
             "last_activity_at": now - timedelta(seconds=i)} for i in range(n)
        ])
        db.session.commit()

    add(50)
    small = _count(client, count_queries, "/discussions/courses/sample")
    add(5000)
    large = _count(client, count_queries, "/discussions/courses/sample")
    assert small == large and large <= 10, (small, large)
    index = _count(client, count_queries, "/discussions/")
    assert index <= 10


def test_latest_link_opens_the_last_page(client, world, login_as, make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course))
    bulk_posts(thread, world.jens, 25)
    login_as(user=world.sofia)
    first = client.get(f"/discussions/threads/{thread.id}").text
    latest = re.search(r'href="([^"]+)">Latest posts', first).group(1).replace("&amp;", "&")
    last = client.get(latest).text
    assert bodies(last) == [str(i) for i in range(15, 25)]
    assert 'rel="prev"' in last and 'rel="next"' not in last
