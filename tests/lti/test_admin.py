"""Admin pages: register and edit platforms; the values to paste are shown."""

import json

import sqlalchemy as sa

from lms.extensions import db
from lms.models import LtiPlatform

MOODLE = {
    "name": "Moodle of the cluster",
    "issuer": "https://moodle.cluster.example",
    "client_id": "aBc123",
    "auth_login_url": "https://moodle.cluster.example/mod/lti/auth.php",
    "auth_token_url": "https://moodle.cluster.example/mod/lti/token.php",
    "jwks_url": "https://moodle.cluster.example/mod/lti/certs.php",
    "deployment_ids": "3\n 4 \n",
}


def test_the_platforms_page_shows_the_values_to_paste(client, auth, make_user):
    auth.login(make_user(role="admin"))
    page = client.get("/admin/lti/platforms")
    assert page.status_code == 200
    for value in ("http://localhost/lti/login", "http://localhost/lti/launch",
                  "http://localhost/lti/jwks", "Redirection URI", "Content Selection URL"):
        assert value in page.text
    assert "signs now" in page.text


def test_an_admin_registers_and_edits_a_platform(client, auth, make_user):
    auth.login(make_user(role="admin"))
    assert client.get("/admin/lti/platforms/new").status_code == 200
    response = client.post("/admin/lti/platforms/new", data=MOODLE)
    assert response.status_code == 302
    platform = db.session.scalar(sa.select(LtiPlatform))
    assert platform.deployments == ["3", "4"] and platform.client_id == "aBc123"
    key_set = {"keys": [{"kty": "RSA", "kid": "k", "n": "x", "e": "AQAB"}]}
    edited = client.post(f"/admin/lti/platforms/{platform.id}",
                         data={**MOODLE, "jwks_url": "", "key_set": json.dumps(key_set)})
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(LtiPlatform, platform.id).key_set == key_set
    form = client.get(f"/admin/lti/platforms/{platform.id}")
    assert "&#34;kid&#34;: &#34;k&#34;" in form.text or '"kid": "k"' in form.text


def test_bad_values_get_clear_messages_and_422(client, auth, make_user):
    auth.login(make_user(role="admin"))
    cases = [
        ({"issuer": "http://moodle.cluster.example"}, "https://"),
        ({"jwks_url": ""}, "Give the public keyset URL or paste the key set"),
        ({"jwks_url": "", "key_set": "{not json"}, "This is not JSON"),
        ({"key_set": "[1, 2]"}, "Paste a key set"),
        ({"deployment_ids": ""}, "This field is required"),
    ]
    for change, message in cases:
        response = client.post("/admin/lti/platforms/new", data={**MOODLE, **change})
        assert response.status_code == 422, change
        assert message in response.text, change
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LtiPlatform)) == 0


def test_the_same_issuer_and_client_id_twice_is_refused(client, auth, make_user):
    auth.login(make_user(role="admin"))
    client.post("/admin/lti/platforms/new", data=MOODLE)
    again = client.post("/admin/lti/platforms/new", data={**MOODLE, "name": "Again"})
    assert again.status_code == 422 and "already registered" in again.text


def test_removing_a_platform_stops_its_launches(client, auth, make_user, platform, registered,
                                                launch):
    launch(platform.resource_claims("ana-sub", "basics-intro"))
    auth.login(make_user(role="admin"))
    assert client.post(f"/admin/lti/platforms/{registered.id}/delete").status_code == 302
    again = client.post("/lti/login", data=platform.login_initiation("ana-sub"))
    assert again.status_code == 400


def test_an_admin_sends_a_platform_course_to_an_existing_cohort(
        client, auth, make_user, make_cohort, platform, registered, launch):
    from lms.models import Enrolment, LtiContext

    launch(platform.resource_claims("ana-sub", "basics-intro"))
    context = db.session.scalar(sa.select(LtiContext))
    trainer = make_user(role="trainer")
    existing = make_cohort(name="Copenhagen spring", trainers=[trainer])
    auth.login(make_user(role="admin"))
    page = client.get(f"/admin/lti/platforms/{registered.id}/contexts")
    assert page.status_code == 200 and "Cluster management" in page.text
    assert "Copenhagen spring" in page.text
    field = f"context-{context.id}-cohort"
    moved = client.post(f"/admin/lti/contexts/{context.id}/cohort",
                        data={field: str(existing.id)})
    assert moved.status_code == 302
    launch(platform.resource_claims("ben-sub", "basics-intro"))
    ben = db.session.scalar(sa.select(Enrolment).join(Enrolment.user)
                            .where(Enrolment.cohort_id == existing.id))
    assert ben is not None and ben.user.name == "Ana Learner"  # the claims' default name


def test_a_cohort_of_another_course_or_no_cohort_is_refused(
        client, auth, make_user, platform, registered, launch, tmp_path):
    from lms.models import Cohort, Course, LtiContext
    from tests.fixtures.content import import_package, write_course

    launch(platform.resource_claims("ana-sub", "basics-intro"))
    context = db.session.scalar(sa.select(LtiContext))
    import_package(write_course(tmp_path / "big", 3))
    other = Cohort(course_id=db.session.scalar(sa.select(Course.id).where(Course.slug == "big")),
                   name="Other course cohort")
    db.session.add(other)
    db.session.commit()
    auth.login(make_user(role="admin"))
    field = f"context-{context.id}-cohort"
    for value in (str(other.id), "", "nonsense"):
        response = client.post(f"/admin/lti/contexts/{context.id}/cohort", data={field: value})
        assert response.status_code == 422 and "same course" in response.text
    db.session.expire_all()
    assert db.session.get(LtiContext, context.id).cohort.name == "Moodle: Cluster management"
