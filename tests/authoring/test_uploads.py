"""Hostile and oversized uploads through the app: a clear 413/422, the log, nothing written."""

import io
import stat
import zipfile

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuthoringEvent, Course, PackageVersion
from tests.authoring.conftest import stored_files, zip_folder
from tests.fixtures.content import SAMPLE


def sample_plus(*extra) -> bytes:
    """The sample package zipped, plus extra (ZipInfo or name, bytes) entries."""
    buffer = io.BytesIO(zip_folder(SAMPLE))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


HOSTILE = {
    "traversal": ([("sample/../../../outside.md", b"owned")], "would leave the package"),
    "absolute": ([("/tmp/outside.md", b"owned")], "absolute paths are not allowed"),
    "symlink": ([(symlink("sample/assets/passwd.csv"), b"/etc/passwd")], "symbolic links"),
    "bomb": ([("sample/assets/zeros.csv", b"\0" * (6 * 1024 * 1024))], "zip bomb"),
    "huge": ([("sample/assets/huge.pdf", b"\0" * (13 * 1024 * 1024))], "a file may be at most"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_zips_are_refused_with_nothing_written(kind, login_as, upload, store, tmp_path):
    login_as("admin")
    extra, message = HOSTILE[kind]
    response = upload(sample_plus(*extra))
    assert response.status_code == 422
    assert "The zip was refused." in response.text and message in response.text
    assert stored_files(store) == []
    assert not list(tmp_path.rglob("outside.md"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PackageVersion)) == 0
    assert db.session.scalar(sa.select(Course)) is None
    event = db.session.scalar(sa.select(AuthoringEvent))
    assert event.action == "refuse" and message in event.detail


def test_too_many_files_are_refused(login_as, upload, store):
    login_as("admin")
    response = upload(sample_plus(*[(f"sample/assets/f{n}.txt", b"x") for n in range(2001)]))
    assert response.status_code == 422 and "the limit is 2000" in response.text
    assert stored_files(store) == []


def test_something_that_is_not_a_zip_gets_a_clear_message(login_as, upload, store):
    login_as("admin")
    response = upload(b"%PDF-1.7 a course outline", "outline.pdf")
    assert response.status_code == 422
    assert "This file is not a zip archive" in response.text


def test_a_zip_over_the_upload_limit_is_413(app, login_as, upload, store):
    app.config["AUTHORING_UPLOAD_MAX_BYTES"] = 1000
    login_as("admin")
    response = upload(zip_folder(SAMPLE))
    assert response.status_code == 413
    assert "The zip was refused." in response.text and "a package may be at most" in response.text
    assert stored_files(store) == []
    assert db.session.scalar(sa.select(AuthoringEvent.action)) == "refuse"


def test_the_form_without_a_file_says_what_to_do(client, login_as):
    login_as("admin")
    response = client.post("/authoring/upload", data={})
    assert response.status_code == 422
    assert "Choose the zip of your course package." in response.text
