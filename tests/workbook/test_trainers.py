"""Sharing an entry into a discussion, trainers' view of a cohort, comments and notifications."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Enrolment, Notification, Post, Thread, WorkbookEntry, WorkbookShare
from tests.fixtures.workbook import ROWS, TOOL_URL


@pytest.fixture
def config_overrides(tool_plugin):
    return {"TOOL_ENTRY_POINTS": True}


@pytest.fixture
def saved(workshop_cohort, auth, client):
    """The learner saved the growth tool twice; (cohort, trainer, learner, entry)."""
    cohort, trainer, learner = workshop_cohort
    auth.login(learner)
    for rows in (ROWS, ROWS + "<b>Ports</b>,10,20\n"):
        assert client.post(f"{TOOL_URL}/tool", data={"rows": rows},
                           content_type="multipart/form-data").status_code == 303
    entry = db.session.scalars(sa.select(WorkbookEntry)).one()
    return cohort, trainer, learner, entry


def test_sharing_starts_a_cohort_thread_with_a_snapshot(client, saved):
    cohort, _, _, entry = saved
    page = client.get(f"/workbook/entries/{entry.id}").text
    assert f'value="cohort:{cohort.id}"' in page and 'value="course"' in page
    response = client.post(f"/workbook/entries/{entry.id}/share",
                           data={"space": f"cohort:{cohort.id}", "note": "Our region, 2019-2024."})
    assert response.status_code == 303
    thread = db.session.scalars(sa.select(Thread)).one()
    assert response.headers["Location"] == f"/discussions/threads/{thread.id}"
    assert thread.title == "Workbook: Your cluster's growth"
    assert thread.space.cohort_id == cohort.id
    post = db.session.scalars(sa.select(Post)).one()
    assert "Our region, 2019-2024." in post.body_html
    assert "<table>" in post.body_html and "<td>Food</td>" in post.body_html
    assert "<b>" not in post.body_html and "&lt;b&gt;Ports&lt;/b&gt;" in post.body_html
    assert "version 2" in post.body_html and "Total change" in post.body_html
    assert f'href="/workbook/entries/{entry.id}?version=2"' in post.body_html
    (share,) = db.session.scalars(sa.select(WorkbookShare)).all()
    assert (share.version_number, share.thread_id) == (2, thread.id)
    assert "Version 2 shared with the cohort" in client.get(f"/workbook/entries/{entry.id}").text


def test_a_space_not_offered_is_refused(client, saved):
    _, _, _, entry = saved
    assert client.post(f"/workbook/entries/{entry.id}/share",
                       data={"space": "cohort:999999"}).status_code == 422
    assert db.session.scalars(sa.select(Thread)).all() == []


def test_a_peer_reads_only_the_shared_version(client, auth, saved, make_user):
    cohort, _, learner, entry = saved
    peer = make_user(name="Pia Peer")
    outsider = make_user(name="Otto Outsider")
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=peer.id))
    db.session.commit()
    auth.login(peer)
    assert client.get(f"/workbook/entries/{entry.id}").status_code == 404
    auth.login(learner)
    client.post(f"/workbook/entries/{entry.id}/share", data={"space": f"cohort:{cohort.id}"})
    client.post(f"{TOOL_URL}/tool", data={"rows": "Food,1,2\n"},
                content_type="multipart/form-data")  # version 3 stays private
    auth.login(peer)
    page = client.get(f"/workbook/entries/{entry.id}")
    assert page.status_code == 200
    assert "version 2" in page.text and "By Lars Learner" in page.text
    assert "Total change 100.0%" not in page.text  # version 3
    assert "Trainer comments" not in page.text and "Export XLSX" not in page.text
    assert client.get(f"/workbook/entries/{entry.id}?version=3").text.count("version 2")
    assert client.get(f"/workbook/entries/{entry.id}/export.csv").status_code == 200
    assert client.post(f"/workbook/entries/{entry.id}/comments",
                       data={"body": "Hi"}).status_code == 404
    auth.login(outsider)
    assert client.get(f"/workbook/entries/{entry.id}").status_code == 404


def test_each_share_opens_its_own_version_to_its_own_readers(client, auth, saved, make_user,
                                                             make_cohort, workshop):
    cohort, _, learner, entry = saved
    elsewhere = make_user(name="Eli Elsewhere")  # same course, another cohort
    make_cohort(course=workshop, learners=[elsewhere])
    auth.login(learner)
    client.post(f"/workbook/entries/{entry.id}/share", data={"space": f"cohort:{cohort.id}"})
    client.post(f"{TOOL_URL}/tool", data={"rows": "Food,1,2\n"},
                content_type="multipart/form-data")
    client.post(f"/workbook/entries/{entry.id}/share", data={"space": "course"})
    auth.login(elsewhere)
    assert "Total change 100.0% over 1 row" in client.get(f"/workbook/entries/{entry.id}").text
    version_2 = client.get(f"/workbook/entries/{entry.id}?version=2").text
    assert "version 3" in version_2 and "version 2," not in version_2  # not shared with Eli


def test_trainer_sees_who_has_done_each_tool_and_comments(client, auth, saved, make_user):
    cohort, trainer, learner, entry = saved
    other = make_user(name="Nina Notyet")
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=other.id))
    db.session.commit()
    auth.login(trainer)
    page = client.get(f"/workbook/cohorts/{cohort.id}").text
    assert "Your cluster&#39;s growth" in page and "Your members&#39; growth" in page
    assert "✓ 2 versions" in page and "Not yet" in page and "1 of 2" in page
    assert f'href="/workbook/entries/{entry.id}"' in page
    assert f'href="/workbook/cohorts/{cohort.id}"' in client.get(TOOL_URL).text
    entry_page = client.get(f"/workbook/entries/{entry.id}").text
    assert "By Lars Learner" in entry_page and "Post comment" in entry_page
    assert "Share with others" not in entry_page
    response = client.post(f"/workbook/entries/{entry.id}/comments",
                           data={"body": "Check Logistics: is 2019 a special year?",
                                 "version": "2"})
    assert response.status_code == 303
    assert "Check Logistics" in client.get(f"/workbook/entries/{entry.id}").text
    assert client.post(f"/workbook/entries/{entry.id}/comments",
                       data={"body": ""}).status_code == 422
    assert client.post(f"/workbook/entries/{entry.id}/comments",
                       data={"body": "x", "version": "7"}).status_code == 404

    auth.login(learner)
    notification = db.session.scalars(sa.select(Notification)).one()
    assert notification.user_id == learner.id and notification.kind == "comment"
    listing = client.get("/discussions/notifications").text
    assert "Tove Trainer" in listing and "commented on your workbook entry" in listing
    opened = client.get(f"/discussions/notifications/{notification.id}")
    assert opened.status_code == 302
    assert opened.headers["Location"] == f"/workbook/entries/{entry.id}#comments"
    page = client.get(opened.headers["Location"]).text
    assert "Check Logistics: is 2019 a special year?" in page and "on version 2" in page


def test_another_cohorts_trainer_cannot_open_or_comment(client, auth, saved, make_user,
                                                         make_cohort, workshop):
    _, _, _, entry = saved
    stranger = make_user(role="trainer")
    make_cohort(course=workshop, trainers=[stranger])
    auth.login(stranger)
    assert client.get(f"/workbook/entries/{entry.id}").status_code == 404
    assert client.post(f"/workbook/entries/{entry.id}/comments",
                       data={"body": "Hello"}).status_code == 404
    assert client.get(f"/workbook/cohorts/{entry.id}").status_code in (403, 404)


def test_a_tool_item_counts_in_the_trainer_grid(client, auth, saved):
    cohort, trainer, _, _ = saved
    auth.login(trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert "Tool" in page and f'href="/workbook/cohorts/{cohort.id}"' in page
