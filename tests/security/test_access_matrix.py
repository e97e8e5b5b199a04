"""Access-control matrix: every route of the URL map, for seven people, answers as the rules say.

One world (tests.fixtures.security.secure_world) holds two cohorts A and B of the sample
course, each with a trainer and a learner, plus an admin, plus a "demoted" trainer: still
assigned to cohort A but changed to the learner role by the admin (issue 15, finding 2), who
must get nothing of A's trainer pages, calendar, reflections or comments. RULES maps every
endpoint to how its URL is built from that world and the expected answer per person, in the
order of ROLES:

    L    redirect to the login page
    302  any other redirect
    200, 400, 403, 404, 405   exactly that status
    4xx  403 or 404 (refused, whichever the page prefers)
    -    not checked (POST by someone allowed to change the owners' data)

GET answers are checked for every person. POST rules list only the outsiders, so the test
never changes the owners' data; the POST body is valid enough that a refusal can only come
from the access check. An endpoint missing from RULES fails the test by name.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import ApiToken, Notification, PackageVersion, Thread, WorkbookShare, utcnow
from lms.services import accounts, api_tokens, notifications
from tests.fixtures.content import SAMPLE as SAMPLE_PACKAGE

ROLES = ("anon", "learner_a", "learner_b", "trainer_a", "trainer_b", "admin", "demoted")


@dataclass
class Rule:
    """How to call an endpoint and what each person should get."""

    args: Callable = lambda w: {}
    get: str | None = None  # seven tokens, one per role
    post: str | None = None
    data: Callable = lambda w: {}
    query: Callable = lambda w: {}


def _notification(w) -> int:
    return db.session.scalar(sa.select(Notification.id).where(
        Notification.user_id == w.learner_a.id))


def _token_a(w) -> int:
    """A's trainer's API token (made on first use: only the token pages need one)."""
    token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.user_id == w.trainer_a.id))
    if token_id is None:
        token_id = api_tokens.create_token(w.trainer_a, "Matrix")[0].id
        db.session.commit()
    return token_id


def _version(w) -> dict:
    """A stored authoring version of the sample course (made on first use)."""
    from flask import current_app

    version = db.session.scalar(sa.select(PackageVersion))
    if version is None:
        store = Path(current_app.config["AUTHORING_STORE"])
        shutil.copytree(SAMPLE_PACKAGE, store / "sample" / "v1", dirs_exist_ok=True)
        version = PackageVersion(course_slug="sample", title="Sample course",
                                 content_hash="1" * 64, folder="sample/v1")
        db.session.add(version)
        db.session.commit()
    return {"version_id": version.id}


A = lambda w: {"cohort_id": w.a.id}  # noqa: E731
SAMPLE = lambda w: {"slug": "sample"}  # noqa: E731
THREAD_A = lambda w: {"thread_id": w.thread_a.id}  # noqa: E731
POST_A = lambda w: {"post_id": w.post_a.id}  # noqa: E731
SESSION_A = lambda w: {"session_id": w.session_a.id}  # noqa: E731
QUIZ = lambda w: {"slug": "sample", "item_slug": "practice-quiz"}  # noqa: E731
ENTRY_A = lambda w: {"entry_id": w.entry_a.id}  # noqa: E731

EVERYONE = "200 200 200 200 200 200 200"
PUBLIC_FORM = "- - - - - - -"
SIGNED_IN = "L 200 200 200 200 200 200"
# The demoted trainer is enrolled nowhere: a course's lessons and shared space are closed too.
STUDENTS = "L 200 200 200 200 200 403"  # learners of the course, trainers, admins
COURSE_SPACE = "L 200 200 200 200 200 404"
TRAINERS = "L 403 403 200 200 200 403"
ADMINS = "L 403 403 403 403 200 403"
A_MEMBERS = "L 200 404 200 404 200 404"  # learner and trainer of A, admin
A_TRAINERS = "L 4xx 4xx 200 4xx 200 4xx"  # trainer of A, admin
OUTSIDERS_OF_A = "L - 4xx - 4xx - 4xx"  # POST: refuse anonymous and B's people
OUTSIDERS_OF_A_MANAGEMENT = "L 4xx 4xx - 4xx - 4xx"
NO_COOKIES = "401 401 401 401 401 401 401"

ALL_400 = "400 400 400 400 400 400 400"
NOT_ADMINS = "L 403 403 403 403 - 403"


def _lti_platform(w) -> dict:
    """A registered LTI platform (created on first use)."""
    from lms.models import LtiPlatform

    platform = db.session.scalar(sa.select(LtiPlatform)) or LtiPlatform(
        name="Moodle", issuer="https://moodle.example", client_id="c1",
        auth_login_url="https://moodle.example/mod/lti/auth.php",
        auth_token_url="https://moodle.example/mod/lti/token.php",
        jwks_url="https://moodle.example/mod/lti/certs.php", deployment_ids="1")
    db.session.add(platform)
    db.session.commit()
    return {"platform_id": platform.id}


def _lti_context(w) -> dict:
    """A platform course mapped to cohort A (created on first use)."""
    from lms.models import LtiContext

    platform_id = _lti_platform(w)["platform_id"]
    context = db.session.scalar(sa.select(LtiContext)) or LtiContext(
        platform_id=platform_id, context_id="course-1", title="Course 1", cohort_id=w.a.id)
    db.session.add(context)
    db.session.commit()
    return {"context_id": context.id}


RULES: dict[str, Rule] = {
    "static": Rule(lambda w: {"filename": "css/app.css"}, get=EVERYONE),
    "main.index": Rule(get=EVERYONE),
    "main.healthz": Rule(get=EVERYONE),
    "main.readyz": Rule(get=EVERYONE),
    "main.privacy": Rule(get=EVERYONE),
    "main.markdown_preview": Rule(post="401 - - - - - -"),  # JSON endpoint: 401, not a redirect
    "i18n.switch": Rule(post=PUBLIC_FORM),  # anyone may choose a language (tests/i18n)
    # Accounts.
    # Public forms (tests/test_auth.py covers what their POSTs do).
    "auth.login": Rule(get="200 302 302 302 302 302 302", post=PUBLIC_FORM),
    "auth.register": Rule(get=EVERYONE, post=PUBLIC_FORM),
    "auth.forgot_password": Rule(get=EVERYONE, post=PUBLIC_FORM),
    "auth.reset_password": Rule(lambda w: {"token": accounts.make_reset_token(w.learner_b)},
                                get=EVERYONE, post=PUBLIC_FORM),
    "auth.logout": Rule(post="L - - - - - -"),
    "auth.change_password": Rule(get=SIGNED_IN, post="L - - - - - -"),
    "account.index": Rule(get=SIGNED_IN),
    "account.export_data": Rule(get=SIGNED_IN),
    "account.delete": Rule(post="L - - - - - -"),
    "account.profile": Rule(get=SIGNED_IN, post="L - - - - - -"),
    "account.change_email": Rule(post="L - - - - - -"),
    # The signed token is the credential: a forged one is 404 for everyone.
    "account.confirm_email": Rule(lambda w: {"token": "forged"},
                                  get="404 404 404 404 404 404 404"),
    "account.upload_picture": Rule(post="L - - - - - -"),
    "account.remove_picture": Rule(post="L - - - - - -"),
    # Pictures are for signed-in people; this one has none, so 404.
    "account.picture": Rule(lambda w: {"user_id": w.learner_b.id},
                            get="L 404 404 404 404 404 404"),
    "admin.users": Rule(get=ADMINS),
    "admin.change_role": Rule(lambda w: {"user_id": w.trainer_a.id}, post="L 403 403 403 403 - 403",
                              data=lambda w: {"role": "admin"}),
    # Authoring (tests/authoring/test_access.py adds a granted author and an ungranted trainer).
    "authoring.index": Rule(get=TRAINERS),  # a trainer without a grant reads how to get one
    "authoring.upload": Rule(post="L 403 403 - - - 403"),
    "authoring.course": Rule(SAMPLE, get=ADMINS),
    "authoring.grant": Rule(SAMPLE, post="L 403 403 403 403 - 403",
                            data=lambda w: {"email": w.learner_a.email}),
    "authoring.revoke": Rule(lambda w: {"slug": "sample", "user_id": w.trainer_a.id},
                             post="L 403 403 403 403 - 403"),
    "authoring.version": Rule(_version, get=ADMINS),
    "authoring.preview_item": Rule(lambda w: {**_version(w), "item_slug": "basics-intro"},
                                   get=ADMINS),
    "authoring.preview_asset": Rule(lambda w: {**_version(w), "name": "lq-calculator.csv"},
                                    get=ADMINS),
    "authoring.publish": Rule(_version, post="L 403 403 403 403 - 403"),
    "authoring.rollback": Rule(_version, post="L 403 403 403 403 - 403"),
    "authoring.download": Rule(_version, get=ADMINS),
    # Learning.
    "learn.home": Rule(get=SIGNED_IN),
    "learn.catalogue": Rule(get=EVERYONE),
    "learn.course": Rule(SAMPLE, get=EVERYONE),  # the outline is the course's public page
    # The secure world's sample course marks no preview: 404 for all (tests/learn/test_preview.py
    # covers visitors reading a marked lesson).
    "learn.preview": Rule(lambda w: {"slug": "sample", "item_slug": "basics-intro"},
                          get="404 404 404 404 404 404 404"),
    "learn.page": Rule(lambda w: {"slug": "sample", "page_slug": "glossary"}, get=STUDENTS),
    "learn.search": Rule(SAMPLE, get=STUDENTS, query=lambda w: {"q": "cluster"}),
    "learn.item": Rule(lambda w: {"slug": "sample", "item_slug": "basics-intro"},
                       get=STUDENTS),
    "learn.asset": Rule(lambda w: {"slug": "sample", "name": "lq-calculator.csv"},
                        get=STUDENTS),
    "learn.mark_done": Rule(lambda w: {"slug": "sample", "item_slug": "basics-intro"},
                            post="L - - - - - -"),
    "learn.mark_undone": Rule(lambda w: {"slug": "sample", "item_slug": "basics-intro"},
                              post="L - - - - - -"),
    "learn.certificate": Rule(SAMPLE, get=STUDENTS, post="L - - - - - -"),
    # Only learner A holds a certificate: a download is always one's own.
    "learn.certificate_download": Rule(SAMPLE, get="L 200 404 404 404 404 403"),
    "learn.verify_certificate": Rule(get=EVERYONE, query=lambda w: {"code": "CERTA0000001"}),
    # Quizzes and reflections.
    "quiz.start": Rule(QUIZ, post="L - - - - - -"),
    "quiz.attempt": Rule(lambda w: {**QUIZ(w), "attempt_id": w.attempt.id},
                         get="L 200 404 404 404 404 403"),
    "quiz.submit": Rule(lambda w: {**QUIZ(w), "attempt_id": w.attempt.id},
                        post="L - 404 404 404 404 403"),
    "quiz.save_draft": Rule(lambda w: {**QUIZ(w), "attempt_id": w.attempt.id},
                            post="L - 404 404 404 404 403"),
    "quiz.cohort_report": Rule(lambda w: {"cohort_id": w.a.id, "item_slug": "practice-quiz"},
                               get=A_TRAINERS),
    "quiz.cohort_reflections": Rule(
        lambda w: {"cohort_id": w.a.id, "item_slug": "practice-reflection"}, get=A_TRAINERS),
    "quiz.reflection": Rule(lambda w: {"slug": "sample", "item_slug": "practice-reflection"},
                            get="L 302 200 200 200 200 403", post="L - - - - - -"),
    "quiz.reflection_view": Rule(lambda w: {"reflection_id": w.reflection.id}, get=A_MEMBERS),
    "quiz.reflection_comment": Rule(lambda w: {"reflection_id": w.reflection.id},
                                    post="L 4xx 4xx - 4xx - 4xx",
                                    data=lambda w: {"body": "Intruding comment"}),
    "quiz.reflection_share": Rule(lambda w: {"reflection_id": w.reflection.id},
                                  post="L - 4xx 4xx 4xx 4xx 4xx",
                                  data=lambda w: {"space": "course"}),
    # The workbook (tool items of the "workshop" course; see workbook_world below).
    "workbook.save": Rule(lambda w: {"slug": "workshop", "item_slug": "growth-tool"},
                          post="L - - - - - 4xx",  # the demoted: no cohort of the workshop
                          data=lambda w: {"rows": "Food,1,2"}),
    "workbook.template": Rule(lambda w: {"slug": "workshop", "item_slug": "growth-tool"},
                              get="L 200 200 200 200 200 4xx"),  # the demoted: no cohort
    "workbook.index": Rule(get=SIGNED_IN),
    "workbook.entry": Rule(ENTRY_A, get=A_MEMBERS),
    "workbook.print_view": Rule(ENTRY_A, get=A_MEMBERS),
    "workbook.export_csv": Rule(ENTRY_A, get=A_MEMBERS),
    "workbook.export_xlsx": Rule(ENTRY_A, get=A_MEMBERS),
    "workbook.share": Rule(ENTRY_A, post="L - 4xx 4xx 4xx 4xx 4xx",
                           data=lambda w: {"space": "course"}),
    "workbook.comment": Rule(ENTRY_A, post="L 4xx 4xx - 4xx - 4xx",
                             data=lambda w: {"body": "Intruding comment"}),
    "workbook.cohort": Rule(lambda w: {"cohort_id": w.tools_a.id}, get=A_TRAINERS),
    # Trainer dashboard.
    "trainer.dashboard": Rule(get=TRAINERS),
    "trainer.cohort": Rule(A, get=A_TRAINERS),
    "trainer.export": Rule(A, get=A_TRAINERS),
    # Cohorts: the learner's side.
    "cohorts.my_training": Rule(get=SIGNED_IN),
    "cohorts.join_with_key": Rule(post="L - - - - - -"),
    "cohorts.invitation": Rule(lambda w: {"token": w.link_a.code}, get=EVERYONE,
                               post="L - - - - - -"),
    "cohorts.cohort": Rule(A, get=A_MEMBERS),
    "cohorts.cohort_calendar": Rule(A, get=A_MEMBERS),
    "cohorts.calendar_feed": Rule(lambda w: {"token": w.feed_token}, get=EVERYONE),
    "cohorts.reset_calendar_feed": Rule(post="L - - - - - -"),
    "cohorts.rsvp": Rule(SESSION_A, post="L - 4xx 4xx 4xx - 4xx",
                         data=lambda w: {"answer": "no"}),
    # Cohorts: managing.
    "cohorts.manage_cohorts": Rule(get=TRAINERS),
    "cohorts.new_cohort": Rule(get=TRAINERS, post="L 403 403 - - - 403"),
    "cohorts.manage_cohort": Rule(A, get=A_TRAINERS),
    "cohorts.edit_cohort": Rule(A, get=A_TRAINERS, post=OUTSIDERS_OF_A_MANAGEMENT,
                                data=lambda w: {"name": "Hijacked", "description": ""}),
    "cohorts.add_learner": Rule(A, post=OUTSIDERS_OF_A_MANAGEMENT,
                                data=lambda w: {"email": w.learner_b.email}),
    "cohorts.remove_learner": Rule(lambda w: {"cohort_id": w.a.id, "user_id": w.learner_a.id},
                                   get=A_TRAINERS, post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.create_invite": Rule(A, post=OUTSIDERS_OF_A_MANAGEMENT,
                                  data=lambda w: {"kind": "key"}),
    "cohorts.revoke_invite": Rule(lambda w: {"invite_id": w.key_a.id},
                                  post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.new_session": Rule(A, get=A_TRAINERS, post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.manage_session": Rule(SESSION_A, get=A_TRAINERS),
    "cohorts.edit_session": Rule(SESSION_A, get=A_TRAINERS, post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.delete_session": Rule(SESSION_A, post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.save_study_plan": Rule(SESSION_A, post=OUTSIDERS_OF_A_MANAGEMENT),
    "cohorts.save_attendance": Rule(lambda w: {"session_id": w.past_a.id},
                                    post=OUTSIDERS_OF_A_MANAGEMENT),
    # Discussions.
    "forum.index": Rule(get=SIGNED_IN),
    "forum.course_space": Rule(SAMPLE, get=COURSE_SPACE),
    "forum.cohort_space": Rule(A, get=A_MEMBERS),
    "forum.new_course_thread": Rule(SAMPLE, get=COURSE_SPACE, post="L - - - - - -"),
    "forum.new_cohort_thread": Rule(A, get=A_MEMBERS, post=OUTSIDERS_OF_A,
                                    data=lambda w: {"title": "Intruder", "body": "Hello"}),
    "forum.new_course_case": Rule(SAMPLE, get="L 403 403 200 200 200 404",
                                  post="L 403 403 - - - 404",
                                  data=lambda w: {"title": "Case", "situation": "Text"}),
    "forum.new_cohort_case": Rule(A, get=A_TRAINERS, post=OUTSIDERS_OF_A_MANAGEMENT,
                                  data=lambda w: {"title": "Case", "situation": "Text"}),
    "forum.thread": Rule(THREAD_A, get=A_MEMBERS),
    "forum.reply": Rule(THREAD_A, post=OUTSIDERS_OF_A, data=lambda w: {"body": "Intruder"}),
    "forum.follow": Rule(THREAD_A, post=OUTSIDERS_OF_A),
    "forum.unfollow": Rule(THREAD_A, post=OUTSIDERS_OF_A),
    "forum.attachment": Rule(lambda w: {"attachment_id": w.attachment.id}, get=A_MEMBERS),
    # Only files of one's own draft reflection can be removed (test_reflection_files below).
    "forum.remove_attachment": Rule(lambda w: {"attachment_id": w.attachment.id},
                                    post="L 404 404 404 404 404 404"),
    "forum.item_thread": Rule(lambda w: {"slug": "sample", "item_slug": "basics-case"},
                              get="L 302 302 302 302 302 404", post="L - - - - - -"),
    "forum.post_link": Rule(POST_A, get="L 302 404 302 404 302 404"),
    "forum.edit": Rule(POST_A, get="L 200 404 200 404 200 404", post=OUTSIDERS_OF_A,
                       data=lambda w: {"body": "Defaced"}),
    "forum.delete": Rule(POST_A, post=OUTSIDERS_OF_A),
    "forum.like": Rule(POST_A, post=OUTSIDERS_OF_A),
    "forum.report": Rule(POST_A, get="L 200 404 200 404 200 404", post=OUTSIDERS_OF_A,
                         data=lambda w: {"reason": "spam"}),
    "forum.move": Rule(THREAD_A, get="L 403 404 200 404 200 404",
                       post="L 403 4xx - 4xx - 4xx"),
    "forum.thread_flag": Rule(lambda w: {**THREAD_A(w), "action": "lock"},
                              post="L 403 4xx - 4xx - 4xx"),
    "forum.post_action": Rule(lambda w: {**POST_A(w), "action": "hide"},
                              post="L 403 4xx - 4xx - 4xx"),
    "forum.reports": Rule(get=TRAINERS),
    "forum.search": Rule(get=SIGNED_IN, query=lambda w: {"q": "pricing"}),
    "forum.notifications": Rule(get=SIGNED_IN),
    "forum.open_notification": Rule(lambda w: {"notification_id": _notification(w)},
                                    get="L 302 404 404 404 404 404"),
    "forum.read_all": Rule(post="L - - - - - -"),
    "forum.settings": Rule(get=SIGNED_IN, post="L - - - - - -"),
    # LTI 1.3 (tests/lti): platforms' endpoints answer everyone the same; a request without
    # the launch's parameters is 400 whoever sends it. The admin pages are the admins'.
    "lti.login": Rule(get=ALL_400, post=ALL_400),
    "lti.launch": Rule(post=ALL_400),
    "lti.deep_link": Rule(post=ALL_400),
    "lti.jwks": Rule(get=EVERYONE),
    "lti.continue_in_window": Rule(lambda w: {"token": "forged"}, get=ALL_400),
    "lti_admin.platforms": Rule(get=ADMINS),
    "lti_admin.new_platform": Rule(get=ADMINS, post=NOT_ADMINS),
    "lti_admin.edit_platform": Rule(_lti_platform, get=ADMINS, post=NOT_ADMINS),
    "lti_admin.delete_platform": Rule(_lti_platform, post=NOT_ADMINS),
    "lti_admin.contexts": Rule(_lti_platform, get=ADMINS),
    "lti_admin.map_context": Rule(_lti_context, post=NOT_ADMINS),
    # Token-authenticated: the link in a notification email works without signing in.
    "forum.unsubscribe": Rule(
        lambda w: {"token": notifications.unsubscribe_token(w.learner_a)}, get=EVERYONE,
        post=PUBLIC_FORM),
    # The read API: a session cookie is no credential there, so every signed-in person gets 401
    # (tests/security/test_api_access.py runs the same endpoints with each person's token).
    "api.openapi": Rule(get=EVERYONE),
    "api.me": Rule(get=NO_COOKIES),
    "api.courses": Rule(get=NO_COOKIES),
    "api.course": Rule(SAMPLE, get=NO_COOKIES),
    "api.cohorts": Rule(get=NO_COOKIES),
    "api.cohort": Rule(A, get=NO_COOKIES),
    "api.progress": Rule(A, get=NO_COOKIES),
    "api.quiz_results": Rule(A, get=NO_COOKIES),
    "api_tokens.index": Rule(get=TRAINERS),
    "api_tokens.create": Rule(post="L 403 403 - - - 403", data=lambda w: {"name": "Script"}),
    # Someone else's token: 404, as if it did not exist.
    "api_tokens.revoke": Rule(lambda w: {"token_id": _token_a(w)},
                              post="L 403 403 - 404 404 403"),
}


@pytest.fixture
def config_overrides(tool_plugin, tmp_path):
    """The workbook routes need a tool: the growth-rate plugin of tests/fixtures; authoring
    versions are kept in the test's folder."""
    return {"TOOL_ENTRY_POINTS": True, "AUTHORING_STORE": tmp_path / "versions"}


