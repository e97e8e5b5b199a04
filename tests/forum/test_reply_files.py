"""Learners attach files to replies: the same types, limits and checks as case files, and
a file is only ever downloaded by someone who may read its post."""

import io

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attachment, Post, utcnow
from lms.services import forum
from lms.services.attachments import folder

PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture
def config_overrides():
    return {"FORUM_ATTACHMENT_MAX_BYTES": 1024, "FORUM_ATTACHMENTS_PER_CASE": 2}


@pytest.fixture(autouse=True)
def instance_tmp(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")  # keep uploads out of the real instance/


def reply(client, thread, *files, body="Our member survey, attached."):
    return client.post(f"/discussions/threads/{thread.id}/reply",
                       data={"body": body, "attachments": [(io.BytesIO(data), name)
                                                           for name, data in files]},
                       content_type="multipart/form-data")


def download(client, file):
    response = client.get(f"/discussions/attachments/{file.id}")
    data = response.data
    response.close()  # send_file streams from an open file
    return response.status_code, data


@pytest.fixture
def private_thread(world, make_thread):
    return make_thread(world.sofia, forum.cohort_space(world.a), title="Member survey")


def test_a_learner_attaches_files_to_a_reply_and_the_cohort_downloads_them(
        client, world, act_as, private_thread):
    act_as(world.jens)
    assert 'enctype="multipart/form-data"' in client.get(
        f"/discussions/threads/{private_thread.id}").text
    response = reply(client, private_thread, ("survey.pdf", PDF), ("answers.csv", b"a,b\n1,2\n"))
    assert response.status_code == 302
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    files = db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()
    assert [(f.filename, f.post_id, f.thread_id) for f in files] == [
        ("survey.pdf", post.id, private_thread.id), ("answers.csv", post.id, private_thread.id)]
    assert all((folder() / f.stored_name).is_file() for f in files)
    act_as(world.sofia)
    page = client.get(response.headers["Location"]).text
    assert "survey.pdf" in page and "answers.csv" in page
    assert "Questions and files of this case" not in page  # not the case box: the post's own
    assert download(client, files[0]) == (200, PDF)
    act_as(world.elena)  # another cohort
    assert download(client, files[0])[0] == 404


@pytest.mark.parametrize("files, message", [
    ([("run.exe", b"MZ")], "only PDF, PNG, JPG, CSV, XLSX or DOCX files can be attached"),
    ([("fake.pdf", b"<html>")], "is not really a PDF file"),
    ([("big.pdf", PDF + b"x" * 2000)], "is larger than"),
    ([("a.pdf", PDF), ("b.pdf", PDF), ("c.pdf", PDF)], "Attach at most 2 files."),
])
def test_a_bad_file_refuses_the_reply_and_keeps_the_text(client, world, act_as, private_thread,
                                                          files, message):
    act_as(world.jens)
    response = reply(client, private_thread, *files, body="Keep this text")
    assert response.status_code == 422 and message in response.text
    assert "Keep this text" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Post)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0
    assert not folder().exists() or not any(folder().iterdir())


def test_a_hidden_or_deleted_reply_takes_its_files_with_it(client, world, act_as,
                                                           private_thread):
    act_as(world.jens)
    reply(client, private_thread, ("survey.pdf", PDF))
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    file = db.session.scalar(sa.select(Attachment))
    post.hidden_at = utcnow()
    db.session.commit()
    act_as(world.sofia)
    assert download(client, file)[0] == 404
    assert "survey.pdf" not in client.get(f"/discussions/threads/{private_thread.id}").text
    act_as(world.trainer)  # moderators still see hidden posts, and their files
    assert download(client, file)[0] == 200
    post.hidden_at, post.deleted_at = None, utcnow()
    db.session.commit()
    assert download(client, file)[0] == 404


def test_the_thread_page_costs_one_query_for_the_files_of_all_its_posts(
        client, world, act_as, private_thread, count_queries):
    act_as(world.jens)
    counts = []
    for _ in range(2):
        db.session.commit()
        with count_queries() as counter:
            client.get(f"/discussions/threads/{private_thread.id}")
        counts.append(counter.count)
        for _ in range(3):
            reply(client, private_thread, ("survey.pdf", PDF), ("answers.csv", b"a\n1\n"))
    assert counts[0] == counts[1]
