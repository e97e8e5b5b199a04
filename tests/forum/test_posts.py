"""Posts: replies, quotes, edits, soft deletes, likes, XSS, mentions and case completion."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, ItemProgress, Notification, Post, PostLike, Thread
from lms.services import forum, progress


@pytest.fixture
def thread(world, make_thread):
    return make_thread(world.sofia, forum.course_space(world.course), title="Pricing")


def posts_of(thread):
    return db.session.scalars(sa.select(Post).where(Post.thread_id == thread.id)
                              .order_by(Post.id)).all()


def test_reply_appears_and_bumps_the_thread(client, world, login_as, thread):
    login_as(user=world.jens)
    response = client.post(f"/discussions/threads/{thread.id}/reply",
                           data={"body": "We use **three tiers**."})
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True)
    assert "<strong>three tiers</strong>" in page.text
    assert "Jens Madsen" in page.text and "CleanTech Cluster Zealand" in page.text
    assert "Copenhagen 2024" in page.text  # the author's cohort
    db.session.refresh(thread)
    assert thread.post_count == 2


def test_empty_reply_is_422_with_a_message(client, world, login_as, thread):
    login_as(user=world.jens)
    response = client.post(f"/discussions/threads/{thread.id}/reply", data={"body": "  "})
    assert response.status_code == 422 and "Write something first." in response.text


@pytest.mark.parametrize("payload, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">click</a>', "javascript:"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', "data:"),
    ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "data:"),
    ('<div onclick="alert(1)" style="color:red">hi</div>', "onclick"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
])
def test_xss_payloads_are_rendered_inert(client, world, login_as, thread, payload, forbidden):
    login_as(user=world.jens)
    client.post(f"/discussions/threads/{thread.id}/reply", data={"body": payload})
    stored = posts_of(thread)[-1]
    assert forbidden not in stored.body_html.lower()
    page = client.get(f"/discussions/threads/{thread.id}")
    body = page.text.split('class="post-stream"')[1].split('id="reply"')[0]
    assert forbidden not in body.lower()


def test_quote_shows_the_quoted_post_until_it_is_hidden(client, world, login_as, thread):
    first = posts_of(thread)[0]
    login_as(user=world.jens)
    client.post(f"/discussions/threads/{thread.id}/reply",
                data={"body": "Agreed.", "quote_of": str(first.id)})
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "Sofia Kowalska wrote:" in page
    first.hidden_at = first.created_at
    db.session.commit()
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "flat fee" not in page  # hidden in the post and in the quote
    assert "The quoted post is no longer available." in page


def test_quote_of_a_post_in_another_thread_is_refused(client, world, login_as, thread,
                                                      make_thread):
    other = make_thread(world.sofia, forum.cohort_space(world.a), title="Private")
    private_post = posts_of(other)[0]
    login_as(user=world.elena)
    response = client.post(f"/discussions/threads/{thread.id}/reply",
                           data={"body": "x", "quote_of": str(private_post.id)})
    assert response.status_code == 422
    assert "Private" not in response.text.split("<main")[1].split("post-stream")[0]


def test_edit_own_post_marks_it_edited(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.sofia)
    assert client.get(f"/discussions/posts/{post.id}/edit").status_code == 200
    response = client.post(f"/discussions/posts/{post.id}/edit", data={"body": "Changed _text_"})
    assert response.status_code == 302
    db.session.refresh(post)
    assert post.edited_at is not None and "<em>text</em>" in post.body_html
    assert "· edited" in client.get(f"/discussions/threads/{thread.id}").text


def test_nobody_edits_or_deletes_another_learners_post(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.jens)
    assert client.get(f"/discussions/posts/{post.id}/edit").status_code == 403
    assert client.post(f"/discussions/posts/{post.id}/edit", data={"body": "x"}).status_code == 403
    assert client.post(f"/discussions/posts/{post.id}/delete").status_code == 403
    db.session.refresh(post)
    assert post.deleted_at is None and "flat fee" in post.body


def test_moderator_can_edit_and_delete_others_posts(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.trainer)
    assert client.post(f"/discussions/posts/{post.id}/edit", data={"body": "Tidied"}
                       ).status_code == 302
    assert client.post(f"/discussions/posts/{post.id}/delete").status_code == 302
    db.session.refresh(post)
    assert post.deleted_at is not None


def test_delete_own_post_is_soft(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.sofia)
    assert client.post(f"/discussions/posts/{post.id}/delete").status_code == 302
    db.session.refresh(post)
    assert post.deleted_at is not None and post.body  # the row and text stay
    page = client.get(f"/discussions/threads/{thread.id}").text
    assert "This post was deleted." in page and "flat fee" not in page


def test_like_is_unique_and_toggles(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.jens)
    client.post(f"/discussions/posts/{post.id}/like")
    db.session.refresh(post)
    assert post.like_count == 1
    assert 'aria-pressed="true"' in client.get(f"/discussions/threads/{thread.id}").text
    client.post(f"/discussions/posts/{post.id}/like")
    db.session.refresh(post)
    assert post.like_count == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PostLike)) == 0


def test_cannot_like_own_post(client, world, login_as, thread):
    post = posts_of(thread)[0]
    login_as(user=world.sofia)
    assert client.post(f"/discussions/posts/{post.id}/like").status_code == 409


def test_mention_notifies_someone_who_can_see_the_space(client, world, login_as, thread):
    login_as(user=world.jens)
    client.post(f"/discussions/threads/{thread.id}/reply",
                data={"body": "What do you think, @anna lindqvist?"})
    post = posts_of(thread)[-1]
    assert "<strong>@anna lindqvist</strong>" in post.body_html
    kinds = dict(db.session.execute(sa.select(Notification.user_id, Notification.kind)).all())
    assert kinds[world.trainer.id] == "mention"
    assert kinds[world.sofia.id] == "reply"  # she follows the thread she started


def test_mention_of_someone_outside_the_space_does_nothing_and_leaks_nothing(
        client, world, login_as, make_thread):
    private = make_thread(world.sofia, forum.cohort_space(world.a), title="Cohort only")
    login_as(user=world.jens)
    client.post(f"/discussions/threads/{private.id}/reply",
                data={"body": "Hello @Elena Papadopoulou and @Nobody Atall"})
    post = posts_of(private)[-1]
    assert "<strong>" not in post.body_html  # treated exactly like an unknown name
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.user_id == world.elena.id)) == 0


def test_posting_in_a_case_items_thread_completes_the_case(client, world, login_as):
    login_as(user=world.sofia)
    client.post("/courses/sample/items/basics-intro/done")
    response = client.post("/discussions/lessons/sample/basics-case",
                           data={"body": "I would start with a member survey."})
    assert response.status_code == 302
    thread = db.session.scalar(sa.select(Thread).where(Thread.kind == "item"))
    assert thread.item.slug == "basics-case" and thread.space.cohort_id is None
    progress = db.session.scalar(sa.select(ItemProgress).where(
        ItemProgress.user_id == world.sofia.id, ItemProgress.item_id == thread.item_id))
    assert progress.completed_by == "post" and progress.completed_at is not None
    lesson = client.get("/courses/sample/items/basics-case").text
    assert "I would start with a member survey." in lesson and 'id="discussion"' in lesson
    post = db.session.scalars(sa.select(Post).order_by(Post.id)).all()[-1]
    assert response.headers["Location"].endswith(
        f"/courses/sample/items/basics-case#post-{post.id}")
    assert f'id="post-{post.id}" data-own' in lesson  # the writer lands on their post


def test_item_thread_is_created_once(client, world, login_as):
    login_as(user=world.sofia)
    client.post("/discussions/lessons/sample/basics-intro", data={"body": "First"})
    client.post("/discussions/lessons/sample/basics-intro", data={"body": "Second"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Thread)) == 1
    assert client.get("/discussions/lessons/sample/basics-intro").status_code == 302


def test_empty_item_post_is_422(client, world, login_as):
    login_as(user=world.sofia)
    response = client.post("/discussions/lessons/sample/basics-intro", data={"body": ""})
    assert response.status_code == 422 and "Write something first." in response.text


def test_outsider_cannot_post_under_a_lesson(client, world, login_as):
    login_as(user=world.outsider)
    assert client.post("/discussions/lessons/sample/basics-intro",
                       data={"body": "hi"}).status_code == 404


def test_lesson_page_shows_its_thread_read_with_the_course(client, world, login_as,
                                                           count_queries):
    login_as(user=world.sofia)
    client.post("/discussions/lessons/sample/basics-intro", data={"body": "Pricing question"})
    client.get("/courses/sample/items/basics-intro")  # the first view writes "seen"
    with count_queries() as counter:
        page = client.get("/courses/sample/items/basics-intro")
    assert "Pricing question" in page.text and "1 post · open the full thread" in page.text
    queries = [s for s in counter.statements if s != "BEGIN"]  # SQLite's own BEGIN
    # the user; the course, its access check and the thread; states; the latest posts
    assert len(queries) <= 4, queries
    progress.mark_completed(world.sofia, db.session.scalar(
        sa.select(Item).where(Item.slug == "basics-intro")), by="done")
    db.session.commit()  # basics-case opens
    other = client.get("/courses/sample/items/basics-case").text  # a lesson without a thread
    assert "Pricing question" not in other and "No one has posted about this lesson yet" in other


def test_a_hidden_lesson_thread_is_not_shown_to_learners(client, world, login_as):
    login_as(user=world.sofia)
    client.post("/discussions/lessons/sample/basics-intro", data={"body": "Pricing question"})
    db.session.execute(sa.update(Thread).values(hidden_at=sa.func.now()))
    db.session.commit()
    page = client.get("/courses/sample/items/basics-intro").text
    assert "Pricing question" not in page and "open the full thread" not in page
