"""The authoring workflow through the app: upload, check, preview, publish, roll back, download."""

import io
import zipfile

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuthoringEvent, Course, Item, ItemProgress, PackageVersion
from tests.authoring.conftest import stored_files, zip_folder
from tests.fixtures.content import SAMPLE


def actions(slug: str = "sample") -> list[str]:
    return list(db.session.scalars(sa.select(AuthoringEvent.action)
                                   .where(AuthoringEvent.course_slug == slug)
                                   .order_by(AuthoringEvent.id)))


def test_a_package_with_a_problem_is_reported_with_file_and_line_and_nothing_is_kept(
        login_as, upload, package_copy, store):
    login_as("admin")
    folder = package_copy()
    manifest = folder / "course.toml"
    manifest.write_text(manifest.read_text().replace('"01-basics/case.md"', '"01-basics/kase.md"'))
    line = next(n for n, text in enumerate(manifest.read_text().splitlines(), 1)
                if "kase.md" in text)
    response = upload(zip_folder(folder))
    assert response.status_code == 422
    assert f"course.toml:{line}:" in response.text
    assert "The check found 1 problem" in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PackageVersion)) == 0
    assert stored_files(store) == []
    assert actions() == ["refuse"]


def test_the_whole_journey_keeps_learners_work(login_as, upload, package_copy, store, client,
                                               make_user):
    admin = login_as("admin")
    first = upload(zip_folder(SAMPLE))
    assert first.status_code == 302
    v1 = db.session.scalar(sa.select(PackageVersion))
    assert first.headers["Location"] == f"/authoring/versions/{v1.id}"
    preview = client.get(f"/authoring/versions/{v1.id}")
    assert preview.status_code == 200
    assert "Everything is new" in preview.text and "Publish this version" in preview.text
    assert db.session.scalar(sa.select(Course)) is None, "nothing is published by an upload"

    quiz = client.get(f"/authoring/versions/{v1.id}/items/practice-quiz")
    assert quiz.status_code == 200
    assert "Right: the LQ is a ratio of shares." in quiz.text  # choice feedback shown

    assert client.post(f"/authoring/versions/{v1.id}/publish").status_code == 302
    course = db.session.scalar(sa.select(Course))
    assert course.content_hash == v1.content_hash
    assert course.source_path == str(store / v1.folder)
    learner = make_user()
    intro = db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))
    db.session.add(ItemProgress(user_id=learner.id, item_id=intro.id))
    db.session.commit()

    # Version 2: one lesson rewritten, one item dropped.
    folder = package_copy()
    lesson = folder / "01-basics" / "intro.md"
    lesson.write_text(lesson.read_text() + "\nA brand-new closing paragraph.\n")
    manifest = folder / "course.toml"
    text = manifest.read_text()
    start = text.index("  [[modules.items]]\n  slug = \"practice-reflection\"")
    manifest.write_text(text[:start] + text[start:].split("\n\n", 1)[1]
                        if "\n\n" in text[start:] else text[:start])
    assert upload(zip_folder(folder)).status_code == 302
    v2 = db.session.scalars(sa.select(PackageVersion).order_by(PackageVersion.id.desc())).first()
    diff = client.get(f"/authoring/versions/{v2.id}").text
    assert "Changes from the published version" in diff
    assert "+A brand-new closing paragraph." in diff
    assert "Archived items (1)" in diff and "practice-reflection" in diff

    assert client.post(f"/authoring/versions/{v2.id}/publish").status_code == 302
    db.session.expire_all()
    reflection = db.session.scalar(sa.select(Item).where(Item.slug == "practice-reflection"))
    assert reflection.archived_at is not None
    assert "brand-new closing" in intro.body_html

    page = client.get("/authoring/courses/sample")
    assert "Roll back to this" in page.text
    assert client.post(f"/authoring/versions/{v1.id}/rollback").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(Course)).content_hash == v1.content_hash
    assert reflection.archived_at is None, "a rollback restores what the version had"
    assert "brand-new closing" not in intro.body_html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemProgress)) == 1
    assert actions() == ["upload", "publish", "upload", "publish", "rollback"]
    event = db.session.scalars(sa.select(AuthoringEvent).order_by(AuthoringEvent.id.desc())).first()
    assert (event.actor_id, event.content_hash) == (admin.id, v1.content_hash)
    log = client.get("/authoring/courses/sample").text
    assert "rolled back" in log and v1.content_hash[:10] in log


