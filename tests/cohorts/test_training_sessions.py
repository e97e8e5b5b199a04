"""Sessions through the trainer pages: time zones, study plans, RSVP and attendance."""

from datetime import datetime, timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attendance, Item, Rsvp, SessionItem, TrainingSession, utcnow
from lms.queries.attendance import attendance_by_learner
from lms.services.cohorts import attended_sessions

FORM = {"title": "Day 1: mapping", "city": "Copenhagen", "venue": "DGI-byen",
        "starts_local": "2030-01-15T09:00", "ends_local": "2030-01-15T17:00",
        "timezone": "Europe/Copenhagen", "agenda": "- Welcome\n- **Mapping** clusters"}


def test_session_form_stores_utc_and_the_zone(client, login_as, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    response = client.post(f"/manage/cohorts/{cohort.id}/sessions/new", data=FORM)
    assert response.status_code == 302
    session = db.session.scalar(sa.select(TrainingSession))
    assert (session.starts_at, session.ends_at) == (datetime(2030, 1, 15, 8),
                                                   datetime(2030, 1, 15, 16))
    assert session.timezone == "Europe/Copenhagen"
    assert "<strong>Mapping</strong>" in session.agenda_html
    summer = dict(FORM, starts_local="2030-07-15T09:00", ends_local="2030-07-15T17:00")
    client.post(f"/manage/sessions/{session.id}/edit", data=summer)
    db.session.refresh(session)
    assert session.starts_at == datetime(2030, 7, 15, 7) and session.sequence == 1
    page = client.get(f"/manage/sessions/{session.id}/edit")
    assert 'value="2030-07-15T09:00"' in page.text  # shown again in local time


def test_agenda_markdown_is_sanitized(client, login_as, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    client.post(f"/manage/cohorts/{cohort.id}/sessions/new",
                data=dict(FORM, agenda="<script>alert(1)</script>[x](javascript:alert(1))"))
    html = db.session.scalar(sa.select(TrainingSession.agenda_html))
    assert "<script" not in html and "javascript:" not in html


def test_session_form_refuses_bad_times(client, login_as, make_cohort):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    url = f"/manage/cohorts/{cohort.id}/sessions/new"
    backwards = client.post(url, data=dict(FORM, ends_local="2030-01-15T08:00"))
    assert backwards.status_code == 422 and "must end after it starts" in backwards.text
    gap = client.post(url, data=dict(FORM, starts_local="2030-03-31T02:30"))  # clocks skip it
    assert gap.status_code == 422 and "does not exist in Europe/Copenhagen" in gap.text
    zone = client.post(url, data=dict(FORM, timezone="Mars/Olympus"))
    assert zone.status_code == 422
    assert client.post(url, data=dict(FORM, starts_local="tomorrow")).status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TrainingSession)) == 0


def test_study_plan_is_saved_in_course_order(client, login_as, make_cohort, make_session):
    trainer = login_as("trainer")
    cohort = make_cohort(trainers=[trainer])
    session = make_session(cohort)
    ids = {i.slug: i.id for i in db.session.scalars(sa.select(Item))}
    response = client.post(f"/manage/sessions/{session.id}/study-plan", data={
        "pre": [ids["basics-case"], ids["basics-intro"]], "post": [ids["practice-quiz"]]})
    assert response.status_code == 302
    rows = db.session.execute(sa.select(SessionItem.phase, SessionItem.item_id)
                              .order_by(SessionItem.phase, SessionItem.position)).all()
    assert rows == [("post", ids["practice-quiz"]), ("pre", ids["basics-intro"]),
                    ("pre", ids["basics-case"])]
    page = client.get(f"/manage/sessions/{session.id}")
    assert page.text.count("checked") == 3


def test_study_plan_refuses_items_of_other_courses(client, login_as, make_cohort, make_session):
    trainer = login_as("trainer")
    session = make_session(make_cohort(trainers=[trainer]))
    response = client.post(f"/manage/sessions/{session.id}/study-plan", data={"pre": ["99999"]})
    assert response.status_code == 422


def test_rsvp_answer_and_change(client, login_as, make_user, make_cohort, make_session):
    learner = make_user()
    session = make_session(make_cohort(learners=[learner]))
    login_as(user=learner)
    assert client.post(f"/sessions/{session.id}/rsvp", data={"answer": "yes"}).status_code == 302
    assert client.post(f"/sessions/{session.id}/rsvp",
                       data={"answer": "maybe"}).status_code == 302
    assert db.session.scalars(sa.select(Rsvp.answer)).all() == ["maybe"]
    assert "Your answer: Maybe" in client.get("/my-training").text
    assert client.post(f"/sessions/{session.id}/rsvp",
                       data={"answer": "perhaps"}).status_code == 422


def test_rsvp_refused_after_the_session_and_for_outsiders(client, login_as, make_user,
                                                          make_cohort, make_session):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    past = make_session(cohort, starts_in=timedelta(days=-2))
    login_as(user=learner)
    late = client.post(f"/sessions/{past.id}/rsvp", data={"answer": "yes"})
    assert late.status_code == 409 and "already taken place" in late.text
    other = make_session(make_cohort())
    assert client.post(f"/sessions/{other.id}/rsvp", data={"answer": "yes"}).status_code == 404
    assert client.post("/sessions/99999/rsvp", data={"answer": "yes"}).status_code == 404