def test_a_shared_entry_is_readable_by_whoever_reads_its_space(client, auth, workbook_world):
    w = workbook_world
    for person, status in ((w.learner_a, 200), (w.trainer_a, 200), (w.admin, 200)):
        auth.login(person)
        assert client.get(f"/workbook/entries/{w.entry_b.id}").status_code == status
    auth.logout()
    assert client.get(f"/workbook/entries/{w.entry_b.id}").status_code == 302


def _matches(token: str, response) -> bool:
    if token == "L":
        return response.status_code == 302 and \
            response.headers["Location"].startswith("/account/login")
    if token == "302":
        return response.status_code == 302 and \
            not response.headers["Location"].startswith("/account/login")
    if token == "4xx":
        return response.status_code in (403, 404)
    return response.status_code == int(token)


def _tokens(spec: str) -> dict[str, str]:
    tokens = spec.split()
    assert len(tokens) == len(ROLES), spec
    return dict(zip(ROLES, tokens, strict=True))


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - RULES.keys())
    assert not missing, f"Routes without an access rule in RULES: {', '.join(missing)}"
    stale = sorted(RULES.keys() - endpoints)
    assert not stale, f"RULES for routes that no longer exist: {', '.join(stale)}"
    for rule in app.url_map.iter_rules():
        spec = RULES[rule.endpoint]
        if "GET" in rule.methods:
            assert spec.get, f"{rule.endpoint} answers GET but its rule has no GET row"
        if "POST" in rule.methods:
            assert spec.post, f"{rule.endpoint} answers POST but its rule has no POST row"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(app, client, auth, workbook_world, role):
    w = workbook_world
    if role != "anon":
        assert auth.login(getattr(w, role)).status_code == 302
    failures = []
    checks = []
    for rule in app.url_map.iter_rules():
        spec = RULES[rule.endpoint]
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **spec.args(w), **spec.query(w))
        for method in ("GET", "POST"):
            row = spec.get if method == "GET" else spec.post
            if method not in rule.methods or not row:
                continue
            token = _tokens(row)[role]
            if token != "-":
                checks.append((method, rule.endpoint, url, token, spec))
    # Every GET first, then the refused POSTs: no check sees another's side effects.
    for method, endpoint, url, token, spec in sorted(checks, key=lambda c: c[0]):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=spec.data(w))
        if not _matches(token, response):
            where = response.headers.get("Location", "")
            failures.append(f"{method} {endpoint} {url}: expected {token}, "
                            f"got {response.status_code} {where}")
        response.close()
    assert not failures, f"{role}:\n" + "\n".join(failures)


