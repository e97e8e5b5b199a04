"""Learners attach files to reflections: the same limits and checks as case files; the
files are read as the reflection is, can be taken off a draft, and go along when shared."""

import io

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attachment, Post, Reflection, Thread
from lms.services.attachments import folder

ITEM = "/courses/sample/items/practice-reflection"
PDF = b"%PDF-1.4\n% my cluster map\n"


@pytest.fixture
def config_overrides():
    return {"FORUM_ATTACHMENT_MAX_BYTES": 1024, "FORUM_ATTACHMENTS_PER_CASE": 2}


@pytest.fixture(autouse=True)
def instance_tmp(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")  # keep uploads out of the real instance/


def save(client, *files, body="Our map of members.", action="draft"):
    data = {"body": body, "attachments": [(io.BytesIO(d), n) for n, d in files]}
    if action:
        data["action"] = action
    return client.post(f"{ITEM}/reflection", data=data, content_type="multipart/form-data")


def download(client, file):
    response = client.get(f"/discussions/attachments/{file.id}")
    data = response.data
    response.close()
    return response.status_code, data


def files():
    return db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()


def test_a_draft_keeps_its_files_which_can_be_taken_off(client, world, login_as):
    login_as(user=world.sofia)
    assert 'enctype="multipart/form-data"' in client.get(f"{ITEM}/reflection").text
    assert save(client, ("map.pdf", PDF)).status_code == 302
    (file,) = files()
    reflection = db.session.scalar(sa.select(Reflection))
    assert (file.reflection_id, file.thread_id, file.post_id) == (reflection.id, None, None)
    page = client.get(f"{ITEM}/reflection").text
    assert "map.pdf" in page and "Remove" in page
    assert download(client, file) == (200, PDF)
    stored = folder() / file.stored_name
    response = client.post(f"/discussions/attachments/{file.id}/remove")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"{ITEM}/reflection")
    assert files() == [] and not stored.exists()


def test_submitted_files_are_read_by_the_learners_trainers_only(client, world, act_as):
    act_as(world.sofia)
    save(client, ("map.pdf", PDF), action=None)
    (file,) = files()
    reflection = db.session.scalar(sa.select(Reflection))
    assert reflection.submitted_at is not None
    assert "map.pdf" in client.get(f"/reflections/{reflection.id}").text
    assert client.post(f"/discussions/attachments/{file.id}/remove").status_code == 409
    act_as(world.trainer)
    assert "map.pdf" in client.get(f"/reflections/{reflection.id}").text
    assert download(client, file) == (200, PDF)
    for other in (world.jens, world.other_trainer, world.elena):
        act_as(other)
        assert download(client, file)[0] == 404


def test_too_many_files_across_saves_are_refused_with_the_text_kept(client, world, login_as):
    login_as(user=world.sofia)
    save(client, ("a.pdf", PDF), ("b.pdf", PDF))
    response = save(client, ("c.pdf", PDF), body="A longer text I keep")
    assert response.status_code == 422 and "Attach at most 2 files." in response.text
    assert "A longer text I keep" in response.text
    assert len(files()) == 2


def test_a_bad_file_leaves_the_reflection_unsubmitted(client, world, login_as):
    login_as(user=world.sofia)
    response = save(client, ("map.pdf", b"<svg onload=alert(1)>"), action=None)
    assert response.status_code == 422 and "is not really a PDF file" in response.text
    assert db.session.scalar(sa.select(Reflection)) is None and files() == []


def test_shared_reflection_files_become_the_threads_files(client, world, act_as):
    act_as(world.sofia)
    save(client, ("map.pdf", PDF), action=None)
    reflection = db.session.scalar(sa.select(Reflection))
    client.post(f"/reflections/{reflection.id}/share", data={"space": f"cohort:{world.a.id}"})
    thread = db.session.scalar(sa.select(Thread))
    first = db.session.scalar(sa.select(Post).where(Post.thread_id == thread.id))
    (file,) = files()
    assert (file.thread_id, file.post_id, file.reflection_id) == (thread.id, first.id,
                                                                  reflection.id)
    act_as(world.jens)  # a peer of the cohort now reads it in the discussion
    assert "map.pdf" in client.get(f"/discussions/threads/{thread.id}").text
    assert download(client, file) == (200, PDF)
    act_as(world.elena)
    assert download(client, file)[0] == 404
