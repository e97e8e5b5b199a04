"""The posts of a thread page, rendered in Python (lms/forum/post_html.py): what each reader
may see and do on each post."""

import re

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Attachment, Post, PostReport, utcnow
from lms.services import forum


@pytest.fixture
def posts(world, make_thread):
    """Sofia opens; Jens answers (edited, one file); the admin's post is hidden; Elena's is
    reported and quotes Jens; Sofia's second is deleted."""
    thread = make_thread(world.sofia, forum.course_space(world.course), title="Fees")
    opening = thread_posts(thread)[0]
    jens = forum.reply(world.jens, thread, "Flat fee <b>here</b>", reply_to_id=opening.id)
    admin = forum.reply(world.admin, thread, "Off topic")
    elena = forum.reply(world.elena, thread, "Agreed", quote_of_id=jens.id)
    gone = forum.reply(world.sofia, thread, "Oops")
    db.session.flush()
    jens.edited_at = utcnow()
    admin.hidden_at = utcnow()
    gone.deleted_at = utcnow()
    db.session.add(PostReport(post_id=elena.id, reporter_id=world.jens.id, reason="spam"))
    db.session.add(Attachment(thread_id=thread.id, post_id=jens.id, filename="<fees>.pdf",
                              stored_name="x1", content_type="application/pdf", size=1500))
    forum.toggle_like(world.sofia, jens)
    db.session.commit()
    return thread, {"opening": opening, "jens": jens, "admin": admin, "elena": elena,
                    "gone": gone}


def thread_posts(thread):
    return db.session.scalars(sa.select(Post).where(Post.thread_id == thread.id)
                              .order_by(Post.id)).all()


def post_items(html: str) -> dict[int, str]:
    """Each post's <li> by post id."""
    stream = html.split('<ol class="post-stream">')[1].split("</ol>")[0]
    chunks = re.split(r'(?=<li class="post[ "])', stream)
    return {int(re.search(r'id="post-(\d+)"', chunk).group(1)): chunk
            for chunk in chunks if chunk.startswith('<li class="post')}


def page_for(client, act_as, user, thread) -> dict[int, str]:
    act_as(user)
    response = client.get(f"/discussions/threads/{thread.id}")
    assert response.status_code == 200
    return post_items(response.text)


def test_the_author_may_edit_and_delete_but_not_like_or_report_their_own_post(
        client, world, act_as, posts):
    thread, p = posts
    items = page_for(client, act_as, world.sofia, thread)
    own = items[p["opening"].id]
    assert "data-own" in own and f"/discussions/posts/{p['opening'].id}/edit" in own
    assert f"/discussions/posts/{p['opening'].id}/delete" in own
    assert 'data-confirm="Delete this post?"' in own
    assert "like-form" not in own and 'class="like-count muted"' in own
    assert f"/posts/{p['opening'].id}/report" not in own
    other = items[p["jens"].id]
    assert "data-own" not in other and "/edit" not in other and "/delete" not in other
    assert f"/discussions/posts/{p['jens'].id}/report" in other
    assert 'class="action like-button is-liked" aria-pressed="true"' in other
    assert '<span class="like-number">1</span>' in other and "> like, unlike this post<" in other


def test_a_learner_sees_no_moderation_and_hidden_or_deleted_posts_as_placeholders(
        client, world, act_as, posts):
    thread, p = posts
    items = page_for(client, act_as, world.jens, thread)
    assert "This post was hidden by a moderator." in items[p["admin"].id]
    assert "Off topic" not in items[p["admin"].id] and "post-actions" not in items[p["admin"].id]
    assert "This post was deleted." in items[p["gone"].id] and "Oops" not in items[p["gone"].id]
    page = "".join(items.values())
    assert "Reported" not in page and "tag-bad" not in page and "/moderate/" not in page
    assert "Copenhagen 2024" in items[p["opening"].id]  # the author's cohort
    assert 'class="action like-button" aria-pressed="false"' in items[p["elena"].id]


def test_a_moderator_sees_hidden_and_reported_posts_marked_and_may_act_on_every_post(
        client, world, act_as, posts):
    thread, p = posts
    items = page_for(client, act_as, world.trainer, thread)
    hidden = items[p["admin"].id]
    assert "Off topic" in hidden and '<span class="tag tag-bad">Hidden</span>' in hidden
    assert f"/discussions/posts/{p['admin'].id}/moderate/unhide" in hidden and ">Show<" in hidden
    assert '<span class="tag tag-role-admin">Admin</span>' in hidden
    reported = items[p["elena"].id]
    assert '<span class="tag tag-warn">Reported</span>' in reported
    assert f"/discussions/posts/{p['elena'].id}/moderate/hide" in reported
    assert f"/discussions/posts/{p['elena'].id}/edit" in reported  # not their own: moderator
    assert '<span class="tag tag-warn">' not in items[p["jens"].id]


def test_values_are_escaped_and_quotes_replies_files_and_edits_show(
        client, world, act_as, posts):
    thread, p = posts
    world.jens.name = "Jens <i>Madsen</i>"
    db.session.commit()
    items = page_for(client, act_as, world.elena, thread)
    jens = items[p["jens"].id]
    assert "Jens &lt;i&gt;Madsen&lt;/i&gt;" in jens and "<i>Madsen" not in jens
    assert 'data-author="Jens &lt;i&gt;Madsen&lt;/i&gt;"' in jens
    assert "&lt;fees&gt;.pdf" in jens and "2 KB" in jens and "· edited" in jens
    assert f'href="/discussions/posts/{p["opening"].id}">↪ in reply to Sofia Kowalska' in jens
    quote = items[p["elena"].id]
    assert '<blockquote class="quote">' in quote
    assert "Jens &lt;i&gt;Madsen&lt;/i&gt; wrote:" in quote
    assert "Flat fee" in quote  # the quoted post's body


def test_a_locked_thread_offers_reply_and_quote_to_moderators_only(
        client, world, act_as, posts):
    thread, p = posts
    thread.locked = True
    db.session.commit()
    learner = page_for(client, act_as, world.jens, thread)
    assert 'data-answer="reply"' not in "".join(learner.values())
    trainer = page_for(client, act_as, world.trainer, thread)
    assert f'href="/discussions/threads/{thread.id}?quote={p["jens"].id}#reply"' in \
        trainer[p["jens"].id]
