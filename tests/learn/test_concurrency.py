"""Concurrent progress writes keep one row per learner and item and lose nothing."""

import threading

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, ItemProgress
from tests.fixtures.factories import PASSWORD


@pytest.fixture
def config_overrides(file_database):
    return file_database


def _in_threads(app, count: int, action) -> list[int]:
    """Run action(client) in count threads at once, each with its own signed-in client."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def run(client):
        barrier.wait()
        status = action(client)
        with lock:
            statuses.append(status)

    clients = []
    for _ in range(count):
        client = app.test_client()
        clients.append(client)
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def test_twenty_concurrent_done_marks_keep_one_row(app, make_user, make_cohort):
    learner = make_user()
    make_cohort(learners=[learner])
    email = learner.email
    db.session.remove()  # the threads use their own sessions

    def mark(client):
        client.post("/account/login", data={"email": email, "password": PASSWORD})
        return client.post("/courses/sample/items/basics-intro/done").status_code

    statuses = _in_threads(app, 20, mark)
    assert statuses == [302] * 20
    rows = db.session.scalars(sa.select(ItemProgress)).all()
    assert len(rows) == 1 and rows[0].completed_at is not None


def test_concurrent_updates_of_different_items_lose_nothing(app, make_user, make_cohort):
    learner = make_user()
    make_cohort(learners=[learner])
    slugs = ["basics-intro", "basics-case"] * 10
    email = learner.email
    db.session.remove()
    index = iter(range(20))
    lock = threading.Lock()

    def view_and_mark(client):
        with lock:
            slug = slugs[next(index)]
        client.post("/account/login", data={"email": email, "password": PASSWORD})
        client.get(f"/courses/sample/items/{slug}")
        return client.post(f"/courses/sample/items/{slug}/done").status_code

    statuses = _in_threads(app, 20, view_and_mark)
    assert all(s in (302, 403) for s in statuses)  # the case is locked until the intro is done
    rows = db.session.execute(sa.select(Item.slug, ItemProgress.completed_at)
                              .join(Item, Item.id == ItemProgress.item_id)).all()
    by_slug = {slug: done for slug, done in rows}
    assert by_slug["basics-intro"] is not None
    assert len(rows) == len(by_slug)  # one row per item, never two
    assert (by_slug.get("basics-case") is not None) == (statuses.count(302) > 10)
