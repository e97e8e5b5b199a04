"""Template filters for sessions and invites: times in the reader's zone, invite states."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from lms.i18n import locale
from lms.i18n.formatting import WEEKDAY, format_local
from lms.models import Invite, TrainingSession, utcnow
from lms.templating import viewer_timezone


def _span(start: datetime, end: datetime) -> str:
    """“Thu 26 Oct 2017, 09:00–17:00 CEST”, or a range over several days."""
    zone = end.tzname()
    language = locale()  # week days and months in the reader's language
    if start.date() == end.date():
        return f"{format_local(start, WEEKDAY, language)}, {start:%H:%M}–{end:%H:%M} {zone}"
    return (f"{format_local(start, 'EEE dd MMM HH:mm', language)} – "
            f"{format_local(end, WEEKDAY + ' HH:mm', language)} {zone}")


def session_when(session: TrainingSession) -> str:
    """The session's times in the reader's zone, labelled; where the session's own zone shows
    other clock times (a learner at home in Athens, a session in Copenhagen), those too:
    “Thu 26 Oct 2017, 10:00–18:00 EEST (09:00–17:00 CEST local time)”."""
    viewer = ZoneInfo(viewer_timezone())
    start = session.starts_at.replace(tzinfo=UTC).astimezone(viewer)
    end = session.ends_at.replace(tzinfo=UTC).astimezone(viewer)
    here = _span(start, end)
    local_start, local_end = session.local_start, session.local_end
    same = all(a.utcoffset() == b.utcoffset() and a.tzname() == b.tzname()
               for a, b in ((start, local_start), (end, local_end)))
    if same:
        return here
    if local_start.date() == local_end.date() and start.date() == local_start.date():
        there = f"{local_start:%H:%M}–{local_end:%H:%M} {local_end.tzname()}"
    else:
        there = _span(local_start, local_end)
    return f"{here} ({there} local time)"


def invite_state(invite: Invite) -> str:
    """"active", "revoked", "expired" or "used up" now."""
    return invite.state(utcnow())


FILTERS = {"session_when": session_when, "invite_state": invite_state}
