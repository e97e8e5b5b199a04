"""Practical cases: trainers only, pinned, module link, and safe attachments."""

import io

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attachment, Module, Thread
from lms.services import attachments, forum
from lms.services.attachments import folder

PDF = b"%PDF-1.4\n% a tiny test file\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def config_overrides():
    return {"FORUM_ATTACHMENT_MAX_BYTES": 1024}


@pytest.fixture(autouse=True)
def instance_tmp(app, tmp_path):
    app.instance_path = str(tmp_path / "instance")  # keep uploads out of the real instance/


def case_data(**extra):
    data = {"title": "The fading food cluster", "module": "0",
            "situation": "Members stopped paying fees. What now?",
            "questions": "1. Why?\n2. What would you change first?"}
    data.update(extra)
    return data


def test_trainer_posts_a_pinned_case_with_files(client, world, login_as):
    login_as(user=world.trainer)
    module = db.session.scalar(sa.select(Module).where(Module.slug == "basics"))
    assert client.get("/discussions/courses/sample/new-case").status_code == 200
    response = client.post("/discussions/courses/sample/new-case", data=case_data(
        module=str(module.id),
        attachments=[(io.BytesIO(PDF), "brief.pdf"), (io.BytesIO(b"a,b\n1,2\n"), "data.csv")]),
        content_type="multipart/form-data")
    assert response.status_code == 302
    thread = db.session.scalar(sa.select(Thread))
    assert thread.kind == "case" and thread.pinned and thread.module_id == module.id
    files = db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()
    assert [f.filename for f in files] == ["brief.pdf", "data.csv"]
    assert all(f.stored_name != f.filename and (folder() / f.stored_name).is_file()
               for f in files)
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "Questions to discuss" in page and "What would you change first?" in page
    download = client.get(f"/discussions/attachments/{files[0].id}")
    data = download.data
    download.close()  # send_file streams from an open file
    assert download.status_code == 200 and data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "application/pdf"
    outline = client.get("/courses/sample").text
    assert "Practical cases in discussion" in outline and "The fading food cluster" in outline


def test_learner_cannot_post_a_case(client, world, login_as):
    login_as(user=world.sofia)
    assert client.get("/discussions/courses/sample/new-case").status_code == 403
    assert client.post("/discussions/courses/sample/new-case",
                       data=case_data()).status_code == 403


@pytest.mark.parametrize("name, content, message", [
    ("tool.exe", b"MZ\x90\x00", "only PDF, PNG, JPG, CSV, XLSX or DOCX"),
    ("fake.pdf", b"<html><script>alert(1)</script>", "is not really a PDF"),
    ("fake.png", PDF, "is not really a PNG"),
    ("big.pdf", PDF + b"x" * 2000, "larger than"),
    ("empty.csv", b"", "is empty"),
    ("bin.csv", b"a,b\x00c", "not a text CSV"),
    ("image.svg", b"<svg onload='alert(1)'/>", "only PDF"),
])
def test_unsafe_or_large_files_are_refused(client, world, login_as, name, content, message):
    login_as(user=world.trainer)
    response = client.post("/discussions/courses/sample/new-case",
                           data=case_data(attachments=[(io.BytesIO(content), name)]),
                           content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 0
    assert not folder().exists() or not any(folder().iterdir())


def test_request_over_max_content_length_is_413(app, client, world, login_as):
    login_as(user=world.trainer)
    app.config["MAX_CONTENT_LENGTH"] = 2048
    response = client.post("/discussions/courses/sample/new-case",
                           data=case_data(attachments=[(io.BytesIO(PNG * 200), "a.png")]),
                           content_type="multipart/form-data")
    assert response.status_code == 413


def test_private_case_files_are_404_outside_the_cohort(client, world, act_as):
    act_as(world.trainer)
    client.post(f"/discussions/cohorts/{world.a.id}/new-case",
                data=case_data(attachments=[(io.BytesIO(PNG), "map.png")]),
                content_type="multipart/form-data")
    attachment = db.session.scalar(sa.select(Attachment))
    act_as(world.sofia)
    response = client.get(f"/discussions/attachments/{attachment.id}")
    response.close()
    assert response.status_code == 200
    act_as(world.elena)
    assert client.get(f"/discussions/attachments/{attachment.id}").status_code == 404
    act_as(world.other_trainer)
    assert client.get(f"/discussions/attachments/{attachment.id}").status_code == 404


def test_case_module_must_belong_to_the_course(client, world, login_as):
    login_as(user=world.trainer)
    response = client.post("/discussions/courses/sample/new-case", data=case_data(module="999"))
    assert response.status_code == 422


def test_files_of_a_rolled_back_case_are_removed_and_committed_ones_kept(world):
    trainer, space = world.trainer, forum.course_space(world.course)
    kept = attachments.store_all(
        forum.start_thread(trainer, space, "Kept", "A case that is posted."),
        [attachments.Upload("kept.pdf", io.BytesIO(PDF))])
    db.session.commit()
    dropped = attachments.store_all(
        forum.start_thread(trainer, space, "Dropped", "A case whose request fails."),
        [attachments.Upload("dropped.pdf", io.BytesIO(PDF))])
    dropped_path = attachments.path_of(dropped[0])
    assert dropped_path.is_file()
    db.session.rollback()
    assert not dropped_path.exists()
    assert attachments.path_of(kept[0]).is_file()
