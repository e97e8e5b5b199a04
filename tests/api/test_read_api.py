"""The read API answers what the token's owner may see on the web, as paged JSON."""

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken


def test_me_and_no_session_cookie_needed(client, make_user, make_token, api_get):
    trainer = make_user(role="trainer", name="Tina Trainer")
    token = make_token(trainer)
    response = api_get("/me", token)
    assert response.status_code == 200
    assert response.json == {"id": trainer.id, "name": "Tina Trainer", "email": trainer.email,
                             "role": "trainer"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_a_signed_in_browser_without_a_token_gets_401(client, login_as, make_token):
    login_as("admin")
    response = client.get("/api/v1/cohorts")
    assert response.status_code == 401
    assert response.json["status"] == 401
    assert "Bearer" in response.json["error"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer clk_not-a-real-token", "Bearer ", "Basic abc",
                                    "Bearer " + "x" * 500])
def test_bad_tokens_get_401(client, header):
    response = client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json["status"] == 401


def test_a_real_token_under_another_scheme_gets_401(make_user, make_token, client):
    token = make_token(make_user(role="admin"))
    for header in (f"Basic {token}", f"Token {token}", token):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_revoked_token_gets_401_and_demoted_owner_403(app, make_user, make_token, api_get,
                                                      login_as, client):
    trainer = make_user(role="trainer")
    token = make_token(trainer)
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == trainer.id))
    row.revoked_at = row.created_at
    db.session.commit()
    assert api_get("/me", token).status_code == 401

    other = make_user(role="trainer")
    token = make_token(other)
    other.role = "learner"
    db.session.commit()
    response = api_get("/cohorts", token)
    assert response.status_code == 403
    assert "no longer a trainer" in response.json["error"]


def test_trainer_sees_only_their_cohorts(secure_world, make_token, api_get):
    w = secure_world
    token = make_token(w.trainer_a)
    listed = api_get("/cohorts", token).json
    assert [c["name"] for c in listed["data"]] == ["Cohort A"]
    assert listed["links"]["next"] is None
    assert listed["data"][0]["learners"] == 1
    assert listed["data"][0]["course"]["slug"] == "sample"
    assert api_get(f"/cohorts/{w.a.id}", token).status_code == 200
    for path in (f"/cohorts/{w.b.id}", f"/cohorts/{w.b.id}/progress",
                 f"/cohorts/{w.b.id}/quiz-results", "/cohorts/999999"):
        response = api_get(path, token)
        assert response.status_code == 404, path
        assert response.json == {"error": "No such cohort.", "status": 404}


def test_admin_sees_every_cohort(secure_world, make_token, api_get):
    w = secure_world
    names = [c["name"] for c in api_get("/cohorts", make_token(w.admin)).json["data"]]
    assert names == ["Cohort A", "Cohort B"]


def test_progress_of_a_cohort(secure_world, make_token, api_get):
    w = secure_world
    body = api_get(f"/cohorts/{w.a.id}/progress", make_token(w.trainer_a)).json
    assert body["links"]["next"] is None
    [row] = body["data"]
    assert row["learner"] == {"id": w.learner_a.id, "name": "Lena Learner-A",
                              "email": w.learner_a.email}
    done = [i["slug"] for i in row["items"] if i["completed_at"]]
    assert "basics-intro" in done and "practice-quiz" in done
    assert row["completed"] == len(done)
    assert row["total"] >= row["completed"] > 0
    assert row["percent"] == round(100 * row["completed"] / row["total"])


