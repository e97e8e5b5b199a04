"""Deep linking: a teacher picks content; the platform verifies our signed response."""

import re

import requests
import sqlalchemy as sa

from lms.extensions import db
from lms.models import Item, User
from tests.lti.platform import DL, LTI


def _pick(client, page_html: str, *slugs: str):
    token = re.search(r'name="token" value="([^"]+)"', page_html).group(1)
    ids = [str(db.session.scalar(sa.select(Item.id).where(Item.slug == s))) for s in slugs]
    return client.post("/lti/deep-link", data={"token": token, "item": ids})


def _returned(html: str) -> tuple[str, str]:
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    return action, re.search(r'name="JWT" value="([^"]+)"', html).group(1)


def test_the_teacher_places_a_lesson_and_a_quiz_and_the_platform_verifies_it(
        client, platform, registered, launch):
    picker = launch(platform.deep_linking_claims())
    assert picker.status_code == 200
    assert "Check your understanding" in picker.text and "(quiz)" in picker.text
    # The picker opens in the platform's dialog: framing by the platform only.
    assert f"frame-ancestors 'self' {platform.base}" in picker.headers["Content-Security-Policy"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0

    answer = _pick(client, picker.text, "basics-intro", "practice-quiz")
    assert answer.status_code == 200
    assert f"form-action 'self' {platform.base}" in answer.headers["Content-Security-Policy"]
    action, signed = _returned(answer.text)
    assert action == platform.return_url
    placed = requests.post(action, data={"JWT": signed}, timeout=10)  # the browser's post
    assert placed.status_code == 200, placed.text
    items = platform.deep_links[0][DL + "content_items"]
    assert [i["custom"] for i in items] == [{"course": "sample", "item": "basics-intro"},
                                           {"course": "sample", "item": "practice-quiz"}]
    assert [i["lineItem"]["scoreMaximum"] for i in items] == [1, 100]
    assert all(i["url"] == "http://localhost/lti/launch" for i in items)

    # A learner then opens the placed quiz: the platform sends its custom parameters.
    claims = platform.resource_claims("ana-sub", "ignored", link="placed-quiz")
    claims[LTI + "custom"] = items[1]["custom"]
    opened = launch(claims)
    assert opened.headers["Location"] == "/courses/sample/items/practice-quiz"


def test_a_selection_without_a_valid_token_is_refused(client, registered):
    response = client.post("/lti/deep-link", data={"token": "forged", "item": ["1"]})
    assert response.status_code == 400 and "Select content" in response.text


def test_picking_nothing_gets_a_clear_message(client, platform, registered, launch):
    picker = launch(platform.deep_linking_claims())
    response = _pick(client, picker.text)
    assert response.status_code == 422 and "Pick at least one" in response.text
    # The picker again, still in the platform's dialog, and it still works.
    assert f"frame-ancestors 'self' {platform.base}" in response.headers["Content-Security-Policy"]
    assert _pick(client, response.text, "basics-intro").status_code == 200


def test_the_picker_costs_the_same_queries_for_small_and_large_courses(
        client, platform, registered, launch, count_queries, tmp_path):
    from tests.fixtures.content import import_package, write_course

    counts = []
    for size in (5, 60):
        import_package(write_course(tmp_path / str(size), size))
        with count_queries() as counter:
            picker = launch(platform.deep_linking_claims())
        assert picker.status_code == 200 and f">L{size - 1} <" in picker.text
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_a_request_without_data_gets_a_response_without_data(client, platform, registered,
                                                              launch):
    platform.deep_link_data = None
    picker = launch(platform.deep_linking_claims())
    answer = _pick(client, picker.text, "basics-intro")
    action, signed = _returned(answer.text)
    assert requests.post(action, data={"JWT": signed}, timeout=10).ok
    assert DL + "data" not in platform.deep_links[0]


def test_a_selection_for_a_platform_removed_meanwhile_is_refused(client, platform, registered,
                                                                 launch):
    picker = launch(platform.deep_linking_claims())
    db.session.delete(registered)
    db.session.commit()
    response = _pick(client, picker.text, "basics-intro")
    assert response.status_code == 404 and "no longer registered" in response.text
