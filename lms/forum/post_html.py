"""The posts of a thread page, built as HTML in Python, one post per string format.

Twenty posts rendered through `forum/_post.html` were a quarter of the thread page (issue 23's
profile: three macros, an include and some fifty template expressions per post). Here
everything the posts share is prepared once per page (each kind of link as one `IdUrl`, the
CSRF token, the reader's time zone and locale, the labels) and each post is one f-string.
The markup is what `_post.html` produced: the same elements, classes, texts and rules for
every reader (author, moderator, hidden, deleted, reported, liked, files, quotes).

The labels are English, as they were in the template: the discussion pages are not marked
for translation yet (see `MARKED` in tests/i18n/test_catalogs.py). They are gathered in
`LABELS`, escaped once for the process; marking them means keeping the escaped labels per
language instead.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from flask import request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from lms.forum.labels import initials, time_tag
from lms.i18n import locale
from lms.i18n.formatting import format_when
from lms.models import Post, User
from lms.templating import IdUrl, viewer_timezone

LABELS = {
    "former": "Former member", "former_lower": "a former member",
    "former_quote": "A former member", "edited": "· edited", "edited_title": "Edited",
    "hidden": "Hidden", "reported": "Reported", "deleted": "This post was deleted.",
    "concealed": "This post was hidden by a moderator.", "in_reply_to": "↪ in reply to",
    "wrote": "wrote:", "quote_gone": "The quoted post is no longer available.",
    "files_by": "Files attached by", "like": "like", "likes": "likes", "unlike": "unlike",
    "this_post": "this post", "reply": "Reply", "quote": "Quote", "edit": "Edit",
    "delete": "Delete", "delete_confirm": "Delete this post?", "report": "Report",
    "show": "Show", "hide": "Hide", "admin": "Admin", "trainer": "Trainer",
    "learner": "Learner",
}
ESCAPED_LABELS = {key: escape(text) for key, text in LABELS.items()}

_SVG = ('<svg class="icon" viewBox="0 0 24 24" width="16" height="16" fill="none" '
        'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">')
# The icons of _macros/icons.html that posts use, as that macro writes them.
HEART_ICON = (_SVG + '<path d="M19 14c1.49-1.46 3-3.21 3-5.5A5.5 5.5 0 0 0 16.5 3c-1.76 0-3 '
              '.5-4.5 2-1.5-1.5-2.74-2-4.5-2A5.5 5.5 0 0 0 2 8.5c0 2.3 1.5 4.05 3 5.5l7 7Z"/>'
              '</svg>')
CLIP_ICON = (_SVG + '<path d="m21.44 11.05-9.19 9.19a6 6 0 0 1-8.49-8.49l8.57-8.57A4 4 0 1 1 '
             '18 8.84l-8.59 8.57a2 2 0 0 1-2.83-2.83l8.49-8.48"/></svg>')


class _Link:
    """An IdUrl whose URLs come escaped for an attribute (a query string's & as &amp;)."""

    def __init__(self, endpoint: str, field: str, **values) -> None:
        self._url = IdUrl(endpoint, field, **values)

    def __call__(self, value: int) -> Markup:
        return escape(self._url(value))


@dataclass
class PostContext:
    """What every post of one page shares: the reader, their rights, the page's extras and the
    links, each kind built once."""

    viewer_id: int
    moderator: bool
    locked: bool
    liked: set[int]
    reported: set[int]
    cohorts: Mapping[int, str]
    files: Mapping[int, list]
    nav_args: Mapping[str, str | None]
    thread_id: int

    def __post_init__(self) -> None:
        self.csrf = escape(generate_csrf())
        self.zone = viewer_timezone()
        self.locale = locale()
        self.labels = ESCAPED_LABELS
        shared = _shared_links(request.script_root)
        self.link, self.like, self.edit = shared.link, shared.like, shared.edit
        self.delete, self.report = shared.delete, shared.report
        self.hide, self.unhide = shared.hide, shared.unhide
        self.attachment, self.picture = shared.attachment, shared.picture
        self.reply = _Link("forum.thread", "reply_to", thread_id=self.thread_id, **self.nav_args)
        self.quote = _Link("forum.thread", "quote", thread_id=self.thread_id, **self.nav_args)


@dataclass(frozen=True)
class _SharedLinks:
    """The post links that name nothing but the post (or file, or person)."""

    link: _Link
    like: _Link
    edit: _Link
    delete: _Link
    report: _Link
    hide: _Link
    unhide: _Link
    attachment: _Link
    picture: IdUrl


@lru_cache(maxsize=16)
def _shared_links(script_root: str) -> _SharedLinks:
    """Built in the first request under each script root: url_for gives every request under
    it the same paths (nine url_for calls a thread page saved)."""
    return _SharedLinks(
        link=_Link("forum.post_link", "post_id"), like=_Link("forum.like", "post_id"),
        edit=_Link("forum.edit", "post_id"), delete=_Link("forum.delete", "post_id"),
        report=_Link("forum.report", "post_id"),
        hide=_Link("forum.post_action", "post_id", action="hide"),
        unhide=_Link("forum.post_action", "post_id", action="unhide"),
        attachment=_Link("forum.attachment", "attachment_id"),
        picture=IdUrl("account.picture", "user_id"))


def render_posts(posts: Iterable[Post], context: PostContext) -> list[Markup]:
    """Each post's <li>, in order."""
    return [render_post(post, context) for post in posts]


def _button(action: str, label: str, css: str, csrf: str, confirm: str = "") -> str:
    """The markup of the post_button macro (_macros/forms.html); values already escaped."""
    data_confirm = f' data-confirm="{confirm}"' if confirm else ""
    return (f'<form method="post" action="{action}" class="inline-form">'
            f'<input type="hidden" name="csrf_token" value="{csrf}">'
            f'<button type="submit" class="{css}"{data_confirm}>{label}</button></form>')


def _avatar(author: User | None, context: PostContext) -> str:
    """The avatar macro of forum/_macros.html: the picture, else coloured initials."""
    if author is not None and author.avatar_version:
        src = escape(f"{context.picture(author.id)}?v={int(author.avatar_version)}")
        return (f'<img class="avatar avatar-picture" src="{src}" alt="" width="40" height="40" '
                f'loading="lazy">')
    number = (author.id if author else 0) % 6
    return (f'<span class="avatar avatar-{number}" aria-hidden="true">'
            f'{escape(initials(author.name if author else "?"))}</span>')


def _role_tag(author: User | None, labels: Mapping[str, str]) -> str:
    """The role_tag macro of forum/_macros.html."""
    if author is None:
        return ""
    if author.role == "admin":
        return f'<span class="tag tag-role-admin">{labels["admin"]}</span>'
    if author.role == "trainer":
        return f'<span class="tag tag-role-trainer">{labels["trainer"]}</span>'
    return f'<span class="tag tag-muted">{labels["learner"]}</span>'


def _head(post: Post, context: PostContext, concealed: bool) -> str:
    """The post's header: author, role, organisation and cohort, time, state tags."""
    labels, author = context.labels, post.author
    parts = [f'<header class="post-head"><span class="post-author" id="post-{post.id}-author">'
             f'{escape(author.name) if author else labels["former"]}</span>',
             _role_tag(author, labels)]
    if author is not None:
        cohort = context.cohorts.get(author.id)
        sep = " · " if cohort and author.organisation else ""
        parts.append(f'<span class="post-org muted">{escape(author.organisation)}{sep}'
                     f'{escape(cohort) if cohort else ""}</span>')
    parts.append(f'<a class="post-time muted" href="{context.link(post.id)}">'
                 f'{time_tag(post.created_at, context.zone)}</a>')
    if post.edited_at and not concealed:
        when = escape(format_when(post.edited_at, context.zone, context.locale))
        parts.append(f'<span class="muted small" title="{labels["edited_title"]} {when}">'
                     f'{labels["edited"]}</span>')
    if post.hidden_at and context.moderator:
        parts.append(f'<span class="tag tag-bad">{labels["hidden"]}</span>')
    if post.id in context.reported:
        parts.append(f'<span class="tag tag-warn">{labels["reported"]}</span>')
    parts.append("</header>")
    return "".join(parts)


def _body(post: Post, context: PostContext, author_name: str) -> str:
    """What the post says: the post it answers or quotes, its text, its files."""
    labels, parts = context.labels, []
    reply_to, quoted = post.reply_to, post.quote_of
    if reply_to is not None and not post.quote_of_id:
        name = escape(reply_to.author.name) if reply_to.author else labels["former_lower"]
        parts.append(f'<p class="reply-to small"><a href="{context.link(reply_to.id)}">'
                     f'{labels["in_reply_to"]} {name}</a></p>')
    if quoted is not None:
        if quoted.deleted_at is None and (quoted.hidden_at is None or context.moderator):
            name = escape(quoted.author.name) if quoted.author else labels["former_quote"]
            # body_html was rendered and sanitized (nh3) when posted.
            parts.append(f'<blockquote class="quote"><p class="quote-head">'
                         f'<a href="{context.link(quoted.id)}">{name} {labels["wrote"]}</a></p>'
                         f'{quoted.body_html}</blockquote>')
        else:
            parts.append(f'<p class="quote quote-gone small">{labels["quote_gone"]}</p>')
    parts.append(f'<div class="prose post-body">{post.body_html}</div>')
    files = context.files.get(post.id)
    if files:
        parts.append(f'<ul class="attachment-list post-files" '
                     f'aria-label="{labels["files_by"]} {author_name}">')
        for file in files:
            parts.append(f'<li><a href="{context.attachment(file.id)}" download>{CLIP_ICON} '
                         f'{escape(file.filename)}</a> <span class="muted small">'
                         f'{math.ceil(file.size / 1024)} KB</span></li>')
        parts.append("</ul>")
    return "".join(parts)


def _actions(post: Post, context: PostContext, own: bool, author_name: str) -> str:
    """The footer: likes, reply and quote, edit and delete, report, hide or show."""
    labels, csrf = context.labels, context.csrf
    count = post.like_count
    words = labels["like"] if count == 1 else labels["likes"]
    parts = ['<footer class="post-actions">']
    if own:
        parts.append(f'<span class="like-count muted">{HEART_ICON} {count}'
                     f'<span class="visually-hidden"> {words}</span></span>')
    else:
        liked = post.id in context.liked
        parts.append(
            f'<form method="post" action="{context.like(post.id)}" class="inline-form like-form">'
            f'<input type="hidden" name="csrf_token" value="{csrf}">'
            f'<button type="submit" class="action like-button{" is-liked" if liked else ""}" '
            f'aria-pressed="{"true" if liked else "false"}">{HEART_ICON} '
            f'<span class="like-number">{count}</span><span class="visually-hidden like-words"> '
            f'{words}, {labels["unlike"] if liked else labels["like"]} {labels["this_post"]}'
            f'</span></button></form>')
    if not context.locked or context.moderator:
        for kind, url in (("reply", context.reply), ("quote", context.quote)):
            parts.append(f'<a class="action" href="{url(post.id)}#reply" '
                         f'data-answer="{kind}" data-post="{post.id}" '
                         f'data-author="{author_name}">{labels[kind]}</a>')
    if own or context.moderator:
        parts.append(f'<a class="action" href="{context.edit(post.id)}">{labels["edit"]}</a>')
        parts.append(_button(context.delete(post.id), labels["delete"], "action", csrf,
                             labels["delete_confirm"]))
    if not own:
        parts.append(f'<a class="action" href="{context.report(post.id)}">'
                     f'{labels["report"]}</a>')
    if context.moderator:
        if post.hidden_at:
            parts.append(_button(context.unhide(post.id), labels["show"], "action action-mod",
                                 csrf))
        else:
            parts.append(_button(context.hide(post.id), labels["hide"], "action action-mod",
                                 csrf))
    parts.append("</footer>")
    return "".join(parts)


def render_post(post: Post, context: PostContext) -> Markup:
    """One post's <li> as the reader may see it: a deleted post as a placeholder, a hidden one
    as a placeholder too except for moderators, who see it marked."""
    author = post.author
    own = author is not None and author.id == context.viewer_id
    concealed = bool(post.deleted_at or (post.hidden_at and not context.moderator))
    author_name = escape(author.name) if author else context.labels["former_lower"]
    classes = (" is-hidden" if post.hidden_at else "") + (" is-deleted" if post.deleted_at else "")
    if post.deleted_at:
        body = f'<p class="post-placeholder">{context.labels["deleted"]}</p>'
    elif concealed:
        body = f'<p class="post-placeholder">{context.labels["concealed"]}</p>'
    else:
        body = _body(post, context, author_name)
    html = (f'<li class="post{classes}" id="post-{post.id}"{" data-own" if own else ""}>'
            f'<article aria-labelledby="post-{post.id}-author">{_avatar(author, context)}'
            f'<div class="post-main">{_head(post, context, concealed)}{body}'
            f'{"" if concealed else _actions(post, context, own, author_name)}'
            f'</div></article></li>')
    # Every value above was escaped, or is sanitized HTML stored with the post.
    return Markup(html)  # noqa: S704  # nosec B704
