"""Trainer dashboard: the grid, filters, at-risk learners, CSV export, access and query bounds."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Course, Item, ItemProgress, utcnow
from lms.services import progress
from tests.fixtures.content import import_package, write_course


@pytest.fixture
def cohort_with_learners(make_user, make_cohort):
    trainer = make_user("trainer", name="Tina Trainer")
    sofia = make_user(name="Sofia Kowalska", organisation="Food Cluster")
    jens = make_user(name="Jens Madsen")
    cohort = make_cohort(name="CECIL Copenhagen", trainers=[trainer], learners=[sofia, jens])
    intro = db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))
    progress.mark_completed(sofia, intro, by="done")
    db.session.commit()
    return cohort, trainer, sofia, jens


def test_trainer_sees_their_cohorts(client, login_as, cohort_with_learners):
    cohort, trainer, *_ = cohort_with_learners
    login_as(user=trainer)
    page = client.get("/trainer/")
    assert page.status_code == 200 and "CECIL Copenhagen" in page.text and "2 learners" in page.text


def grid_states(html: str, learner: str) -> dict[str, str]:
    """Lesson title (from the column headers) to the symbol in the learner's row."""
    titles = re.findall(r'<th scope="col" title="([^"]+)">\d+<span class="visually-hidden"> ', html)
    grid = html[html.index('<section class="grid-section">'):]  # not the at-risk list above
    row = re.search(rf"{learner}.*?</tr>", grid, re.S).group(0)
    # A cell is its symbol, coloured by class d (done) or s (opened); "not started" is bare.
    cells = re.findall(r"<td(?: class=([ds]))?>([✓•–])(?=<td|</tr>)", row)
    assert all({"d": "✓", "s": "•", "": "–"}[css] == symbol for css, symbol in cells), cells
    symbols = [symbol for _, symbol in cells]
    assert len(symbols) == len(titles)
    return dict(zip(titles, symbols, strict=True))


def test_grid_shows_each_learner_and_state_in_text(client, login_as, cohort_with_learners):
    cohort, trainer, sofia, jens = cohort_with_learners
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}")
    assert page.status_code == 200
    assert "Sofia Kowalska" in page.text and "Jens Madsen" in page.text
    # A shape per state, so it reads without colour; the column header names the lesson.
    assert grid_states(page.text, "Sofia Kowalska")["Introduction"] == "✓"
    assert grid_states(page.text, "Jens Madsen")["Introduction"] == "–"
    assert "25%" in page.text  # Sofia: 1 of 4 items
    # What the shapes mean, for screen readers too.
    assert "lesson: ✓ done, • opened, – not started</caption>" in page.text


def test_grid_shows_opened_lessons_and_counts_completions(client, login_as, cohort_with_learners):
    cohort, trainer, sofia, jens = cohort_with_learners
    intro = db.session.scalar(sa.select(Item).where(Item.slug == "basics-intro"))
    progress.record_seen(jens.id, intro.id)
    db.session.commit()
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    assert grid_states(page, "Jens Madsen")["Introduction"] == "•"
    assert grid_states(page, "Sofia Kowalska")["Introduction"] == "✓"
    footer = re.search(r"<tfoot>.*?</tfoot>", page, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", footer) == ["1", "0", "0", "0"]  # Sofia's intro


def test_grid_filters_by_module(client, login_as, cohort_with_learners):
    cohort, trainer, *_ = cohort_with_learners
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?module=practice")
    states = grid_states(page.text, "Sofia Kowalska")
    assert states["Check your understanding"] == "–"
    assert "Introduction" not in states


def test_inactive_learners_are_flagged_at_risk(client, login_as, cohort_with_learners):
    cohort, trainer, sofia, jens = cohort_with_learners
    db.session.execute(sa.update(ItemProgress).values(last_seen_at=utcnow() - timedelta(days=30)))
    db.session.commit()
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=20")
    assert 'Learners at risk <span class="tag tag-warn">2</span>' in page.text
    assert "<strong>Sofia Kowalska</strong>: No activity for 30 days" in page.text
    # Jens joined 30 days ago and has opened nothing since.
    assert "<strong>Jens Madsen</strong>: Nothing opened since joining for 30 days" in page.text
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=40")
    assert 'Learners at risk <span class="tag tag-warn">0</span>' in page.text
    # A digit int() refuses ("²") falls back to the configured days instead of a 500.
    assert client.get(f"/trainer/cohorts/{cohort.id}?inactive=²").status_code == 200


def test_someone_who_just_joined_is_not_at_risk(client, login_as, make_user, make_cohort):
    trainer, newcomer = make_user("trainer"), make_user(name="Nina New")
    cohort = make_cohort(trainers=[trainer], learners=[newcomer], joined_days_ago=1)
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}")
    assert 'Learners at risk <span class="tag tag-warn">0</span>' in page.text


