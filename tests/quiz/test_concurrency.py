"""Twenty simultaneous requests on a shared database: one graded attempt, no 5xx."""

import threading

import pytest
import sqlalchemy as sa

from lms.extensions import db
from lms.models import QuizAnswer, QuizAttempt
from tests.fixtures.auth import AuthActions
from tests.fixtures.quiz import QUIZ_URL, RIGHT, form_data, graded_attempts

THREADS = 20


@pytest.fixture
def config_overrides(file_database):
    return file_database


def _logged_in_clients(app, learner, count):
    clients = []
    for _ in range(count):
        client = app.test_client()
        assert AuthActions(client).login(learner).status_code == 302
        clients.append(client)
    return clients


def _all_at_once(clients, request):
    """Send request(client) from one thread per client, released together; return statuses."""
    barrier = threading.Barrier(len(clients))
    results: list = [None] * len(clients)

    def run(index, client):
        barrier.wait()
        try:
            results[index] = request(client)
        except Exception as exc:  # an unhandled error in the app: report it, do not hang
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_concurrent_double_submission_grades_once(app, client, quiz_learner):
    learner = quiz_learner()
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    clients = _logged_in_clients(app, learner, THREADS)
    db.session.commit()
    db.session.remove()  # hold no connection or transaction while the threads write

    data = form_data(client, attempt_url, RIGHT)
    db.session.remove()
    results = _all_at_once(
        clients, lambda c: c.post(f"{attempt_url}/submit", data=data).status_code)

    assert all(status == 303 for status in results), results
    (attempt,) = graded_attempts()
    assert attempt.passed and attempt.score == 100
    assert db.session.scalar(sa.select(sa.func.count(QuizAnswer.id))) == len(RIGHT)


def test_concurrent_starts_open_one_attempt(app, client, quiz_learner):
    learner = quiz_learner()
    clients = _logged_in_clients(app, learner, THREADS)
    db.session.commit()
    db.session.remove()

    results = _all_at_once(clients, lambda c: c.post(f"{QUIZ_URL}/attempts"))

    assert all(not isinstance(r, Exception) and r.status_code == 302 for r in results), results
    assert len({r.headers["Location"] for r in results}) == 1
    assert db.session.scalar(sa.select(sa.func.count(QuizAttempt.id))) == 1
