"""A question type from an installed distribution's entry point works in a quiz."""

import shutil
import sys
import textwrap

import pytest

from config import TestConfig
from lms import create_app
from lms.content.questions import QUESTION_TYPES
from tests.fixtures.content import SAMPLE, import_package
from tests.fixtures.quiz import QUIZ_URL, RIGHT, form_data, graded_attempts

PLUGIN = textwrap.dedent('''
    """A tiny third-party question type: answer yes or no."""
    from markupsafe import Markup

    from lms.content.question_types.base import Grade, QuestionType, ResponseError, single_value
    from lms.content.question_types.choice import render_choices
    from lms.content.schema import Field


    class YesNo(QuestionType):
        name = "yes_no"
        fields = {"answer": Field("bool", required=True),
                  "feedback": Field("text", required=True)}

        def parse_response(self, spec, values):
            value = single_value(values)
            if value not in (None, "yes", "no"):
                raise ResponseError("answer yes or no")
            return None if value is None else value == "yes"

        def grade(self, spec, response):
            correct = response is spec["answer"]
            return Grade(float(correct), correct, (spec["feedback"],))

        def key_view(self, spec):
            return {"answer": spec["answer"]}

        def render_input(self, view, name, response=None):
            chosen = {"yes" if response else "no"} if isinstance(response, bool) else set()
            return render_choices(name, "Yes or no?", "radio", [("yes", "Yes"), ("no", "No")],
                                  chosen)
''')

QUESTION = textwrap.dedent('''

    [[questions]]
    slug = "plugin-question"
    type = "yes_no"
    prompt = "Is a cluster organisation a network of members?"
    answer = true
    feedback = "Plugin feedback: yes, members make the network."
''')


@pytest.fixture
def plugin_on_path(tmp_path, monkeypatch):
    """An installed distribution (a *.dist-info on sys.path) declaring a question type."""
    site = tmp_path / "site"
    info = site / "yesno_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: yesno-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[lms.question_types]\nyes_no = yesno_plugin:YesNo\n")
    (site / "yesno_plugin.py").write_text(PLUGIN)
    monkeypatch.syspath_prepend(str(site))
    yield
    QUESTION_TYPES.pop("yes_no", None)
    sys.modules.pop("yesno_plugin", None)


@pytest.fixture
def config_overrides(plugin_on_path):
    return {"QUESTION_TYPE_ENTRY_POINTS": True}


def test_plugins_load_only_when_the_config_enables_them(plugin_on_path):
    app = create_app(TestConfig)
    assert app.extensions["question_type_plugins"] == []
    assert "yes_no" not in QUESTION_TYPES


def test_plugin_type_is_registered_at_start_up(app):
    assert app.extensions["question_type_plugins"] == ["yes_no"]
    assert "yes_no" in QUESTION_TYPES


def test_plugin_type_is_usable_in_a_quiz(app, client, tmp_path, quiz_learner, take_quiz):
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    with (target / "02-practice" / "quiz.toml").open("a") as quiz:
        quiz.write(QUESTION)
    import_package(target)
    quiz_learner()
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    form = client.get(attempt_url).text
    assert "Question 7 of 7" in form and 'name="q-plugin-question" value="yes"' in form
    assert "Plugin feedback" not in form

    _, response = take_quiz({**RIGHT, "q-plugin-question": ["no"]})
    assert response.status_code == 303
    (attempt,) = graded_attempts()
    assert attempt.max_points == 8 and attempt.points == 7
    result = client.get(attempt_url).text
    assert "Plugin feedback: yes, members make the network." in result
    assert "Correct answer: True" in result

    bad = client.post(f"{QUIZ_URL}/attempts")
    bad_url = bad.headers["Location"]
    data = form_data(client, bad_url, {**RIGHT, "q-plugin-question": ["maybe"]})
    assert client.post(f"{bad_url}/submit", data=data).status_code == 422
