"""Trainer-only items: shown to the course's cohort trainers and admins, never to learners,
and never counted in anyone's progress, completion, grid or export."""

import csv
import io

import pytest
import sqlalchemy as sa

from lms.content.loader import load_package
from lms.extensions import db
from lms.models import Item
from lms.services import certificates, progress
from tests.fixtures.content import TRAINER_MARKERS, add_trainer_items

NOTES = "/courses/sample/items/basics-case-notes"
PLAN = "/courses/sample/items/facilitation-session-plan"
TITLES = ("Teaching notes: the food cluster", "Session plan: one-day workshop", "Facilitator pack")


@pytest.fixture
def world(make_user, make_cohort, load_trainer_items):
    """A cohort with a trainer and a learner, the sample course with trainer-only items."""
    trainer = make_user("trainer", name="Tina Trainer")
    learner = make_user(name="Lea Learner")
    cohort = make_cohort(name="CECIL Copenhagen", trainers=[trainer], learners=[learner])
    load_trainer_items()
    return cohort, trainer, learner


def _items() -> dict[str, Item]:
    return {i.slug: i for i in db.session.scalars(sa.select(Item))}


def test_package_records_who_sees_each_item(sample_copy):
    package, problems = load_package(add_trainer_items(sample_copy))
    assert problems == []
    visibility = {item.slug: item.visibility for item in package.items}
    assert visibility["basics-case-notes"] == visibility["facilitation-session-plan"] == "trainers"
    assert visibility["basics-intro"] == "learners"  # the default


def test_learner_never_sees_trainer_items(client, login_as, world):
    _, _, learner = world
    login_as(user=learner)
    outline = client.get("/courses/sample").text
    lesson = client.get("/courses/sample/items/basics-intro").text
    for page in (outline, lesson):
        assert "Introduction" in page
        assert not any(title in page for title in TITLES)
        assert "For trainers" not in page
    assert client.get(NOTES).status_code == 404
    assert client.get(PLAN).status_code == 404
    # the case that the notes precede still links straight on from the introduction
    assert 'href="/courses/sample/items/basics-case" rel="next"' in lesson


def test_cohort_trainer_and_admin_see_them_marked(client, auth, login_as, world, make_user):
    _, trainer, _ = world
    for user in (trainer, make_user("admin")):
        login_as(user=user)
        outline = client.get("/courses/sample").text
        assert all(title in outline for title in TITLES) and "For trainers" in outline
        notes = client.get(NOTES)
        assert notes.status_code == 200 and TRAINER_MARKERS[0] in notes.text
        assert "learners do not see this page" in notes.text
        assert "Mark as done" not in notes.text and 'id="discussion"' not in notes.text
        plan = client.get(PLAN)
        assert plan.status_code == 200 and TRAINER_MARKERS[1] in plan.text
        auth.logout()


def test_trainer_of_no_cohort_of_the_course_does_not_see_them(client, login_as, world):
    login_as("trainer")  # a trainer, but of none of this course's cohorts
    assert client.get(NOTES).status_code == 404
    assert client.get("/courses/sample/items/basics-intro").status_code == 200
    assert "Teaching notes" not in client.get("/courses/sample").text


def test_trainer_items_have_no_progress_and_no_thread(client, auth, login_as, world):
    _, trainer, learner = world
    login_as(user=trainer)
    assert client.post(NOTES + "/done").status_code == 409
    assert client.post("/discussions/lessons/sample/basics-case-notes",
                       data={"body": "Debrief tips"}).status_code == 404
    auth.logout()
    login_as(user=learner)
    assert client.post(NOTES + "/done").status_code == 404
    assert client.get("/discussions/lessons/sample/basics-case-notes").status_code == 404


def test_progress_and_completion_count_learner_items_only(client, login_as, world):
    cohort, trainer, learner = world
    items = _items()
    learner_items = [i for i in items.values() if i.visibility == "learners"]
    assert len(learner_items) == 4 and len(items) == 6
    for item in learner_items:
        progress.mark_completed(learner, item, by="done")
    db.session.commit()
    course = cohort.course
    assert certificates.items_left(learner, course) == 0
    login_as(user=learner)
    assert "Your progress</span><span>100%" in client.get("/courses/sample").text
    home = client.get("/learn").text
    assert "4 of 4 done" in home and "Facilitator pack" not in home
    catalogue = client.get("/courses").text
    assert "4 lessons" in catalogue


def test_trainer_grid_and_export_leave_trainer_items_out(client, login_as, world):
    cohort, trainer, learner = world
    progress.mark_completed(learner, _items()["basics-intro"], by="done")
    db.session.commit()
    login_as(user=trainer)
    grid = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert "25%" in grid  # 1 of the 4 learner items
    assert not any(title in grid for title in TITLES)
    export = client.get(f"/trainer/cohorts/{cohort.id}/progress.csv").text
    header = next(csv.reader(io.StringIO(export)))
    assert "Introduction" in " ".join(header)
    assert not any(title in " ".join(header) for title in TITLES)


def test_search_never_returns_trainer_material(client, auth, login_as, world):
    _, trainer, learner = world
    login_as(user=trainer)
    # no thread can be opened under the notes, so nothing about them reaches the course space
    refused = client.post("/discussions/lessons/sample/basics-case-notes",
                          data={"body": f"Answer key {TRAINER_MARKERS[0]}"})
    assert refused.status_code == 404
    # a control: the same trainer's post under a learners' lesson is found
    client.post("/discussions/lessons/sample/basics-intro",
                data={"body": f"Welcome {TRAINER_MARKERS[1]}"})
    auth.logout()
    login_as(user=learner)
    found = client.get(f"/discussions/search?q={TRAINER_MARKERS[1]}").text
    assert "search-hit" in found and f"Welcome <mark>{TRAINER_MARKERS[1]}</mark>" in found
    missing = client.get(f"/discussions/search?q={TRAINER_MARKERS[0]}").text
    assert "No posts match" in missing and "search-hit" not in missing
