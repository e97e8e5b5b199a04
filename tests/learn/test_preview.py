"""Preview lessons: the package marks a few lessons that visitors may read before joining."""

import re

import sqlalchemy as sa

from lms.content.loader import load_package
from lms.extensions import db
from lms.models import Item
from tests.fixtures.content import import_package


def _mark(package, slug: str, line: str = "preview = true") -> None:
    toml = package / "course.toml"
    text = toml.read_text()
    anchor = f'slug = "{slug}"\n'
    assert anchor in text
    toml.write_text(text.replace(anchor, f"{anchor}  {line}\n", 1))


def test_checker_accepts_preview_on_lessons_and_refuses_it_elsewhere(sample_copy):
    _mark(sample_copy, "basics-case")
    package, problems = load_package(sample_copy)
    assert problems == [] and package.modules[0].items[1].preview is True
    _mark(sample_copy, "practice-quiz")
    _mark(sample_copy, "basics-intro", 'preview = "yes"')
    package, problems = load_package(sample_copy)
    messages = [str(p) for p in problems]
    assert package is None
    quiz = r"sample/course.toml:\d+: .*\"practice-quiz\": a quiz item cannot be a preview"
    assert any(re.match(quiz, m) for m in messages), messages
    assert any(re.match(r"sample/course.toml:\d+: .*must be true or false", m)
               for m in messages), messages


def test_checker_refuses_preview_on_trainer_notes(sample_copy):
    _mark(sample_copy, "basics-case", 'visibility = "trainers"\n  preview = true')
    _, problems = load_package(sample_copy)
    assert any("an item for trainers only cannot be a preview" in str(p) for p in problems)


def test_flask_courses_check_reports_a_bad_preview(app, sample_copy):
    _mark(sample_copy, "practice-reflection")
    result = app.test_cli_runner().invoke(args=["courses", "check", str(sample_copy)])
    assert result.exit_code != 0
    assert "a reflection item cannot be a preview" in result.output


def test_visitors_read_preview_lessons_from_the_course_page(app_ctx, client, sample_copy):
    _mark(sample_copy, "basics-case")
    import_package(sample_copy)
    outline = client.get("/courses/sample").text
    assert 'href="/courses/sample/preview/basics-case"' in outline and "Free preview" in outline
    assert "/courses/sample/preview/basics-intro" not in outline  # not marked: title only
    page = client.get("/courses/sample/preview/basics-case")
    assert page.status_code == 200 and "<h1>A food cluster</h1>" in page.text
    body = db.session.scalar(sa.select(Item.body_html).where(Item.slug == "basics-case"))
    assert body[:60] in page.text
    assert "Create an account" in page.text and "Mark as done" not in page.text
    assert client.get("/courses/sample/preview/basics-intro").status_code == 404
    assert client.get("/courses/sample/preview/nope").status_code == 404
    assert client.get("/courses/sample/items/basics-case").status_code == 302  # to sign in


def test_signed_in_visitor_reads_a_preview_and_a_learner_gets_the_lesson(
        client, sample_copy, login_as, make_user, make_cohort):
    _mark(sample_copy, "basics-case")
    import_package(sample_copy)
    login_as()  # an account, no cohort yet
    page = client.get("/courses/sample/preview/basics-case")
    assert page.status_code == 200 and "My training" in page.text
    learner = make_user(email="in@example.org")
    make_cohort(learners=[learner])
    login_as(user=learner)
    response = client.get("/courses/sample/preview/basics-case")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/courses/sample/items/basics-case")


def test_unmarking_a_preview_closes_it(app_ctx, client, sample_copy):
    _mark(sample_copy, "basics-case")
    import_package(sample_copy)
    assert client.get("/courses/sample/preview/basics-case").status_code == 200
    toml = sample_copy / "course.toml"
    toml.write_text(toml.read_text().replace("  preview = true\n", ""))
    import_package(sample_copy)
    assert client.get("/courses/sample/preview/basics-case").status_code == 404


def test_checker_refuses_a_preview_that_links_to_assets(sample_copy):
    _mark(sample_copy, "basics-intro")  # its text links to assets/lq-calculator.csv
    _, problems = load_package(sample_copy)
    assert [str(p) for p in problems] == [
        'sample/01-basics/intro.md:13: preview lesson links to "assets/lq-calculator.csv": '
        "visitors cannot open assets, so keep previews to text"]