# Shared workbook entries: B's learner shared entry_b with everyone in the workshop course,
# B's second learner shared entry_b2 with cohort B only. A reader of the space reads the
# shared version (and its exports); only the owner shares, only the learner's own trainers
# (and admins) comment. The demoted trainer is in no workshop cohort.
SHARED_B = lambda w: {"entry_id": w.entry_b.id}  # noqa: E731
COHORT_B = lambda w: {"entry_id": w.entry_b2.id}  # noqa: E731
COURSE_READERS = "L 200 200 200 200 200 4xx"
COHORT_B_READERS = "L 4xx 200 4xx 200 200 4xx"
COMMENT = lambda w: {"body": "Intruding comment"}  # noqa: E731
SHARE = lambda w: {"space": "course"}  # noqa: E731
SHARED_RULES: list[tuple[str, Rule]] = [
    *((endpoint, Rule(args, get=readers))
      for args, readers in ((SHARED_B, COURSE_READERS), (COHORT_B, COHORT_B_READERS))
      for endpoint in ("workbook.entry", "workbook.print_view", "workbook.export_csv",
                       "workbook.export_xlsx")),
    ("workbook.comment", Rule(SHARED_B, post="L 4xx 4xx 4xx - - 4xx", data=COMMENT)),
    ("workbook.comment", Rule(COHORT_B, post="L 4xx 4xx 4xx - - 4xx", data=COMMENT)),
    ("workbook.share", Rule(SHARED_B, post="L 4xx - 4xx 4xx 4xx 4xx", data=SHARE)),
    ("workbook.share", Rule(COHORT_B, post="L 4xx 4xx 4xx 4xx 4xx 4xx", data=SHARE)),
    # The thread the snapshot went into, under the same rules as the entry.
    ("forum.thread", Rule(lambda w: {"thread_id": w.thread_b2.id}, get=COHORT_B_READERS)),
]


