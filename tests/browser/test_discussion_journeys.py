"""Discussions as Discourse users expect them: like in place, quote into the editor, drafts
kept across pages, and after a reply the whole thread with the new post in view."""

from datetime import timedelta

from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, Item, Post, User
from lms.services import enrolment, forum
from tests.browser.helpers import enrolled_learner, make_user, sign_in

PDF = b"%PDF-1.4\n% the fee table\n"
REPLIES = ["We tier fees by company size: micro firms pay a tenth of what large ones do.",
           "Universities join free and pay in student projects.",
           "A flat fee lost us the start-ups; tiers won them back.",
           "Members who come to two events a year renew more often.",
           "We publish the fee table, so nobody haggles.",
           "Sponsors cover the events; fees cover staff."]


def _thread_with_replies(app) -> int:
    """Sofia's question in the course space, six replies under it; returns the thread id."""
    with app.app_context():
        users = {u.email: u for u in db.session.scalars(db.select(User))}
        course = db.session.scalar(db.select(Course).where(Course.slug == "sample"))
        thread = forum.start_thread(users["sofia@example.org"], forum.course_space(course),
                                    "How do you price membership?",
                                    "Our cluster charges every member the same flat fee. "
                                    "What do you do, and does it keep small firms in?")
        for number, text in enumerate(REPLIES):
            author = users["jens@example.org" if number % 2 else "trainer@example.org"]
            forum.reply(author, thread, text)
        db.session.flush()
        posts = db.session.scalars(db.select(Post).where(Post.thread_id == thread.id)
                                   .order_by(Post.id)).all()
        for liked in (posts[1], posts[3]):  # Sofia found two answers useful already
            forum.toggle_like(users["sofia@example.org"], liked)
        start = thread.created_at - timedelta(hours=7)  # a morning's conversation
        for minutes, post in enumerate(posts):
            post.created_at = start + timedelta(minutes=40 * minutes)
        db.session.commit()
        return thread.id


def _setup(app) -> int:
    """Sofia and Jens in the trainer's cohort of the sample course, and their thread."""
    enrolled_learner(app, "sofia@example.org", "Sofia Kowalska")
    make_user(app, "jens@example.org", "Jens Madsen")
    with app.app_context():
        jens = db.session.scalar(db.select(User).where(User.email == "jens@example.org"))
        enrolment.join(jens, enrolment.invite_for_key("CECIL-2024"))
        db.session.commit()
    return _thread_with_replies(app)


def test_like_in_place_keeps_the_readers_position(live_server, page, check_accessibility):
    app, base = live_server
    thread_id = _setup(app)
    sign_in(page, base, "sofia@example.org")
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"{base}/discussions/threads/{thread_id}")
    page.evaluate("window.notReloaded = true")
    post = page.locator(".post").filter(has_text="Sponsors cover the events")
    post.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    assert before > 0
    button = post.get_by_role("button", name="like this post")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator(".like-number")).to_have_text("1")
    expect(page.locator("#forum-status")).to_have_text("Liked.")
    assert page.evaluate("window.notReloaded") is True  # no reload: same page, same place
    assert page.evaluate("window.scrollY") == before
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button.locator(".like-number")).to_have_text("0")
    check_accessibility()
    page.reload()
    expect(post.get_by_role("button", name="like this post")).to_have_attribute(
        "aria-pressed", "false")


def test_like_without_javascript_returns_to_the_post_in_the_whole_thread(
        live_server, browser, check_accessibility):
    app, base = live_server
    thread_id = _setup(app)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "/account/login")
        page.get_by_label("Email").fill("sofia@example.org")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{base}/discussions/threads/{thread_id}")
        post = page.locator(".post").filter(has_text="Sponsors cover the events")
        post.get_by_role("button", name="like this post").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/discussions/threads/{thread_id}#{post.get_attribute('id')}")
        expect(page.get_by_text("charges every member the same flat fee")).to_be_visible()
        expect(post.get_by_role("button", name="unlike this post")).to_have_attribute(
            "aria-pressed", "true")
    finally:
        context.close()