def test_trainer_marks_attendance(client, login_as, make_user, make_cohort, make_session):
    trainer = login_as("trainer")
    anna, ben = make_user(name="Anna"), make_user(name="Ben")
    cohort = make_cohort(trainers=[trainer], learners=[anna, ben])
    held = make_session(cohort, starts_in=timedelta(days=-3), title="Held")
    future = make_session(cohort, starts_in=timedelta(days=3))
    early = client.post(f"/manage/sessions/{future.id}/attendance", data={"present": [anna.id]})
    assert early.status_code == 409 and "once the session has started" in early.text
    response = client.post(f"/manage/sessions/{held.id}/attendance", data={"present": [anna.id]})
    assert response.status_code == 302
    marks = dict(db.session.execute(sa.select(Attendance.user_id, Attendance.present)).all())
    assert marks == {anna.id: True, ben.id: False}
    assert [s.title for s in attended_sessions(anna, cohort)] == ["Held"]
    assert attended_sessions(ben, cohort) == []
    assert attendance_by_learner(cohort.id) == {anna.id: (1, 1), ben.id: (0, 1)}
    stranger = make_user()
    assert client.post(f"/manage/sessions/{held.id}/attendance",
                       data={"present": [stranger.id]}).status_code == 422
    client.post(f"/manage/sessions/{held.id}/attendance", data={})
    assert attended_sessions(anna, cohort) == []


def test_cancel_a_session(client, login_as, make_user, make_cohort, make_session):
    trainer = login_as("trainer")
    learner = make_user()
    cohort = make_cohort(trainers=[trainer], learners=[learner])
    session = make_session(cohort, pre=["basics-intro"])
    db.session.add(Rsvp(session_id=session.id, user_id=learner.id, answer="yes"))
    db.session.commit()
    assert client.post(f"/manage/sessions/{session.id}/delete").status_code == 302
    for model in (TrainingSession, SessionItem, Rsvp):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0


def test_session_times_are_shown_in_local_time(client, login_as, make_user, make_cohort,
                                               make_session):
    learner = make_user()
    cohort = make_cohort(learners=[learner])
    make_session(cohort, start_local=datetime(utcnow().year + 1, 1, 20, 9, 0), hours=8,
                 timezone="Europe/Athens", city="Athens")
    login_as(user=learner)
    page = client.get(f"/cohorts/{cohort.id}")
    assert "09:00–17:00 EET" in page.text and "Athens" in page.text


def test_mark_everyone_present_then_untick_the_absentees(client, login_as, make_user,
                                                         make_cohort, make_session):
    """On the session day the attendance form comes first, with one button for everyone."""
    trainer = login_as("trainer")
    anna, ben = make_user(name="Anna"), make_user(name="Ben")
    cohort = make_cohort(trainers=[trainer], learners=[anna, ben])
    held = make_session(cohort, starts_in=timedelta(hours=-1), title="Today")
    page = client.get(f"/manage/sessions/{held.id}").text
    assert page.index('id="attendance"') < page.index('id="plan"')
    assert "Mark everyone present" in page
    url = f"/manage/sessions/{held.id}/attendance"
    assert client.post(url, data={"everyone": "1"}).status_code == 302
    assert set(db.session.scalars(sa.select(Attendance.user_id).where(
        Attendance.present.is_(True)))) == {anna.id, ben.id}
    client.post(url, data={"present": [anna.id]})  # Ben was not there after all
    marks = dict(db.session.execute(sa.select(Attendance.user_id, Attendance.present)).all())
    assert marks == {anna.id: True, ben.id: False}


def test_session_times_in_the_readers_zone_and_the_sessions_own(
        client, login_as, make_user, make_cohort, make_session):
    """A learner at home in Athens reads a Copenhagen session in her own time, labelled, with
    the local time of the venue beside it; a reader in the session's zone sees it once."""
    learner = make_user()
    learner.timezone = "Europe/Athens"
    trainer = make_user(role="trainer")
    trainer.timezone = "Europe/Copenhagen"
    cohort = make_cohort(learners=[learner], trainers=[trainer])
    make_session(cohort, start_local=datetime(2031, 1, 20, 9, 0), hours=8,
                 timezone="Europe/Copenhagen", city="Copenhagen")
    login_as(user=learner)
    page = client.get(f"/cohorts/{cohort.id}").text
    assert "Mon 20 Jan 2031, 10:00–18:00 EET (09:00–17:00 CET local time)" in page
    login_as(user=trainer)
    page = client.get(f"/cohorts/{cohort.id}").text
    assert "Mon 20 Jan 2031, 09:00–17:00 CET" in page and "local time)" not in page


def test_dates_of_stored_times_are_the_readers_day(client, login_as, make_user):
    """Someone who joined at 23:30 UTC on 31 Dec joined on 1 Jan for an admin in Athens."""
    late = make_user(email="late@example.org", name="Late Joiner")
    late.created_at = datetime(2030, 12, 31, 23, 30)
    admin = login_as("admin")
    admin.timezone = "Europe/Athens"
    db.session.commit()
    page = client.get("/admin/users", query_string={"q": "late"}).text
    assert "Late Joiner" in page and "01 Jan 2031" in page and "31 Dec 2030" not in page