@pytest.mark.parametrize("role", ROLES)
def test_shared_workbook_entries(app, client, auth, workbook_world, role):
    w = workbook_world
    if role != "anon":
        assert auth.login(getattr(w, role)).status_code == 302
    failures = []
    for endpoint, spec in SHARED_RULES:
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **spec.args(w))
        for method, row in (("GET", spec.get), ("POST", spec.post)):
            token = _tokens(row)[role] if row else "-"
            if token == "-":
                continue
            response = client.get(url) if method == "GET" else client.post(url, data=spec.data(w))
            if not _matches(token, response):
                failures.append(f"{method} {endpoint} {url}: expected {token}, "
                                f"got {response.status_code}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


def test_a_hidden_share_closes_the_entry_to_its_readers_again(client, auth, workbook_world):
    w = workbook_world
    auth.login(w.learner_a)
    assert client.get(f"/workbook/entries/{w.entry_b.id}").status_code == 200
    for share in db.session.scalars(sa.select(WorkbookShare)
                                    .where(WorkbookShare.entry_id == w.entry_b.id)):
        db.session.get(Thread, share.thread_id).hidden_at = utcnow()  # a moderator hid it
    db.session.commit()
    assert client.get(f"/workbook/entries/{w.entry_b.id}").status_code == 404
    assert client.get(f"/workbook/entries/{w.entry_b.id}/export.xlsx").status_code == 404
    auth.login(w.trainer_b)  # the learner's trainer still reads it
    assert client.get(f"/workbook/entries/{w.entry_b.id}").status_code == 200


# Trainer-only items (visibility = "trainers"): the same endpoints, on facilitator material.
# Learners get 404 (the title stays unknown), the cohorts' trainers and admins see it, and
# nobody records progress on it or opens a discussion under it.
NOTES = lambda w: {"slug": "sample", "item_slug": "basics-case-notes"}  # noqa: E731
PLAN = lambda w: {"slug": "sample", "item_slug": "facilitation-session-plan"}  # noqa: E731
TRAINER_ONLY_RULES: list[tuple[str, Rule]] = [
    ("learn.item", Rule(NOTES, get="L 404 404 200 200 200 4xx")),
    ("learn.item", Rule(PLAN, get="L 404 404 200 200 200 4xx")),
    ("learn.mark_done", Rule(NOTES, post="L 404 404 409 409 409 4xx")),
    ("learn.mark_undone", Rule(NOTES, post="L 404 404 409 409 409 4xx")),
    ("forum.item_thread", Rule(NOTES, get="L 404 404 404 404 404 4xx",
                               post="L 404 404 404 404 404 4xx",
                               data=lambda w: {"body": "Debrief"})),
    ("quiz.start", Rule(NOTES, post="L 404 404 404 404 404 4xx")),
]


@pytest.mark.parametrize("role", ROLES)
def test_trainer_only_items(app, client, auth, secure_world, load_trainer_items, role):
    w = secure_world
    load_trainer_items()
    if role != "anon":
        assert auth.login(getattr(w, role)).status_code == 302
    failures = []
    for endpoint, spec in TRAINER_ONLY_RULES:
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, **spec.args(w))
        for method, row in (("GET", spec.get), ("POST", spec.post)):
            if not row:
                continue
            token = _tokens(row)[role]
            response = client.get(url) if method == "GET" else client.post(url, data=spec.data(w))
            if not _matches(token, response):
                failures.append(f"{method} {endpoint} {url}: expected {token}, "
                                f"got {response.status_code}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


# A reflection's files: for the learner, their trainers and admins, as the reflection is;
# taken off only by the learner, and only while it is a draft (this one is submitted).
REFLECTION_FILE_RULES: list[tuple[str, Rule]] = [
    ("forum.attachment", Rule(get="L 200 404 200 404 200 404")),
    ("forum.remove_attachment", Rule(post="L 409 404 404 404 404 404")),
]


@pytest.mark.parametrize("role", ROLES)
def test_reflection_files(app, client, auth, secure_world, tmp_path, role):
    import io

    from lms.services import attachments

    w = secure_world
    app.instance_path = str(tmp_path)
    file = attachments.store_all(None, [attachments.Upload("notes.pdf", io.BytesIO(b"%PDF-1"))],
                                 reflection=w.reflection)[0]
    db.session.commit()
    if role != "anon":
        assert auth.login(getattr(w, role)).status_code == 302
    failures = []
    for endpoint, spec in REFLECTION_FILE_RULES:
        with app.test_request_context():
            from flask import url_for

            url = url_for(endpoint, attachment_id=file.id)
        for method, row in (("GET", spec.get), ("POST", spec.post)):
            if not row:
                continue
            token = _tokens(row)[role]
            response = client.get(url) if method == "GET" else client.post(url)
            if not _matches(token, response):
                failures.append(f"{method} {url}: expected {token}, got {response.status_code}")
            response.close()
    assert not failures, f"{role}:\n" + "\n".join(failures)
