"""Who may author: admins everywhere, a granted author on their course only, nobody else."""

import html

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuthoringEvent, CourseAuthor, PackageVersion
from lms.services import authoring
from tests.authoring.conftest import stored_files, zip_folder
from tests.fixtures.auth import csrf_token_from
from tests.fixtures.content import SAMPLE


@pytest.fixture
def sample_version(app, store, load_sample_package, make_user):
    """The sample course published, and a stored version of it uploaded by an admin."""
    load_sample_package()
    admin = make_user("admin")
    with open_zip(SAMPLE) as stream:
        result = authoring.upload_package(admin, stream, store=store)
    db.session.commit()
    return result.version


def open_zip(folder):
    import io

    return io.BytesIO(zip_folder(folder))


def test_an_admin_grants_and_removes_an_author(client, login_as, load_sample_package, make_user):
    course = load_sample_package()
    author = make_user("trainer", email="ana@example.org")
    login_as("admin")
    page = client.get("/authoring/courses/sample")
    assert "No author besides the administrators." in page.text
    granted = client.post("/authoring/courses/sample/authors", data={"email": "ANA@example.org"})
    assert granted.status_code == 302
    assert db.session.get(CourseAuthor, (course.id, author.id)) is not None
    again = client.post("/authoring/courses/sample/authors", data={"email": "ana@example.org"})
    assert again.status_code == 409
    unknown = client.post("/authoring/courses/sample/authors", data={"email": "who@example.org"})
    assert unknown.status_code == 422 and "No account uses the email" in unknown.text
    assert client.post("/authoring/courses/sample/authors", data={"email": "nope"}) \
        .status_code == 422
    assert client.post(f"/authoring/courses/sample/authors/{author.id}/remove").status_code == 302
    assert db.session.get(CourseAuthor, (course.id, author.id)) is None
    assert client.post(f"/authoring/courses/sample/authors/{author.id}/remove").status_code == 409
    assert client.post("/authoring/courses/nope/authors", data={"email": "ana@example.org"}) \
        .status_code == 404
    actions = db.session.scalars(sa.select(AuthoringEvent.action).order_by(AuthoringEvent.id))
    assert list(actions) == ["grant", "revoke"]


def test_a_granted_author_works_on_their_course_only(client, login_as, sample_version, make_user,
                                                     upload, package_copy, store):
    author = make_user("trainer")
    course_id = db.session.scalar(sa.text("SELECT id FROM course WHERE slug = 'sample'"))
    db.session.add(CourseAuthor(course_id=course_id, user_id=author.id))
    db.session.commit()
    login_as(user=author)
    index = client.get("/authoring/")
    assert index.status_code == 200 and "Sample course" in index.text
    assert client.get("/authoring/courses/sample").status_code == 200
    assert client.get(f"/authoring/versions/{sample_version.id}").status_code == 200
    assert client.get(f"/authoring/versions/{sample_version.id}/download").status_code == 200
    assert client.get("/admin/users").status_code == 403

    # Another course: refused after the check, with nothing kept.
    other = package_copy("other")
    manifest = other / "course.toml"
    manifest.write_text(manifest.read_text().replace('slug = "sample"', 'slug = "other"', 1))
    before = stored_files(store)
    refused = upload(zip_folder(other))
    assert refused.status_code == 403
    assert "only an administrator can add a course" in refused.text
    assert "The zip was refused." in refused.text
    assert stored_files(store) == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PackageVersion)) == 1

    # Their own course: a new version, which they publish.
    edited = package_copy("sample")
    (edited / "glossary.md").write_text("Cluster: a group of firms.\n")
    assert upload(zip_folder(edited)).status_code == 302
    version = db.session.scalar(sa.select(PackageVersion).order_by(PackageVersion.id.desc()))
    assert version.uploaded_by_id == author.id
    assert client.post(f"/authoring/versions/{version.id}/publish").status_code == 302


def test_a_trainer_without_a_grant_reads_how_to_get_one_and_nothing_more(
        client, login_as, sample_version, upload, store):
    login_as("trainer")
    index = client.get("/authoring/")
    assert index.status_code == 200
    assert "An administrator can make you the author of a course" in index.text
    assert client.get("/authoring/courses/sample").status_code == 403
    assert client.get(f"/authoring/versions/{sample_version.id}").status_code == 403
    before = stored_files(store)
    refused = upload(zip_folder(SAMPLE))
    assert refused.status_code == 403
    assert 'You are not an author of the course "sample"' in html.unescape(refused.text)
    assert stored_files(store) == before
    event = db.session.scalars(sa.select(AuthoringEvent).order_by(AuthoringEvent.id.desc())).first()
    assert (event.action, event.course_slug) == ("refuse", "sample")
    assert client.post(f"/authoring/versions/{sample_version.id}/publish").status_code == 403


def test_learners_get_403(client, login_as, upload):
    login_as("learner")
    assert client.get("/authoring/").status_code == 403
    assert upload(zip_folder(SAMPLE)).status_code == 403


def test_a_demoted_author_keeps_the_grant_row_but_loses_the_right(
        client, login_as, sample_version, make_user):
    author = make_user("trainer")
    course_id = db.session.scalar(sa.text("SELECT id FROM course WHERE slug = 'sample'"))
    db.session.add(CourseAuthor(course_id=course_id, user_id=author.id))
    author.role = "learner"
    db.session.commit()
    login_as(user=author)
    assert client.get("/authoring/courses/sample").status_code == 403
    assert client.get(f"/authoring/versions/{sample_version.id}/download").status_code == 403


def test_only_trainers_can_be_made_authors(client, login_as, load_sample_package, make_user):
    load_sample_package()
    make_user("learner", email="lea@example.org", name="Lea Learner")
    login_as("admin")
    response = client.post("/authoring/courses/sample/authors", data={"email": "lea@example.org"})
    assert response.status_code == 422
    assert "Lea Learner is a learner: make them a trainer first" in response.text


def test_a_grant_on_one_course_opens_no_other(client, login_as, sample_version, make_user,
                                              load_sample_package, tmp_path):
    from tests.fixtures.content import import_package, write_course

    import_package(write_course(tmp_path / "big", 2))
    big = db.session.scalar(sa.text("SELECT id FROM course WHERE slug = 'big'"))
    author = make_user("trainer")
    db.session.add(CourseAuthor(course_id=big, user_id=author.id))
    db.session.commit()
    login_as(user=author)
    assert client.get("/authoring/courses/big").status_code == 200
    assert client.get("/authoring/courses/sample").status_code == 403
    assert client.get(f"/authoring/versions/{sample_version.id}").status_code == 403
    assert client.get(f"/authoring/versions/{sample_version.id}/download").status_code == 403
    assert client.post(f"/authoring/versions/{sample_version.id}/rollback").status_code == 403


def test_unknown_versions_and_courses_are_404(client, login_as):
    login_as("admin")
    assert client.get("/authoring/versions/999").status_code == 404
    assert client.get("/authoring/courses/nothing-here").status_code == 404


def test_publishing_needs_the_csrf_token(app, client, login_as, sample_version):
    app.config["WTF_CSRF_ENABLED"] = True
    login_as("admin")
    url = f"/authoring/versions/{sample_version.id}/publish"
    assert client.post(url).status_code == 400
    page = client.get(f"/authoring/versions/{sample_version.id}")
    assert client.post(url, data={"csrf_token": csrf_token_from(page.text)}).status_code == 409
