"""Stored and reflected XSS: every text input, every page that shows it, a corpus of payloads.

Content goes in through the real forms where a person would type it; pages are checked with
an HTML parser (tests/security/xss.py) for any script, event handler, style, frame or
script-capable URL that is not the app's own.
"""

from datetime import timedelta

import pytest

from lms.extensions import db
from lms.models import Enrolment, Thread
from lms.services import cohorts, forum
from tests.security.xss import PAYLOADS, active_content, assert_inert

JOINED = "\n\n".join(PAYLOADS)  # one Markdown text holding every payload


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "<" in p and "<scr<" not in p])
def test_the_checker_sees_each_html_payload_when_not_escaped(payload):
    assert active_content(f"<main>{payload}</main>")


@pytest.mark.parametrize("markdown_link", [p for p in PAYLOADS if p.startswith(("[", "!["))])
def test_the_checker_sees_script_links(markdown_link):
    url = markdown_link.split("](", 1)[1].rstrip(")")
    assert active_content(f'<a href="{url}">x</a>') or active_content(f'<img src="{url}">')


def _thread_id(response) -> int:
    assert response.status_code == 302, response.text[:500]
    return int(response.headers["Location"].split("/threads/")[1].split("#")[0].split("?")[0])


def test_posts_replies_and_thread_titles(client, act_as, secure_world):
    w = secure_world
    act_as(w.learner_a)
    ids = [_thread_id(client.post(f"/discussions/cohorts/{w.a.id}/new",
                                  data={"title": f"T {payload}", "body": payload}))
           for payload in PAYLOADS]
    ids.append(_thread_id(client.post("/discussions/courses/sample/new",
                                      data={"title": PAYLOADS[1], "body": JOINED})))
    act_as(w.trainer_a)
    for thread_id, payload in zip(ids, PAYLOADS, strict=False):
        reply = client.post(f"/discussions/threads/{thread_id}/reply", data={"body": payload})
        assert reply.status_code == 302
    pages = [f"/discussions/threads/{i}" for i in ids] + [
        f"/discussions/cohorts/{w.a.id}", "/discussions/courses/sample", "/discussions/",
        "/discussions/search?q=alert", "/discussions/search?q=script", "/trainer/",
        f"/discussions/posts/{w.post_a.id}/edit"]
    assert_inert(client, pages)
    act_as(w.learner_a)
    assert_inert(client, pages[:-2] + ["/discussions/notifications", "/learn"])
    # The titles really are on the pages, escaped: the check looked at the right thing.
    page = client.get(f"/discussions/threads/{ids[0]}").text
    assert "T &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_case_threads(client, act_as, secure_world):
    w = secure_world
    act_as(w.trainer_a)
    response = client.post(f"/discussions/cohorts/{w.a.id}/new-case", data={
        "title": PAYLOADS[2], "situation": JOINED, "questions": JOINED, "module": "0"})
    thread_id = _thread_id(response)
    pages = [f"/discussions/threads/{thread_id}", f"/discussions/cohorts/{w.a.id}"]
    assert_inert(client, pages)
    act_as(w.learner_a)
    assert_inert(client, pages)


def test_reflections_and_comments(client, act_as, make_user, secure_world):
    w = secure_world
    writer = make_user(name="Rita Reflective")
    db.session.add(Enrolment(cohort_id=w.a.id, user_id=writer.id))
    db.session.commit()
    act_as(writer)
    url = "/courses/sample/items/practice-reflection/reflection"
    assert client.post(url, data={"body": JOINED, "action": "draft"}).status_code == 302
    assert_inert(client, [url])
    submitted = client.post(url, data={"body": JOINED, "action": "submit"})
    assert submitted.status_code == 302
    view = submitted.headers["Location"]
    act_as(w.trainer_a)
    reflection_id = int(view.rstrip("/").split("/")[-1])
    comment = client.post(f"/reflections/{reflection_id}/comments", data={"body": JOINED})
    assert comment.status_code == 302
    assert_inert(client, [view, f"/cohorts/{w.a.id}/reflections/practice-reflection"])
    act_as(writer)
    assert_inert(client, [view])


def test_session_agendas_cohort_names_and_descriptions(client, act_as, make_session,
                                                       secure_world):
    w = secure_world
    cohorts.update_cohort(w.trainer_a, w.a, name=PAYLOADS[2], description=JOINED,
                          starts_on=None, ends_on=None, capacity=None)
    session = make_session(w.a, title=PAYLOADS[1], agenda=JOINED, venue=PAYLOADS[3],
                           city=PAYLOADS[0][:120], starts_in=timedelta(days=2))
    db.session.commit()
    act_as(w.trainer_a)
    assert_inert(client, [f"/manage/cohorts/{w.a.id}", f"/manage/sessions/{session.id}",
                          f"/manage/sessions/{session.id}/edit", f"/manage/cohorts/{w.a.id}/edit",
                          "/manage/cohorts", "/trainer/", f"/trainer/cohorts/{w.a.id}",
                          f"/discussions/cohorts/{w.a.id}", "/discussions/"])
    act_as(w.learner_a)
    assert_inert(client, [f"/cohorts/{w.a.id}", "/my-training", "/learn", "/discussions/",
                          f"/discussions/threads/{w.thread_a.id}"])


def test_profile_fields_on_every_page_that_shows_them(client, act_as, make_user, auth,
                                                      secure_world):
    w = secure_world
    people = []
    for payload in PAYLOADS:
        person = make_user(name=payload[:120], organisation=payload[:200], country=payload[:80])
        db.session.add(Enrolment(cohort_id=w.a.id, user_id=person.id))
        people.append(person)
    db.session.commit()
    thread = db.session.get(Thread, w.thread_a.id)
    for person in people:
        forum.reply(person, thread, f"Hello from {person.id}")
        db.session.commit()
    act_as(w.trainer_a)
    shared = [f"/discussions/threads/{w.thread_a.id}", f"/trainer/cohorts/{w.a.id}",
              f"/manage/cohorts/{w.a.id}",
              f"/cohorts/{w.a.id}/quizzes/practice-quiz",
              f"/cohorts/{w.a.id}/reflections/practice-reflection",
              f"/manage/sessions/{w.past_a.id}", "/discussions/search?q=hello",
              f"/cohorts/{w.a.id}"]
    assert_inert(client, shared)
    act_as(w.admin)
    assert_inert(client, ["/admin/users", "/admin/users?q=alert", "/admin/users?role=learner"])
    act_as(w.learner_a)
    assert_inert(client, [f"/discussions/threads/{w.thread_a.id}", "/discussions/notifications"])
    for person in people:  # each person's own name in the navigation, on their own pages
        act_as(person)
        assert_inert(client, ["/account", "/learn", "/my-training"])


def test_search_queries_and_other_echoed_parameters(client, act_as, secure_world):
    act_as(secure_world.admin)
    urls = []
    for payload in PAYLOADS:
        for base in ("/discussions/search", "/admin/users"):
            urls.append(f"{base}?q={_quoted(payload)}")
    assert_inert(client, urls)
    assert_inert(client, [f"/certificates/verify?code={_quoted(p)}" for p in PAYLOADS],
                 statuses=(200, 404))
    act_as(secure_world.learner_a)
    assert_inert(client, [f"/discussions/search?q={_quoted(p)}" for p in PAYLOADS])


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