def test_quote_keeps_the_draft_which_survives_navigation_and_a_reply_lands_in_the_thread(
        live_server, page, check_accessibility, screenshot, tmp_path):
    app, base = live_server
    app.instance_path = str(tmp_path)  # the uploaded file stays out of the real instance/
    thread_id = _setup(app)
    sign_in(page, base, "jens@example.org")
    thread_url = f"{base}/discussions/threads/{thread_id}"
    page.goto(thread_url)
    editor = page.get_by_label("Your reply")
    editor.fill("Tiers worked for us as well. ")
    page.evaluate("window.notReloaded = true")

    page.locator(".post").filter(has_text="A flat fee lost us").get_by_role(
        "link", name="Quote").click()
    composer = page.locator("#reply")
    expect(composer.get_by_text("Quoting")).to_be_visible()
    expect(composer.locator("blockquote")).to_contain_text("A flat fee lost us the start-ups")
    expect(editor).to_have_value("Tiers worked for us as well. ")
    expect(editor).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    editor.press("End")
    editor.type("We started at 200 euros a year.")

    page.get_by_role("link", name="Spaces").click()  # away, as a reader would wander off
    expect(page.get_by_role("heading", name="Discussions")).to_be_visible()
    page.goto(thread_url)
    expect(editor).to_have_value("Tiers worked for us as well. We started at 200 euros a year.")
    expect(page.get_by_text("Your unsent draft is back.")).to_be_visible()
    expect(composer.get_by_text("Quoting")).to_be_visible()  # the quote came back too
    check_accessibility()

    page.get_by_label("Attach files").set_input_files(files=[
        {"name": "fee-table.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Post reply").click()
    new_post = page.locator(".post").last
    expect(new_post).to_contain_text("We started at 200 euros a year.")
    expect(new_post).to_contain_text("wrote:")  # the quote, above the reply
    assert page.url.endswith(f"#{new_post.get_attribute('id')}")
    expect(new_post).to_be_in_viewport()
    outline = new_post.evaluate("(el) => getComputedStyle(el).outlineStyle")
    assert outline == "solid"  # the new post is highlighted as the link's target
    expect(page.get_by_text("charges every member the same flat fee")).to_be_attached()
    expect(page.locator(".post")).to_have_count(len(REPLIES) + 2)  # the whole thread
    with page.expect_download() as download:
        new_post.get_by_role("link", name="fee-table.pdf").click()
    assert download.value.suggested_filename == "fee-table.pdf"
    expect(editor).to_have_value("")  # posted: the draft is gone
    page.goto(thread_url)
    expect(editor).to_have_value("")
    check_accessibility()
    page.go_back()  # the thread as it was after the reply, new post highlighted
    expect(new_post).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")  # a full-page picture with the header on top
    screenshot("discussion-after-reply")


def test_a_report_reaches_the_trainer_whose_bell_clears_when_the_list_is_opened(
        live_server, page, check_accessibility, screenshot):
    app, base = live_server
    thread_id = _setup(app)
    sign_in(page, base, "jens@example.org")
    page.goto(f"{base}/discussions/threads/{thread_id}")
    page.locator(".post").first.get_by_role("link", name="Report").click()
    page.get_by_label("Rude or offensive").check()
    page.get_by_label("Anything the moderators should know").fill("Harsh about start-ups.")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("Thank you. The moderators will look at this post.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "trainer@example.org")
    nav = page.get_by_role("navigation", name="Main")
    to_review = nav.get_by_role("link", name="Reported posts: 1 to review")
    expect(to_review).to_be_visible()
    bell = nav.get_by_role("link", name="Notifications")
    expect(bell.locator(".badge")).to_have_text("4")  # Jens's three replies, and the report
    bell.click()
    notice = page.locator(".notification").filter(has_text="was reported for review")
    expect(notice).to_contain_text("A post by Sofia Kowalska in How do you price membership?")
    expect(notice.locator(".tag")).to_have_text("New")  # still marked on the page that shows it
    expect(bell.locator(".badge")).to_have_count(0)  # the bell is cleared
    tabs = page.get_by_role("navigation", name="Discussions")
    expect(tabs.get_by_role("link", name="Reports 1 open")).to_be_visible()
    check_accessibility()
    screenshot("discussion-report-notice")
    to_review.click()
    expect(page.get_by_text("“Harsh about start-ups.”")).to_be_visible()
    page.get_by_role("button", name="Dismiss").click()
    expect(page.get_by_text("The reports are dismissed.")).to_be_visible()
    expect(nav.get_by_role("link", name="Reported posts")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("navigation", name="Main").locator(".badge")).to_have_count(0)


def test_search_finds_the_lesson_and_the_posts_in_their_groups(live_server, page,
                                                               check_accessibility, screenshot):
    app, base = live_server
    _setup(app)
    sign_in(page, base, "jens@example.org")
    page.goto(base + "/discussions/")
    page.get_by_role("searchbox", name="Search lessons and discussions").fill("tiers")
    page.keyboard.press("Enter")
    posts = page.get_by_role("region", name="Discussion posts")
    expect(posts.get_by_role("link", name="How do you price membership?")).to_have_count(2)
    expect(page.get_by_role("region", name="Course content")).to_contain_text(
        "No lesson holds every word")
    page.get_by_role("searchbox", name="Search lessons and discussions").fill("specialisation")
    page.keyboard.press("Enter")
    lessons = page.get_by_role("region", name="Course content")
    expect(lessons.locator("mark")).to_have_text("Specialisation")
    check_accessibility()
    screenshot("discussion-search")
    lessons.get_by_role("link", name="Introduction").click()
    expect(page.get_by_role("heading", name="Introduction", level=1)).to_be_visible()


def test_a_reflection_with_a_file_is_shared_into_a_thread_titled_once(
        live_server, page, check_accessibility, tmp_path):
    app, base = live_server
    app.instance_path = str(tmp_path)
    _setup(app)
    with app.app_context():  # titled as the shipped course titles its reflections
        item = db.session.scalar(db.select(Item).where(Item.slug == "practice-reflection"))
        item.title = "Reflection: map your own cluster"
        db.session.commit()
    sign_in(page, base, "sofia@example.org")
    page.goto(base + "/courses/sample/items/basics-intro")
    page.get_by_role("button", name="Mark as done").click()
    page.goto(base + "/courses/sample/items/practice-reflection/reflection")
    page.get_by_label("Your reflection").fill("Our members cluster around the harbour.")
    page.get_by_label("Attach files").set_input_files(files=[
        {"name": "member-map.pdf", "mimeType": "application/pdf", "buffer": PDF},
        {"name": "wrong.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    files = page.get_by_role("list", name="Files attached to the reflection")
    expect(files.get_by_role("listitem")).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    files.get_by_role("listitem").filter(has_text="wrong.pdf").get_by_role(
        "button", name="Remove").click()
    expect(page.get_by_text("“wrong.pdf” is removed.")).to_be_visible()
    expect(files.get_by_role("listitem")).to_have_count(1)
    check_accessibility()
    page.get_by_role("button", name="Submit reflection").click()
    expect(page.get_by_role("link", name="member-map.pdf")).to_be_visible()
    page.get_by_label("Share into").select_option(label="My cohort: CECIL Copenhagen")
    page.get_by_role("button", name="Share", exact=True).click()
    page.get_by_role("link", name="See the discussion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reflection: map your own cluster")
    post = page.locator(".post").first
    expect(post).to_contain_text("Our members cluster around the harbour.")
    with page.expect_download() as download:
        post.get_by_role("link", name="member-map.pdf").click()
    assert download.value.suggested_filename == "member-map.pdf"
    check_accessibility()


def test_a_draft_under_a_lesson_survives_a_detour_and_the_post_is_shown_in_place(
        live_server, page, check_accessibility):
    app, base = live_server
    _setup(app)
    sign_in(page, base, "sofia@example.org")
    lesson = base + "/courses/sample/items/basics-intro"
    page.goto(lesson)
    discussion = page.locator("#discussion")
    discussion.get_by_label("Your reply").fill("Where do I find employment data by region?")
    page.get_by_role("link", name="Discussions").first.click()  # off to read something else
    expect(page.get_by_role("heading", name="Discussions")).to_be_visible()
    page.goto(lesson)
    editor = discussion.get_by_label("Your reply")
    expect(editor).to_have_value("Where do I find employment data by region?")
    discussion.get_by_role("button", name="Post", exact=True).click()
    mine = discussion.locator(".mini-post").filter(has_text="employment data by region")
    expect(mine).to_be_in_viewport()
    assert page.url.endswith(f"#{mine.get_attribute('id')}")
    expect(editor).to_have_value("")
    page.goto(lesson)
    expect(editor).to_have_value("")  # posted: the draft is gone for good
    check_accessibility()
