"""What reaches the browser: public views without the key, key views, and rendered inputs."""

import json
import random
import re
from pathlib import Path

import pytest

from lms.content.loader import load_package
from lms.content.question_types.matching import right_token
from lms.content.questions import QUESTION_TYPES, get_question_type

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"
QUIZ = next(item.quiz for item in load_package(SAMPLE)[0].items if item.quiz)
QUESTIONS = {question["slug"]: question for question in QUIZ.questions}

KEY_NAMES = {"correct", "feedback", "answer", "answers", "tolerance", "explanation",
             "feedback_true", "feedback_false", "feedback_correct", "feedback_incorrect", "pairs"}


def key_strings(spec: dict) -> set[str]:
    """Every string of the spec that only the answer key or feedback may contain."""
    secrets = set()
    for key in ("feedback_true", "feedback_false", "feedback_correct", "feedback_incorrect",
                "explanation"):
        if spec.get(key):
            secrets.add(spec[key])
    secrets.update(spec.get("answers", []))
    secrets.update(choice["feedback"] for choice in spec.get("choices", []))
    return secrets


def all_keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in all_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in all_keys(v)}
    return set()


@pytest.mark.parametrize("slug", sorted(QUESTIONS))
@pytest.mark.parametrize("rng", [None, random.Random(7)])
def test_public_view_holds_no_key_material(slug, rng):
    spec = QUESTIONS[slug]
    view = get_question_type(spec["type"]).public_view(spec, rng)
    dumped = json.dumps(view)
    assert not all_keys(view) & KEY_NAMES
    for secret in key_strings(spec):
        assert secret not in dumped
    assert view["prompt"] == spec["prompt"] and view["type"] == spec["type"]


def test_public_view_covers_every_built_in_type():
    assert {spec["type"] for spec in QUESTIONS.values()} == set(QUESTION_TYPES)


def test_choices_are_shuffled_only_with_an_rng():
    spec = QUESTIONS["helix-actors"]
    qtype = get_question_type("multiple_choice")
    assert [c["slug"] for c in qtype.public_view(spec)["choices"]] == [
        "industry", "research", "government", "media"]
    orders = {tuple(c["slug"] for c in qtype.public_view(spec, random.Random(seed))["choices"])
              for seed in range(20)}
    assert len(orders) > 1


def test_matching_view_does_not_give_the_pairing_away():
    # Pairs whose rights, in file order, are not sorted: file order would reveal the key.
    spec = {**QUESTIONS["lifecycle-match"], "pairs": [
        {"left": "Emergence", "right": "Public seed funding"},
        {"left": "Growth", "right": "Mixed funding"},
        {"left": "Maturity", "right": "Fees and paid services"},
    ]}
    view = get_question_type("matching").public_view(spec)
    texts = [right["text"] for right in view["rights"]]
    assert texts == sorted(texts)
    assert view["lefts"] == ["Emergence", "Growth", "Maturity"]
    # option values depend on the right text only, never on which left it belongs to
    assert [right["value"] for right in view["rights"]] == [right_token(t) for t in texts]


def test_matching_options_are_the_same_for_every_left():
    matching = get_question_type("matching")
    html = str(matching.render_input(matching.public_view(QUESTIONS["lifecycle-match"]), "q6"))
    selects = re.findall(r"<select.*?</select>", html)
    assert len(selects) == 2
    tokens = [sorted(re.findall(r'value="\d+:([0-9a-f]+)"', select)) for select in selects]
    assert tokens[0] == tokens[1]


def test_key_views():
    views = {slug: get_question_type(spec["type"]).key_view(spec)
             for slug, spec in QUESTIONS.items()}
    assert views["lq-meaning"] == {
        "correct_choices": [{"slug": "a", "text": QUESTIONS["lq-meaning"]["choices"][0]["text"]}],
        "explanation": "The LQ compares shares.",
    }
    assert [c["slug"] for c in views["helix-actors"]["correct_choices"]] == [
        "industry", "research", "government"]
    assert views["lq-above-one"] == {"answer": True}
    assert views["helix-name"] == {"answers": ["triple", "triple helix"]}
    assert views["lq-compute"] == {"answer": 2.0, "tolerance": 0.01, "unit": ""}
    assert views["lifecycle-match"]["pairs"][0] == {
        "left": "Emergence", "right": "Mostly public seed funding"}


def test_form_fields_are_one_name_per_question():
    for spec in QUESTIONS.values():
        assert get_question_type(spec["type"]).form_fields(spec, "q-3") == ["q-3"]


HOSTILE = '<script>alert(1)</script>"onmouseover="x'


def hostile_spec(qtype: str) -> dict:
    """A spec of the type whose author-written texts all try to break out of the HTML."""
    spec = dict(QUESTIONS[{"single_choice": "lq-meaning", "multiple_choice": "helix-actors",
                           "true_false": "lq-above-one", "short_text": "helix-name",
                           "numeric": "lq-compute", "matching": "lifecycle-match"}[qtype]])
    if "choices" in spec:
        spec["choices"] = [{**c, "text": HOSTILE + c["slug"]} for c in spec["choices"]]
    if "pairs" in spec:
        spec["pairs"] = [{"left": HOSTILE + "L" + str(i), "right": HOSTILE + "R" + str(i)}
                         for i in range(2)]
    if qtype == "numeric":
        spec["unit"] = HOSTILE
    return spec


@pytest.mark.parametrize("qtype", sorted(QUESTION_TYPES))
def test_render_input_escapes_every_value(qtype):
    spec = hostile_spec(qtype)
    kind = get_question_type(qtype)
    html = str(kind.render_input(kind.public_view(spec), 'q"><script>', response=None))
    assert "<script>" not in html
    assert '"onmouseover' not in html
    assert "&lt;script&gt;" in html or qtype in ("true_false", "short_text")


@pytest.mark.parametrize("qtype", sorted(QUESTION_TYPES))
def test_every_input_has_a_label(qtype):
    kind = get_question_type(qtype)
    html = str(kind.render_input(kind.public_view(hostile_spec(qtype)), "q1"))
    ids = re.findall(r'<(?:input|select)[^>]* id="([^"]+)"', html)
    assert ids
    for control_id in ids:
        assert f'<label for="{control_id}">' in html
    if qtype in ("single_choice", "multiple_choice", "true_false", "matching"):
        assert html.startswith('<fieldset class="question-input"><legend>')


def test_render_input_prefills_the_response():
    single = get_question_type("single_choice")
    view = single.public_view(QUESTIONS["lq-meaning"])
    html = str(single.render_input(view, "q1", response="b"))
    assert re.search(r'value="b" checked>', html) and 'value="a" checked' not in html
    assert 'type="radio"' in html

    multiple = get_question_type("multiple_choice")
    html = str(multiple.render_input(multiple.public_view(QUESTIONS["helix-actors"]), "q2",
                                     response=["industry", "media"]))
    assert html.count(" checked") == 2 and 'type="checkbox"' in html

    numeric = get_question_type("numeric")
    html = str(numeric.render_input(numeric.public_view(QUESTIONS["lq-compute"]), "q5", 2.5))
    assert 'value="2.5"' in html and 'inputmode="decimal"' in html

    short = get_question_type("short_text")
    html = str(short.render_input(short.public_view(QUESTIONS["helix-name"]), "q4", 'a"b'))
    assert 'value="a&#34;b"' in html

    matching = get_question_type("matching")
    html = str(matching.render_input(matching.public_view(QUESTIONS["lifecycle-match"]), "q6",
                                     [None, "Mostly fees and paid services"]))
    assert html.count(" selected") == 1
