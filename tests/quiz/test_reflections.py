"""Reflections: drafts, submission, completion, who may read, trainers' comments, sharing."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.forum import sharing
from lms.models import ItemProgress, Reflection, ReflectionComment
from lms.services import learning_events

URL = "/courses/sample/items/practice-reflection"
EDIT = f"{URL}/reflection"


@pytest.fixture
def cohort_people(make_user, make_cohort):
    """A trainer, two learners of one cohort, and a trainer of another cohort."""
    trainer = make_user(role="trainer", name="Tina Trainer")
    learner, peer = make_user(name="Lena Learner"), make_user(name="Pete Peer")
    cohort = make_cohort(name="Copenhagen 2026", trainers=[trainer], learners=[learner, peer])
    other_trainer = make_user(role="trainer")
    make_cohort(trainers=[other_trainer], learners=[make_user()])
    return {"trainer": trainer, "learner": learner, "peer": peer, "cohort": cohort,
            "other_trainer": other_trainer}


@pytest.fixture
def submitted(client, auth, login_as, cohort_people):
    """Lena's submitted reflection; the client is logged out afterwards."""
    login_as(user=cohort_people["learner"])
    response = client.post(EDIT, data={"body": "My **LQ** is 1.4.<script>alert(1)</script>"})
    assert response.status_code == 302, response.text
    auth.logout()
    return db.session.scalar(sa.select(Reflection))


@pytest.fixture
def no_discussions(app):
    """This app's discussions do not receive shared reflections (as if they were not there)."""
    learning_events.reflection_shared.disconnect(sharing.share_as_thread, sender=app)
    yield
    learning_events.reflection_shared.connect(sharing.share_as_thread, sender=app)


@pytest.fixture
def share_handler(app, no_discussions):
    """In place of the discussions' receiver, one that records what it was asked to share."""
    calls = []

    def handler(sender, reflection, space):
        calls.append((reflection.id, space.key))
        return "/discussions/posts/42"

    with learning_events.reflection_shared.connected_to(handler, sender=app):
        yield calls


def test_item_page_invites_to_write(client, login_as, cohort_people):
    login_as(user=cohort_people["learner"])
    page = client.get(URL)
    assert "Write your reflection" in page.text and EDIT in page.text


def test_draft_is_saved_private_and_does_not_complete(client, login_as, cohort_people):
    learner = login_as(user=cohort_people["learner"])
    response = client.post(EDIT, data={"body": "First thoughts", "action": "draft"})
    assert response.status_code == 302 and response.headers["Location"] == EDIT
    page = client.get(EDIT)
    assert "First thoughts" in page.text and "Draft" in page.text
    assert "Continue writing" in client.get(URL).text
    reflection = db.session.scalar(sa.select(Reflection))
    assert reflection.submitted_at is None and reflection.user_id == learner.id
    assert db.session.scalar(sa.select(ItemProgress.completed_at)) is None
    client.post(EDIT, data={"body": "Second thoughts", "action": "draft"})
    assert db.session.scalar(sa.select(sa.func.count(Reflection.id))) == 1
    db.session.refresh(reflection)
    assert reflection.body == "Second thoughts"


def test_submitting_completes_the_item_and_renders_sanitized_markdown(client, login_as,
                                                                      cohort_people):
    login_as(user=cohort_people["learner"])
    response = client.post(EDIT, data={"body": "My **LQ** is 1.4.<script>alert(1)</script>"})
    reflection = db.session.scalar(sa.select(Reflection))
    assert response.headers["Location"] == f"/reflections/{reflection.id}"
    page = client.get(f"/reflections/{reflection.id}")
    assert "<strong>LQ</strong>" in page.text and "<script>alert" not in page.text
    progress = db.session.scalar(sa.select(ItemProgress))
    assert progress.completed_by == "reflection" and progress.completed_at is not None
    assert "✓ Submitted" in client.get(URL).text


def test_a_submitted_reflection_cannot_change(client, login_as, submitted, cohort_people):
    login_as(user=cohort_people["learner"])
    assert client.get(EDIT).headers["Location"] == f"/reflections/{submitted.id}"
    response = client.post(EDIT, data={"body": "changed", "action": "draft"})
    assert response.status_code == 302  # back to the submitted reflection, nothing changed
    db.session.refresh(submitted)
    assert submitted.body.startswith("My **LQ**")


def test_empty_reflection_is_a_422(client, login_as, cohort_people):
    login_as(user=cohort_people["learner"])
    response = client.post(EDIT, data={"body": "   "})
    assert response.status_code == 422 and "Write something first." in response.text
    assert db.session.scalar(sa.select(Reflection)) is None


def test_the_cohorts_trainer_reads_and_comments(client, login_as, submitted, cohort_people):
    login_as(user=cohort_people["trainer"])
    page = client.get(f"/reflections/{submitted.id}")
    assert page.status_code == 200 and "Lena Learner" in page.text and "Post comment" in page.text
    response = client.post(f"/reflections/{submitted.id}/comments",
                           data={"body": "Good start; compare with *Denmark*."})
    assert response.status_code == 302
    page = client.get(f"/reflections/{submitted.id}")
    assert "<em>Denmark</em>" in page.text and "Tina Trainer" in page.text