def test_last_activity_counts_posts_and_quiz_attempts(client, login_as, cohort_with_learners,
                                                      make_thread):
    from lms.services import forum

    cohort, trainer, sofia, jens = cohort_with_learners
    db.session.execute(sa.update(ItemProgress).values(last_seen_at=utcnow() - timedelta(days=30)))
    make_thread(jens, forum.course_space(cohort.course), title="Hello from Jens")
    db.session.commit()
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=20").text
    assert "Jens Madsen</strong>" not in page.split("Flagged when")[0]  # his post is activity
    last_active = re.search(r'Jens Madsen<span class="muted learner-org">[^<]*</span></th>\s*'
                            r'<td>[^<]*</td>\s*<td>([^<]*)</td>', page)
    assert last_active is not None and last_active.group(1) != "never"


def test_a_quiz_failed_twice_flags_the_learner(client, login_as, cohort_with_learners):
    from lms.models import QuizAttempt

    cohort, trainer, sofia, jens = cohort_with_learners
    quiz = db.session.scalar(sa.select(Item).where(Item.slug == "practice-quiz"))
    for number in (1, 2):
        db.session.add(QuizAttempt(user_id=sofia.id, item_id=quiz.id, number=number, seed=number,
                                   question_slugs=[], submitted_at=utcnow(), score=20,
                                   passed=False))
    db.session.commit()
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=365").text
    assert "<strong>Sofia Kowalska</strong>: Failed Check your understanding 2 times" in page
    db.session.add(QuizAttempt(user_id=sofia.id, item_id=quiz.id, number=3, seed=3,
                               question_slugs=[], submitted_at=utcnow(), score=90, passed=True))
    db.session.commit()
    assert "Failed Check your understanding" not in client.get(
        f"/trainer/cohorts/{cohort.id}?inactive=365").text