def test_quiz_results_of_a_cohort(secure_world, make_token, api_get):
    w = secure_world
    token = make_token(w.trainer_a)
    body = api_get(f"/cohorts/{w.a.id}/quiz-results", token).json
    [result] = body["data"]
    assert result["learner"]["id"] == w.learner_a.id
    assert result["quiz"]["slug"] == "practice-quiz"
    assert result["passed"] is True and result["score"] == 100.0
    assert result["number"] == 1 and result["submitted_at"].endswith("Z")
    assert api_get(f"/cohorts/{w.a.id}/quiz-results", token, quiz="practice-quiz").json[
        "data"] == [result]
    assert api_get(f"/cohorts/{w.a.id}/quiz-results", token, quiz="no-such-quiz").json[
        "data"] == []


def test_courses_and_a_course_outline(secure_world, make_token, api_get, load_trainer_items):
    w = secure_world
    load_trainer_items()
    token = make_token(w.trainer_b)
    courses = api_get("/courses", token).json["data"]
    assert "sample" in [c["slug"] for c in courses]
    course = api_get("/courses/sample", token).json
    items = [i for m in course["modules"] for i in m["items"]]
    assert "basics-intro" in [i["slug"] for i in items]
    # Facilitator material is for the course's cohort trainers and admins, as on the web.
    assert any(i["visibility"] == "trainers" for i in items)
    assert api_get("/courses/no-such-course", token).status_code == 404


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "201"}, {"limit": "ten"},
                                   {"after": "-1"}, {"after": "1e3"}, {"after": "²"},
                                   {"limit": "٣"}, {"after": "9" * 5000},
                                   {"after": str(2**31)}])
def test_bad_paging_parameters_get_422(make_user, make_token, api_get, query):
    token = make_token(make_user(role="admin"))
    response = api_get("/cohorts", token, **query)
    assert response.status_code == 422
    assert response.json["status"] == 422
    assert "parameter" in response.json["error"]


def test_unknown_api_url_and_method_answer_json(client, make_user, make_token, api_get):
    token = make_token(make_user(role="admin"))
    response = api_get("/nothing-here", token)
    assert response.status_code == 404 and response.json["status"] == 404
    response = client.post("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 405 and response.json["status"] == 405


def test_pages_follow_next_links_to_the_end(make_user, make_cohort, make_token, api_get):
    trainer = make_user(role="trainer")
    learners = [make_user(name=f"Learner {n:02}") for n in range(7)]
    cohort = make_cohort(trainers=[trainer], learners=learners)
    for n in range(5):
        make_cohort(name=f"Extra {n}", trainers=[trainer])
    token = make_token(trainer)
    seen, url, pages = [], f"/cohorts/{cohort.id}/progress?limit=3", 0
    while url:
        body = api_get(url, token).json
        seen += [row["learner"]["id"] for row in body["data"]]
        url = body["links"]["next"]
        pages += 1
        assert url is None or url.startswith("http://localhost/api/v1/")
    assert seen == sorted(u.id for u in learners)
    assert pages == 3
    cohorts, url = [], "/cohorts?limit=2"
    while url:
        body = api_get(url, token).json
        cohorts += [c["id"] for c in body["data"]]
        url = body["links"]["next"]
    assert len(cohorts) == 6 == len(set(cohorts))


def test_last_used_time_is_recorded(make_user, make_token, api_get):
    trainer = make_user(role="trainer")
    token = make_token(trainer)
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == trainer.id))
    assert row.last_used_at is None
    api_get("/me", token)
    db.session.expire_all()
    assert row.last_used_at is not None


@pytest.mark.parametrize("url", [
    "/cohorts/99999999999999999999999", "/cohorts/1/progress?after=4611686018427387904",
    "/cohorts?after=99999999999999999999", "/cohorts/1/quiz-results?quiz=%00",
    "/courses/%C3%A9%00", "/courses/" + "x" * 5000, "/cohorts/-1"])
def test_odd_urls_get_a_json_answer_never_a_500(make_user, make_cohort, make_token, api_get,
                                               url):
    admin = make_user(role="admin")
    make_cohort(trainers=[admin])
    response = api_get(url, make_token(admin))
    assert response.status_code in (200, 400, 404, 422), url
    assert response.is_json
