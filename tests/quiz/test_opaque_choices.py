"""Finding 3 of issue 15: nothing in the attempt form says which choice is right.

The radio and checkbox values are a keyed hash of attempt, question and choice; choices are
shuffled unless the quiz or the question says shuffle = false; grading maps back on the server.
"""

import re
import shutil

import sqlalchemy as sa
from markupsafe import escape

from lms.content.quizfile import QUIZ_FIELDS
from lms.extensions import db
from lms.models import Item, QuizAnswer, QuizAttempt
from lms.services import quizzes
from tests.fixtures.content import SAMPLE, import_package
from tests.fixtures.quiz import QUIZ_URL, RIGHT, graded_attempts

CHOICE_QUESTIONS = ("q-lq-meaning", "q-helix-actors")


def _choice_values(html: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="(?:radio|checkbox)" id="[^"]+" name="([^"]+)" '
                                  r'value="([^"]+)"', html):
        if name in CHOICE_QUESTIONS:
            found.setdefault(name, []).append(value)
    return found


def _slugs() -> set[str]:
    item = db.session.scalar(sa.select(Item).where(Item.slug == "practice-quiz"))
    return {c["slug"] for q in item.quiz["questions"] for c in q.get("choices", [])}


def test_form_values_are_opaque_and_differ_between_attempts(client, quiz_learner, take_quiz):
    quiz_learner()
    first_url, response = take_quiz(RIGHT)
    assert response.status_code == 303
    second_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    assert second_url != first_url
    first = _choice_values(client.get(first_url).text)
    second = _choice_values(client.get(second_url).text)
    assert set(second) == set(CHOICE_QUESTIONS)
    values = [v for vs in second.values() for v in vs]
    assert not set(values) & _slugs(), values  # no value is a package slug
    assert all(re.fullmatch(r"[0-9a-f]{20}", v) for v in values), values
    # The first attempt is graded now (its page is the result); recompute what it showed.
    attempt = db.session.get(QuizAttempt, int(first_url.rsplit("/", 1)[1]))
    item = db.session.get(Item, attempt.item_id)
    shown = "".join(str(q.input_html) for q in quizzes.question_forms(attempt, item))
    assert not first  # a result page has no inputs
    assert not set(_choice_values(shown)["q-lq-meaning"]) & set(second["q-lq-meaning"])


def test_posting_the_package_slugs_is_refused_and_stores_nothing(client, quiz_learner):
    quiz_learner()
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    response = client.post(f"{attempt_url}/submit", data=RIGHT)  # "a", "industry", ... raw
    assert response.status_code == 422
    assert "not one of the options" in response.text
    assert graded_attempts() == []
    assert db.session.scalar(sa.select(sa.func.count(QuizAnswer.id))) == 0


def test_grading_maps_the_opaque_values_back(client, quiz_learner, take_quiz):
    quiz_learner()
    _, response = take_quiz(RIGHT)
    assert response.status_code == 303
    (attempt,) = graded_attempts()
    assert attempt.passed and attempt.score == 100
    picks = {a.question_slug: [p.choice_slug for p in a.picks] for a in attempt.answers}
    assert picks["lq-meaning"] == ["a"]  # trainers' statistics still name the package's slugs


def test_choices_shuffle_by_default_and_a_question_can_say_no(tmp_path, make_user):
    assert QUIZ_FIELDS["shuffle_choices"].default is True
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    quiz = target / "02-practice" / "quiz.toml"
    text = quiz.read_text().replace("shuffle_choices = false\n", "")  # the default: shuffle
    text = text.replace('slug = "lq-meaning"\n', 'slug = "lq-meaning"\nshuffle = false\n', 1)
    quiz.write_text(text)
    import_package(target)
    learner = make_user()
    item = db.session.scalar(sa.select(Item).where(Item.slug == "practice-quiz"))
    spec = {q["slug"]: q for q in item.quiz["questions"]}
    file_order = {slug: [str(escape(c["text"])) for c in spec[slug]["choices"]]
                  for slug in ("lq-meaning", "helix-actors")}
    orders = {"lq-meaning": set(), "helix-actors": set()}
    for seed in range(30):
        attempt = QuizAttempt(user_id=learner.id, item_id=item.id, seed=seed, number=seed + 1,
                              question_slugs=[q["slug"] for q in item.quiz["questions"]])
        db.session.add(attempt)
        db.session.flush()
        for form in quizzes.question_forms(attempt, item):
            if form.slug in orders:
                labels = re.findall(r"<label for=[^>]+>(.*?)</label>", str(form.input_html))
                orders[form.slug].add(tuple(labels))
    assert orders["lq-meaning"] == {tuple(file_order["lq-meaning"])}
    assert len(orders["helix-actors"]) > 1