def test_csv_export_has_every_learner_and_item(client, login_as, cohort_with_learners):
    cohort, trainer, sofia, jens = cohort_with_learners
    login_as(user=trainer)
    response = client.get(f"/trainer/cohorts/{cohort.id}/progress.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0][:5] == ["Name", "Email", "Organisation", "Country", "Completed %"]
    assert len(rows[0]) == 5 + 4
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Sofia Kowalska"][4:6] == ["25", "done"]
    assert by_name["Jens Madsen"][4] == "0"


def test_csv_cells_cannot_run_as_formulas(client, login_as, make_user, make_cohort):
    trainer = make_user("trainer")
    evil = make_user(name="=HYPERLINK(\"http://x\")")
    cohort = make_cohort(trainers=[trainer], learners=[evil])
    login_as(user=trainer)
    text = client.get(f"/trainer/cohorts/{cohort.id}/progress.csv").text
    assert "'=HYPERLINK" in text


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_other_people_cannot_see_a_cohort(client, login_as, cohort_with_learners, role):
    cohort, *_ = cohort_with_learners
    login_as(role)  # a learner, or a trainer of no cohort
    expected = 403 if role == "learner" else 404
    assert client.get(f"/trainer/cohorts/{cohort.id}").status_code == expected
    assert client.get(f"/trainer/cohorts/{cohort.id}/progress.csv").status_code == expected


def test_admin_sees_any_cohort(client, login_as, cohort_with_learners):
    cohort, *_ = cohort_with_learners
    login_as("admin")
    assert client.get(f"/trainer/cohorts/{cohort.id}").status_code == 200


def test_grid_query_count_is_constant_for_learners_and_items(
        client, login_as, make_user, make_cohort, add_learners, count_queries, tmp_path):
    counts = {}
    for learners, items in ((5, 10), (500, 100)):
        write_course(tmp_path / f"{learners}", items)
        import_package(tmp_path / f"{learners}")
        course = db.session.scalar(sa.select(Course).where(Course.slug == "big"))
        trainer = make_user("trainer")
        cohort = make_cohort(course=course, trainers=[trainer])
        add_learners(cohort, learners)
        login_as(user=trainer)
        url = f"/trainer/cohorts/{cohort.id}"
        with count_queries() as counter:
            page = client.get(url)
        assert page.status_code == 200
        counts[learners] = counter.count
    # The user, the cohort, the next session, the aggregates, the page's cells, failed quizzes,
    # and the course's outline (read once per content version: each course here is new).
    assert counts[5] == counts[500] <= 7, counts


def test_pre_work_not_done_before_a_near_session_flags_a_learner(
        client, login_as, cohort_with_learners, make_session):
    cohort, trainer, sofia, jens = cohort_with_learners
    make_session(cohort, title="Day 2 in Aarhus", starts_in=timedelta(hours=30),
                 pre=["basics-intro"])
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=365")
    # Sofia did the intro; Jens did not, so he is the one flagged for pre-work.
    assert 'Learners at risk <span class="tag tag-warn">1</span>' in page.text
    assert "<strong>Jens Madsen</strong>: Pre-work for Day 2 in Aarhus: 0 of 1 done" in page.text
    assert 'title="At risk: Pre-work for Day 2 in Aarhus: 0 of 1 done"' in page.text


def test_a_session_far_away_flags_nobody(client, login_as, cohort_with_learners, make_session):
    cohort, trainer, *_ = cohort_with_learners
    make_session(cohort, title="Far away", starts_in=timedelta(days=3), pre=["basics-intro"])
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}?inactive=365").text
    assert "Pre-work for" not in page and "Far away" not in page  # beyond 48 hours


def test_grid_counts_each_learners_posts_in_the_cohort_discussions(
        client, login_as, cohort_with_learners):
    from lms.services import forum

    cohort, trainer, sofia, jens = cohort_with_learners
    course_space = forum.course_space(cohort.course)
    thread = forum.start_thread(sofia, course_space, "Fees", "How do you set fees?")
    forum.reply(jens, thread, "By company size.")
    forum.reply(sofia, thread, "Same here.")
    db.session.commit()
    login_as(user=trainer)
    page = client.get(f"/trainer/cohorts/{cohort.id}").text
    sofia_row = page[page.index("Sofia Kowalska"):page.index("Sofia Kowalska") + 400]
    assert "<td>2</td>" in sofia_row  # her thread's opening post and her reply


def test_cohort_numbers_count_active_learners_and_learner_items_only(cohort_with_learners):
    from lms.learn.outline import learner_outline
    from lms.models import Enrolment
    from lms.trainer.queries import cohort_numbers

    cohort, trainer, sofia, jens = cohort_with_learners
    items = {i.slug: i for i in db.session.scalars(sa.select(Item))}
    progress.mark_completed(jens, items["basics-intro"], by="done")
    progress.record_seen(jens.id, items["practice-quiz"].id)
    db.session.commit()
    item_ids = [i.id for i in learner_outline(cohort.course).items]
    numbers = cohort_numbers(cohort, item_ids, prework_ids=[items["basics-intro"].id])
    assert list(numbers.learners) == [jens.id, sofia.id]  # by name
    assert [(a.completed, a.prework_done) for a in numbers.learners.values()] == [(1, 1), (1, 1)]
    assert numbers.by_item == {items["basics-intro"].id: 2}
    assert sum(numbers.by_day.values()) == 2 and all(
        isinstance(day, date) for day in numbers.by_day)
    db.session.execute(sa.update(Enrolment).where(Enrolment.user_id == jens.id)
                       .values(removed_at=utcnow()))
    db.session.commit()
    numbers = cohort_numbers(cohort, item_ids)
    assert list(numbers.learners) == [sofia.id]  # removed learners count nowhere
    assert numbers.by_item == {items["basics-intro"].id: 1}
    assert sum(numbers.by_day.values()) == 1
