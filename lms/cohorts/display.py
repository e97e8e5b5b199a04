"""Template filters for sessions and invites: local times with their zone, invite states."""

from lms.i18n import locale
from lms.i18n.formatting import WEEKDAY, format_local
from lms.models import Invite, TrainingSession, utcnow


def session_when(session: TrainingSession) -> str:
    """“Thu 26 Oct 2017, 09:00–17:00 CEST”, or a range over several days, in local time."""
    start, end = session.local_start, session.local_end
    zone = end.tzname() or session.timezone
    language = locale()  # week days and months in the reader's language
    if start.date() == end.date():
        return f"{format_local(start, WEEKDAY, language)}, {start:%H:%M}–{end:%H:%M} {zone}"
    return (f"{format_local(start, 'EEE dd MMM HH:mm', language)} – "
            f"{format_local(end, WEEKDAY + ' HH:mm', language)} {zone}")


def invite_state(invite: Invite) -> str:
    """"active", "revoked", "expired" or "used up" now."""
    return invite.state(utcnow())


FILTERS = {"session_when": session_when, "invite_state": invite_state}
