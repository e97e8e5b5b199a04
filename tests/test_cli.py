"""Command-line tools."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import User


def test_users_create_makes_an_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "--email", "Boss@Example.org", "--role",
                                 "admin", "--password", "a long admin password"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        assert (user.email, user.role) == ("boss@example.org", "admin")


def test_users_create_refuses_a_duplicate(app, make_user):
    make_user(email="boss@example.org")
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "boss@example.org",
                                                "--password", "a long admin password"])
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_demo_seed_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed"])
    second = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "admin@example.org" in second.output
    with app.app_context():
        roles = db.session.execute(sa.select(User.role, sa.func.count()).group_by(User.role))
        assert dict(roles.all()) == {"admin": 1, "trainer": 2, "learner": 6}


def test_demo_seed_makes_cohorts_once(app, load_sample_package):
    from lms.models import Cohort, Enrolment, Invite, TrainingSession

    load_sample_package()
    runner = app.test_cli_runner()
    counts = []
    for _ in range(2):
        result = runner.invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output
        counts.append([db.session.scalar(sa.select(sa.func.count()).select_from(model))
                       for model in (Cohort, TrainingSession, Enrolment, Invite)])
    assert counts[0] == counts[1] and counts[0][0] == 5, counts
    assert "CECIL" in result.output and "key " in result.output
    names = set(db.session.scalars(sa.select(Cohort.name)))
    assert "International Cluster Course · Copenhagen 2017" in names


def test_demo_seed_without_a_course_says_so(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0 and "flask courses sync" in result.output


def test_demo_seed_with_the_real_course_is_idempotent_and_pages_render(app, app_ctx, client,
                                                                        auth):
    from pathlib import Path

    from lms.models import ItemProgress, Post, Thread
    from tests.fixtures.content import import_package

    import_package(Path(__file__).resolve().parent.parent / "courses" / "cluster-management")
    runner = app.test_cli_runner()
    counts = []
    for _ in range(2):
        assert runner.invoke(args=["demo", "seed"]).exit_code == 0
        counts.append([db.session.scalar(sa.select(sa.func.count()).select_from(model))
                       for model in (User, ItemProgress, Thread, Post)])
    assert counts[0] == counts[1] and counts[0][2] >= 3, counts
    auth.login("sofia@example.org", password="demo-password")
    for url in ("/learn", "/my-training", "/discussions/", "/courses/cluster-management"):
        assert client.get(url).status_code == 200, url
    auth.login("anna.trainer@example.org", password="demo-password")
    assert client.get("/trainer/").status_code == 200


def test_demo_trainer_sees_the_facilitator_pack_and_no_learner_does(app, app_ctx, client, auth):
    from pathlib import Path

    from lms.models import Item
    from tests.fixtures.content import import_package

    import_package(Path(__file__).resolve().parent.parent / "courses" / "cluster-management")
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    pack = list(db.session.scalars(sa.select(Item).where(Item.visibility == "trainers")))
    assert len(pack) >= 9  # five teaching notes, a guide and four session plans
    base = "/courses/cluster-management"
    auth.login("anna.trainer@example.org", password="demo-password")
    outline = client.get(base).text
    assert "Facilitator pack" in outline and all(item.title in outline for item in pack)
    for item in pack:
        assert client.get(f"{base}/items/{item.slug}").status_code == 200, item.slug
    learners = db.session.scalars(sa.select(User.email).where(User.role == "learner")).all()
    for email in learners:
        auth.login(email, password="demo-password")
        outline = client.get(base).text
        assert "Facilitator pack" not in outline and "Teaching notes" not in outline, email
        for item in pack:
            assert client.get(f"{base}/items/{item.slug}").status_code == 404, (email, item.slug)
