"""Calendars: the .ics download and the private feed parse back with the right times."""

from datetime import UTC, datetime

import sqlalchemy as sa
from icalendar import Calendar

from lms.extensions import db
from lms.models import CalendarFeed


def _winter_session(make_cohort, make_session, **cohort_fields):
    cohort = make_cohort(name="International Cluster Course", **cohort_fields)
    session = make_session(cohort, title="Day 1", start_local=datetime(2031, 1, 14, 9, 0),
                           hours=8, city="Copenhagen", venue="DGI-byen")
    return cohort, session


def test_cohort_ics_parses_back_with_the_right_times(client, login_as, make_user, make_cohort,
                                                     make_session):
    learner = make_user()
    cohort, session = _winter_session(make_cohort, make_session, learners=[learner])
    make_session(cohort, title="Summer day", start_local=datetime(2031, 6, 10, 9, 0), hours=2)
    login_as(user=learner)
    response = client.get(f"/cohorts/{cohort.id}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    winter, summer = events["Day 1 · International Cluster Course"], events[
        "Summer day · International Cluster Course"]
    start = winter.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2031, 1, 14, 8, 0, tzinfo=UTC)  # CET = UTC+1
    assert winter.decoded("DTEND").astimezone(UTC) == datetime(2031, 1, 14, 16, 0, tzinfo=UTC)
    assert summer.decoded("DTSTART").astimezone(UTC) == datetime(2031, 6, 10, 7, 0,
                                                                 tzinfo=UTC)  # CEST
    assert winter["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert str(winter["UID"]) == session.uid and str(winter["UID"]) != str(summer["UID"])
    assert str(winter["LOCATION"]) == "DGI-byen, Copenhagen"
    assert "DTSTAMP" in winter
    assert f"/cohorts/{cohort.id}#session-{session.id}" in str(winter["URL"])


def test_outsiders_cannot_download_a_cohort_ics(client, login_as, make_cohort, make_session):
    cohort, _ = _winter_session(make_cohort, make_session)
    login_as()
    assert client.get(f"/cohorts/{cohort.id}/calendar.ics").status_code == 404


def _feed_url(client) -> str:
    import re

    match = re.search(r'id="feed-url" type="url" value="http://localhost(/calendar/[^"]+\.ics)"',
                      client.get("/my-training").text)
    assert match, "no feed URL on My training"
    return match.group(1)


def test_private_feed_works_without_login_and_reset_invalidates_it(
        client, auth, login_as, make_user, make_cohort, make_session):
    learner = make_user()
    trainer = make_user(role="trainer")
    _winter_session(make_cohort, make_session, learners=[learner], trainers=[trainer])
    make_session(make_cohort(name="Not mine"), title="Elsewhere")
    login_as(user=learner)
    assert "Create my calendar link" in client.get("/my-training").text
    assert client.post("/my-training/calendar-feed").status_code == 302
    old = _feed_url(client)
    assert _feed_url(client) == old  # shown again, unchanged
    token = old.removeprefix("/calendar/").removesuffix(".ics")
    assert token not in db.session.scalar(sa.select(CalendarFeed.token_hash))  # stored hashed
    auth.logout()
    feed = client.get(old)
    assert feed.status_code == 200
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(feed.data).walk("VEVENT")]
    assert summaries == ["Day 1 · International Cluster Course"]
    auth.login(learner)
    client.post("/my-training/calendar-feed")
    new = _feed_url(client)
    assert new != old
    auth.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get("/calendar/" + "0" * 64 + ".ics").status_code == 404


def test_trainer_feed_includes_cohorts_they_train(client, login_as, make_user, make_cohort,
                                                  make_session):
    trainer = login_as("trainer")
    _winter_session(make_cohort, make_session, trainers=[trainer])
    client.post("/my-training/calendar-feed")
    url = _feed_url(client)
    events = Calendar.from_ical(client.get(url).data).walk("VEVENT")
    assert len(events) == 1
