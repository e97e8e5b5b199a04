"""iCalendar (RFC 5545) files of training sessions, with VTIMEZONE components."""

from collections.abc import Iterable
from datetime import UTC, date, timedelta

from icalendar import Calendar, Event

from lms.models import TrainingSession, utcnow

PRODID = "-//ClusterLearn//Training sessions//EN"


def _description(session: TrainingSession, link: str | None) -> str:
    """The agenda as written (Markdown reads well as plain text) and a link back to the app."""
    return "\n\n".join(part for part in (session.agenda.strip(), link) if part)


def build_calendar(sessions: Iterable[TrainingSession], *, name: str,
                   links: dict[int, str] | None = None) -> bytes:
    """A calendar with one VEVENT per session, in the session's own time zone."""
    sessions = list(sessions)
    links = links or {}
    calendar = Calendar.new(prodid=PRODID, name=name, refresh_interval=timedelta(hours=6))
    stamp = utcnow().replace(tzinfo=UTC)
    for session in sessions:
        cohort = session.cohort
        calendar.add_component(Event.new(
            uid=session.uid,
            stamp=stamp,
            start=session.local_start,
            end=session.local_end,
            summary=f"{session.title} · {cohort.name}",
            location=session.location or None,
            description=_description(session, links.get(session.id)) or None,
            sequence=session.sequence,
            last_modified=session.updated_at.replace(tzinfo=UTC),
            url=links.get(session.id),
        ))
    if sessions:
        # VTIMEZONE rules only for the years the sessions span keep the file small.
        first = min(s.starts_at for s in sessions).date()
        last = max(s.ends_at for s in sessions).date()
        calendar.add_missing_timezones(first_date=date(first.year, 1, 1),
                                       last_date=date(last.year + 1, 1, 1))
    return calendar.to_ical()
