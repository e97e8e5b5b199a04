"""Template filters for sessions and invites: local times with their zone, invite states."""

from lms.models import Invite, TrainingSession, utcnow


def session_when(session: TrainingSession) -> str:
    """“Thu 26 Oct 2017, 09:00–17:00 CEST”, or a range over several days, in local time."""
    start, end = session.local_start, session.local_end
    zone = end.tzname() or session.timezone
    if start.date() == end.date():
        return f"{start:%a %d %b %Y}, {start:%H:%M}–{end:%H:%M} {zone}"
    return f"{start:%a %d %b %H:%M} – {end:%a %d %b %Y %H:%M} {zone}"


def invite_state(invite: Invite) -> str:
    """"active", "revoked", "expired" or "used up" now."""
    return invite.state(utcnow())


FILTERS = {"session_when": session_when, "invite_state": invite_state}