def test_the_learner_reads_comments_but_cannot_comment(client, auth, login_as, submitted,
                                                       cohort_people):
    db.session.add(ReflectionComment(reflection_id=submitted.id,
                                     author_id=cohort_people["trainer"].id, body="Well done"))
    db.session.commit()
    login_as(user=cohort_people["learner"])
    page = client.get(f"/reflections/{submitted.id}")
    assert "Well done" in page.text and "Post comment" not in page.text
    response = client.post(f"/reflections/{submitted.id}/comments", data={"body": "me too"})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(ReflectionComment.id))) == 1


def test_empty_comment_is_a_422(client, login_as, submitted, cohort_people):
    login_as(user=cohort_people["trainer"])
    response = client.post(f"/reflections/{submitted.id}/comments", data={"body": ""})
    assert response.status_code == 422 and "Write a comment first." in response.text


@pytest.mark.parametrize("who", ["peer", "other_trainer"])
def test_others_get_404(client, login_as, submitted, cohort_people, who):
    login_as(user=cohort_people[who])
    assert client.get(f"/reflections/{submitted.id}").status_code == 404
    assert client.post(f"/reflections/{submitted.id}/comments",
                       data={"body": "hi"}).status_code == 404


def test_an_admin_may_read(client, login_as, submitted):
    login_as("admin")
    assert client.get(f"/reflections/{submitted.id}").status_code == 200


def test_a_draft_is_hidden_from_trainers(client, auth, login_as, cohort_people):
    login_as(user=cohort_people["learner"])
    client.post(EDIT, data={"body": "secret draft", "action": "draft"})
    auth.logout()
    reflection = db.session.scalar(sa.select(Reflection))
    login_as(user=cohort_people["trainer"])
    assert client.get(f"/reflections/{reflection.id}").status_code == 404


def test_trainer_lists_the_cohorts_reflections(client, login_as, submitted, cohort_people):
    cohort = cohort_people["cohort"]
    login_as(user=cohort_people["trainer"])
    page = client.get(f"/cohorts/{cohort.id}/reflections/practice-reflection")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "1 of 2 learners have submitted" in text
    assert f"/reflections/{submitted.id}" in text and "Pete Peer" in text


def test_cohort_list_is_for_its_trainers_only(client, auth, login_as, cohort_people):
    url = f"/cohorts/{cohort_people['cohort'].id}/reflections/practice-reflection"
    login_as(user=cohort_people["other_trainer"])
    assert client.get(url).status_code == 404  # the cohort does not exist for them
    auth.logout()
    login_as(user=cohort_people["learner"])
    assert client.get(url).status_code == 404


def test_sharing_is_hidden_and_refused_without_a_discussion_handler(client, login_as, submitted,
                                                                    cohort_people, no_discussions):
    login_as(user=cohort_people["learner"])
    assert "Share with others" not in client.get(f"/reflections/{submitted.id}").text
    response = client.post(f"/reflections/{submitted.id}/share", data={"space": "course"})
    assert response.status_code == 409 and "not available" in response.text
    db.session.refresh(submitted)
    assert submitted.shared_at is None


def test_sharing_into_the_cohort_in_one_step(client, login_as, submitted, cohort_people,
                                             share_handler):
    login_as(user=cohort_people["learner"])
    page = client.get(f"/reflections/{submitted.id}")
    cohort_key = f"cohort:{cohort_people['cohort'].id}"
    assert "Share with others" in page.text and f'value="{cohort_key}"' in page.text
    assert 'value="course"' in page.text
    response = client.post(f"/reflections/{submitted.id}/share", data={"space": cohort_key})
    assert response.status_code == 302
    assert share_handler == [(submitted.id, cohort_key)]
    db.session.refresh(submitted)
    assert submitted.shared_at is not None and submitted.shared_space == cohort_key
    assert "/discussions/posts/42" in client.get(f"/reflections/{submitted.id}").text
    again = client.post(f"/reflections/{submitted.id}/share", data={"space": "course"})
    assert again.status_code == 409 and len(share_handler) == 1


def test_sharing_checks_the_space_and_the_owner(client, auth, login_as, submitted,
                                                cohort_people, share_handler):
    login_as(user=cohort_people["learner"])
    assert client.post(f"/reflections/{submitted.id}/share",
                       data={"space": "cohort:999"}).status_code == 422
    auth.logout()
    login_as(user=cohort_people["trainer"])
    assert client.post(f"/reflections/{submitted.id}/share",
                       data={"space": "course"}).status_code == 404
    assert share_handler == []


def test_outsiders_cannot_write(client, login_as, load_sample_package):
    load_sample_package()
    login_as()
    assert client.get(EDIT).status_code == 403


def test_only_reflection_items_have_a_reflection(client, login_as, cohort_people):
    login_as(user=cohort_people["learner"])
    assert client.get("/courses/sample/items/basics-intro/reflection").status_code == 404