def test_a_downloaded_version_uploads_again_as_the_same_version(login_as, upload, client):
    login_as("admin")
    upload(zip_folder(SAMPLE))
    version = db.session.scalar(sa.select(PackageVersion))
    response = client.get(f"/authoring/versions/{version.id}/download")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert "sample/course.toml" in names and "sample/assets/lq-calculator.csv" in names
    again = upload(response.data)
    assert again.headers["Location"] == f"/authoring/versions/{version.id}"
    assert actions() == ["upload", "download", "upload"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PackageVersion)) == 1


def test_a_zip_without_a_top_folder_works_too(login_as, upload):
    login_as("admin")
    assert upload(zip_folder(SAMPLE, top=None)).status_code == 302


def test_publishing_twice_and_rolling_back_to_a_draft_are_conflicts(login_as, upload, client):
    login_as("admin")
    upload(zip_folder(SAMPLE))
    version = db.session.scalar(sa.select(PackageVersion))
    rollback = client.post(f"/authoring/versions/{version.id}/rollback")
    assert rollback.status_code == 409
    assert "was published before" in rollback.text
    assert client.post(f"/authoring/versions/{version.id}/publish").status_code == 302
    again = client.post(f"/authoring/versions/{version.id}/publish")
    assert again.status_code == 409
    assert "already the published one" in again.text


def test_preview_assets_are_served_from_the_version(login_as, upload, client):
    login_as("admin")
    upload(zip_folder(SAMPLE))
    version = db.session.scalar(sa.select(PackageVersion))
    asset = client.get(f"/authoring/versions/{version.id}/assets/lq-calculator.csv")
    assert asset.status_code == 200
    assert "sandbox" in asset.headers["Content-Security-Policy"]
    assert asset.data.startswith(b"region")
    asset.close()
    assert client.get(f"/authoring/versions/{version.id}/assets/../course.toml").status_code \
        == 404
    assert client.get(f"/authoring/versions/{version.id}/items/nope").status_code == 404
    lesson = client.get(f"/authoring/versions/{version.id}/items/basics-intro").text
    assert f'href="/authoring/versions/{version.id}/assets/lq-calculator.csv"' in lesson


def test_the_published_course_serves_its_assets_from_the_store(login_as, upload, client):
    login_as("admin")
    upload(zip_folder(SAMPLE))
    version = db.session.scalar(sa.select(PackageVersion))
    client.post(f"/authoring/versions/{version.id}/publish")
    asset = client.get("/courses/sample/assets/lq-calculator.csv")
    assert asset.status_code == 200 and asset.data.startswith(b"region_jobs")
    asset.close()


def test_the_course_page_costs_the_same_with_more_versions(login_as, upload, client,
                                                           package_copy, count_queries):
    login_as("admin")
    counts = []
    for n in range(4):
        folder = package_copy(f"v{n}")
        (folder / "glossary.md").write_text(f"Version {n}\n")
        assert upload(zip_folder(folder)).status_code == 302
        version = db.session.scalars(sa.select(PackageVersion)
                                     .order_by(PackageVersion.id.desc())).first()
        assert client.post(f"/authoring/versions/{version.id}/publish").status_code == 302
        if n in (1, 3):
            with count_queries() as counter:
                assert client.get("/authoring/courses/sample").status_code == 200
            counts.append(counter.count)
    assert counts[0] == counts[1], counts
