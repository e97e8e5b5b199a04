"""Full-text search: stemming, every word, and nothing the searcher may not read."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, Post, utcnow
from lms.queries.search import search_posts
from lms.services import forum


def test_search_finds_posts_by_stemmed_words(client, world, login_as, make_thread):
    make_thread(world.sofia, forum.course_space(world.course), title="Fees",
                body="Our membership fees depend on company size.")
    make_thread(world.jens, forum.course_space(world.course), title="Other",
                body="Nothing about money here.")
    login_as(user=world.elena)
    page = client.get("/discussions/search?q=fee+companies")
    assert page.status_code == 200
    assert "Fees" in page.text and "<mark>" in page.text and "Other" not in page.text


def test_search_requires_every_word(world, make_thread):
    make_thread(world.sofia, forum.course_space(world.course), body="Location quotient above one")
    assert len(search_posts(world.jens, "quotient").posts) == 1
    assert search_posts(world.jens, "quotient banana").posts == []


def test_search_never_shows_another_cohorts_private_posts(world, make_thread):
    make_thread(world.sofia, forum.cohort_space(world.a), title="Secret",
                body="Our confidential budget figures")
    assert search_posts(world.elena, "confidential").posts == []
    assert search_posts(world.other_trainer, "confidential").posts == []
    assert search_posts(world.outsider, "confidential").posts == []
    assert len(search_posts(world.jens, "confidential").posts) == 1
    assert len(search_posts(world.trainer, "confidential").posts) == 1
    assert len(search_posts(world.admin, "confidential").posts) == 1


def test_search_drops_a_removed_learners_cohort(world, make_thread):
    make_thread(world.sofia, forum.cohort_space(world.a), body="Confidential venue")
    db.session.execute(sa.update(Enrolment).where(Enrolment.user_id == world.jens.id)
                       .values(removed_at=utcnow()))
    db.session.commit()
    assert search_posts(world.jens, "venue").posts == []


def test_hidden_and_deleted_posts_stay_out_of_search(world, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course), body="Hidden remark")
    forum.reply(world.jens, thread, "Deleted remark")
    db.session.commit()
    first, second = db.session.scalars(sa.select(Post).order_by(Post.id)).all()
    first.hidden_at = utcnow()
    forum.delete_post(world.jens, second)
    db.session.commit()
    assert search_posts(world.elena, "remark").posts == []
    assert [p.id for p in search_posts(world.trainer, "remark").posts] == [first.id]


def test_edits_reach_the_index(world, make_thread):
    thread = make_thread(world.sofia, forum.course_space(world.course), body="Original words")
    post = db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))
    forum.edit_post(world.sofia, post, "Replacement text")
    db.session.commit()
    assert search_posts(world.sofia, "original").posts == []
    assert len(search_posts(world.sofia, "replacement").posts) == 1


def test_query_syntax_is_not_interpreted(client, world, login_as, make_thread):
    make_thread(world.sofia, forum.course_space(world.course), body="Cluster NEAR strategy")
    login_as(user=world.sofia)
    for query in ['"', "NEAR(", "cluster*", "a OR b", "-strategy", "body:cluster", "()", "' ;--"]:
        assert client.get("/discussions/search", query_string={"q": query}).status_code == 200


def test_search_is_keyset_paginated(client, world, login_as, make_thread, bulk_posts):
    thread = make_thread(world.sofia, forum.course_space(world.course), body="Start")
    bulk_posts(thread, world.jens, 45, body="Benchmarking note {i}")
    first = search_posts(world.sofia, "benchmarking")
    assert len(first.posts) == 20 and first.has_more
    last = first.posts[-1]
    second = search_posts(world.sofia, "benchmarking", before=(last.created_at, last.id))
    assert {p.id for p in first.posts}.isdisjoint({p.id for p in second.posts})
    login_as(user=world.sofia)
    page = client.get("/discussions/search?q=benchmarking")
    assert "Older posts" in page.text
