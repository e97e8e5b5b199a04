"""@mentions: find the people a post names, among those who can see its space only.

A mention is "@" followed by someone's full name (case does not matter), for example
"@Anna Lindqvist". Names of people who cannot see the space are treated exactly like
names nobody has, so a mention never reveals that someone exists elsewhere.
"""

import re

import sqlalchemy as sa
from markupsafe import Markup

from lms.access import cohort_trainers
from lms.content.rendering import sanitize_html
from lms.extensions import db
from lms.models import Cohort, Enrolment, Space, User

MAX_WORDS = 4  # names longer than this cannot be mentioned
MAX_MENTIONS = 20  # per post: a post naming the whole cohort is not a broadcast tool
_WORD = r"[^\W_][\w.'’-]*"
_AT_RE = re.compile(rf"(?<![\w@])@({_WORD}(?: {_WORD}){{0,{MAX_WORDS - 1}}})")
_TAG_RE = re.compile(r"(<[^>]*>)")


def _candidates(text: str) -> set[str]:
    """Every 1..MAX_WORDS-word phrase after an "@", trailing punctuation removed."""
    found = set()
    for match in _AT_RE.finditer(text):
        words = match.group(1).split(" ")
        for size in range(1, len(words) + 1):
            phrase = " ".join(words[:size]).rstrip(".'’-")
            if phrase:
                found.add(phrase)
        if len(found) > MAX_MENTIONS * MAX_WORDS:
            break
    return found


def audience_clause(space: Space) -> sa.ColumnElement[bool]:
    """WHERE clause on User: the people who can see the space."""
    admins = User.role == "admin"
    if space.cohort_id is None:
        alumni = sa.select(Enrolment.user_id).join(Cohort, Cohort.id == Enrolment.cohort_id) \
            .where(Cohort.course_id == space.course_id)
        return sa.or_(User.role.in_(("trainer", "admin")), User.id.in_(alumni))
    trainers = cohort_trainers(space.cohort_id)
    members = sa.select(Enrolment.user_id).where(Enrolment.cohort_id == space.cohort_id,
                                                 Enrolment.is_active)
    return sa.or_(admins, User.id.in_(trainers), User.id.in_(members))


def find_mentions(text: str, space: Space) -> list[User]:
    """The people the text mentions who can see the space (one query, none without "@")."""
    phrases = _candidates(text)
    if not phrases:
        return []
    lowered = {p.lower() for p in phrases}
    users = db.session.scalars(
        sa.select(User).where(sa.or_(User.name.in_(phrases), sa.func.lower(User.name).in_(lowered)),
                              audience_clause(space))
        .order_by(User.id).limit(MAX_MENTIONS * 2)
    ).all()
    by_name: dict[str, User] = {}
    for user in users:
        by_name.setdefault(user.name.lower(), user)
    # The longest phrase after each "@" wins: "@Anna Lindqvist" is Anna, not a user "Anna".
    chosen: dict[int, User] = {}
    for match in _AT_RE.finditer(text):
        words = match.group(1).split(" ")
        for size in range(len(words), 0, -1):
            named = by_name.get(" ".join(words[:size]).rstrip(".'’-").lower())
            if named:
                chosen.setdefault(named.id, named)
                break
    return list(chosen.values())[:MAX_MENTIONS]


def _as_html_text(text: str) -> str:
    """Text as the sanitizer serializes it between tags (only &, < and > escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def highlight(html: Markup, users: list[User]) -> Markup:
    """Make the mentions of users bold in sanitized HTML, then sanitize again to be sure."""
    if not users:
        return html
    ordered = sorted(users, key=lambda u: -len(u.name))  # longest first: "Ann Lee" before "Ann"
    names = "|".join(re.escape(_as_html_text(u.name)) for u in ordered)
    pattern = re.compile(rf"(?<![\w@])@(?:{names})(?!\w)", re.IGNORECASE)
    parts = _TAG_RE.split(str(html))
    for index in range(0, len(parts), 2):  # even parts are text between tags
        parts[index] = pattern.sub(lambda m: f"<strong>{m.group(0)}</strong>", parts[index])
    return sanitize_html("".join(parts))
