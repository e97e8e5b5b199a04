"""The learner's home page and certificates."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Certificate, Course, Item, SessionItem
from lms.services import progress


@pytest.fixture
def learner(make_user, make_cohort, login_as):
    learner = make_user(name="Sofia Kowalska")
    make_cohort(learners=[learner])
    login_as(user=learner)
    return learner


def _complete(user, *slugs):
    for slug in slugs:
        progress.mark_completed(user, db.session.scalar(sa.select(Item).where(Item.slug == slug)),
                                by="done")
    db.session.commit()


def test_home_shows_course_and_module_progress(client, learner):
    _complete(learner, "basics-intro")
    page = client.get("/learn")
    assert page.status_code == 200
    assert "Welcome back, Sofia" in page.text
    assert "Sample course" in page.text and "Lessons: 1 of 4 done" in page.text
    assert "Certificate: complete every lesson (sessions are not counted for this course)." \
        in page.text and "Still to do: 3 lessons." in page.text
    assert "Basics: 50% complete" in page.text and "Practice: 0% complete" in page.text


def test_continue_points_to_last_opened_unfinished_item(client, learner):
    _complete(learner, "basics-intro")
    client.get("/courses/sample/items/basics-case")
    page = client.get("/learn")
    assert "Continue where you left off" in page.text
    assert 'href="/courses/sample/items/basics-case"' in page.text


def test_continue_starts_at_the_first_item(client, learner):
    assert 'href="/courses/sample/items/basics-intro"' in client.get("/learn").text


def test_a_new_learner_is_welcomed_to_a_start_not_a_return(client, learner):
    page = client.get("/learn").text
    assert "Welcome, Sofia" in page and "Start here" in page and "Start the course" in page
    assert "Welcome back" not in page and "Continue where you left off" not in page
    client.get("/courses/sample/items/basics-intro")  # opened, not finished: now a return
    page = client.get("/learn").text
    assert "Welcome back, Sofia" in page and "Continue where you left off" in page


def test_learner_without_cohort_is_told_how_to_join(client, login_as, load_sample_package):
    load_sample_package()
    login_as()
    page = client.get("/learn")
    assert "You are not in a cohort yet" in page.text and "Sample course" not in page.text


def test_home_query_count_is_constant(queries_at_course_sizes):
    counts = queries_at_course_sizes("/learn", sizes=(10, 100))
    # the user, the courses with attendance and next session, the learner's progress; the
    # first visit of a course version also reads its outline
    assert counts[0] == counts[1] <= 4, counts


def test_certificate_needs_a_complete_course(client, learner):
    page = client.get("/courses/sample/certificate")
    assert "4 items left" in page.text
    assert client.post("/courses/sample/certificate").status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Certificate)) == 0


def test_certificate_is_issued_once_and_verifies_publicly(app, client, learner, auth):
    _complete(learner, "basics-intro", "basics-case", "practice-quiz", "practice-reflection")
    assert client.post("/courses/sample/certificate").status_code == 302
    assert client.post("/courses/sample/certificate").status_code == 302  # idempotent
    certificate = db.session.scalar(sa.select(Certificate))
    page = client.get("/courses/sample/certificate")
    assert certificate.code in page.text and "Sofia Kowalska" in page.text
    auth.logout()
    public = client.get(f"/certificates/verify?code={certificate.code.lower()}")
    assert public.status_code == 200 and "Valid" in public.text and "Sample course" in public.text
    assert "Sofia Kowalska" in public.text  # a verifier checks whose certificate it is
    assert learner.email not in public.text
    bare = certificate.code.removeprefix("CL-").replace("-", " ").lower()
    typed = client.get("/certificates/verify", query_string={"code": f"  {bare} "})
    assert typed.status_code == 200 and certificate.code in typed.text
    unknown = client.get("/certificates/verify?code=CL-XXXX-XXXX-XXXX")
    assert unknown.status_code == 404 and "No certificate has this code" in unknown.text


def test_home_shows_the_next_session_with_its_pre_work(client, make_user, make_cohort,
                                                       make_session, login_as):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    make_session(cohort, title="Kick-off in Copenhagen", pre=["basics-intro", "basics-case"])
    _complete(learner, "basics-intro")
    login_as(user=learner)
    page = client.get("/learn")
    assert "Kick-off in Copenhagen" in page.text
    assert "1 of 2 done" in page.text and "Pre-work: 50% done" in page.text


def test_attendance_counts_toward_completion_when_the_course_says_so(
        client, make_user, make_cohort, make_session, login_as):
    from datetime import timedelta

    from lms.models import Attendance

    learner = make_user()
    cohort = make_cohort(learners=[learner])
    db.session.scalar(sa.select(Course)).attendance_counts = True
    held = make_session(cohort, title="Day 1", starts_in=timedelta(days=-3))
    make_session(cohort, title="Day 2", starts_in=timedelta(days=-2))
    db.session.add(Attendance(session_id=held.id, user_id=learner.id, present=True))
    _complete(learner, "basics-intro", "basics-case", "practice-quiz", "practice-reflection")
    login_as(user=learner)
    page = client.get("/learn")
    assert "In-person sessions attended: 1 of 2 held so far" in page.text
    # Lessons and sessions are separate figures, and the page says what the certificate needs.
    assert "Lessons: 4 of 4 done" in page.text and "100%" in page.text and "83%" not in page.text
    assert "attend the in-person sessions held after you joined" in page.text
    assert "Still to do: 1 session missed (talk to your trainer)." in page.text
    assert "1 session not attended" in client.get("/courses/sample/certificate").text
    assert client.post("/courses/sample/certificate").status_code == 422


def test_sessions_held_before_a_learner_joined_do_not_count_against_them(
        client, make_user, make_cohort, make_session, login_as):
    """Joining after day 1: not "attended 0 of 1", not "1 session not attended"."""
    from datetime import timedelta

    latecomer = make_user()
    cohort = make_cohort(learners=[latecomer], joined_days_ago=1)
    db.session.scalar(sa.select(Course)).attendance_counts = True
    make_session(cohort, title="Day 1, before they joined", starts_in=timedelta(days=-3))
    _complete(latecomer, "basics-intro", "basics-case", "practice-quiz", "practice-reflection")
    login_as(user=latecomer)
    home = client.get("/learn").text
    assert "In-person sessions attended" not in home
    assert "In-person sessions: none held since you joined" in home
    assert "Done: your certificate is ready." in home
    assert "you attended" not in client.get("/my-training").text
    assert "not attended" not in client.get("/courses/sample/certificate").text
    assert client.post("/courses/sample/certificate").status_code == 302
    make_session(cohort, title="Day 2, after they joined", starts_in=timedelta(hours=-20))
    assert "In-person sessions attended: 0 of 1 held so far" in client.get("/learn").text


def test_home_with_a_session_and_pre_work_costs_four_queries(
        client, make_user, make_cohort, make_session, login_as, count_queries):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    make_session(cohort, title="Kick-off", pre=["basics-intro", "basics-case"])
    login_as(user=learner)
    client.get("/learn")  # reads the course's outline once per version
    with count_queries() as counter:
        page = client.get("/learn")
    assert "Kick-off" in page.text and "0 of 2 done" in page.text
    # the user; courses, attendance and the session's id; progress; the session with pre-work
    assert counter.count <= 4, counter.statements


def test_pre_work_lists_learners_items_only(client, make_user, make_cohort, make_session,
                                            login_as, load_trainer_items):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    session = make_session(cohort, title="Kick-off", pre=["basics-intro"])
    load_trainer_items()  # and a plan that predates them holds one (the service refuses it)
    notes = db.session.scalar(sa.select(Item).where(Item.slug == "basics-case-notes"))
    db.session.add(SessionItem(session_id=session.id, item_id=notes.id, phase="pre"))
    db.session.commit()
    login_as(user=learner)
    page = client.get("/learn").text
    assert "Kick-off" in page and "0 of 1 done" in page
    assert "Teaching notes" not in page


def test_next_session_without_pre_work(client, make_user, make_cohort, make_session,
                                       login_as):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    make_session(cohort, title="Later", starts_in=timedelta(days=9))
    make_session(cohort, title="Sooner", starts_in=timedelta(days=2))
    make_session(cohort, title="Over", starts_in=timedelta(days=-2))
    login_as(user=learner)
    page = client.get("/learn").text
    assert "Sooner" in page and "Later" not in page and "Over" not in page
    assert "Pre-work" not in page
