"""What each question type shows of itself: answers and keys in words, choices and picks,
draft values, sample answers and the message ids of its response errors."""

from pathlib import Path

import pytest
from markupsafe import Markup, escape

from lms.content.loader import load_package
from lms.content.question_types import base
from lms.content.question_types.base import Choice, QuestionType, ResponseError
from lms.content.question_types.matching import right_token
from lms.content.questions import QUESTION_TYPES, get_question_type
from lms.content.schema import Field

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"
QUIZ = next(item.quiz for item in load_package(SAMPLE)[0].items if item.quiz)
QUESTIONS = {question["slug"]: question for question in QUIZ.questions}
EMERGENCE, MATURITY = "Mostly public seed funding", "Mostly fees and paid services"


def qtype_of(slug: str) -> QuestionType:
    return get_question_type(QUESTIONS[slug]["type"])


def described(slug: str, response: object) -> list[str]:
    spec = QUESTIONS[slug]
    qtype = qtype_of(slug)
    return qtype.describe_response(qtype.public_view(spec), response)


def key_lines(slug: str) -> list[str]:
    spec = QUESTIONS[slug]
    qtype = qtype_of(slug)
    lines = qtype.describe_key(qtype.key_view(spec))
    assert all(isinstance(line, Markup) for line in lines)
    return [str(line) for line in lines]


def test_every_type_describes_an_answer_in_words():
    texts = {c["slug"]: c["text"] for c in QUESTIONS["helix-actors"]["choices"]}
    assert described("lq-meaning", "a") == [QUESTIONS["lq-meaning"]["choices"][0]["text"]]
    assert described("helix-actors", ["industry", "media"]) == [texts["industry"],
                                                                texts["media"]]
    assert described("lq-above-one", False) == ["False"]
    assert described("helix-name", "Triple") == ["Triple"]
    assert described("lq-compute", 2.5) == ["2.5"]
    assert described("lifecycle-match", [EMERGENCE, None]) == [
        f"Emergence → {EMERGENCE}", "Maturity → (no answer)"]


@pytest.mark.parametrize("slug", sorted(QUESTIONS))
def test_no_answer_is_described_as_nothing(slug):
    assert described(slug, None) == []


def test_every_type_describes_its_key():
    assert key_lines("lq-meaning") == [
        f"Correct: {escape(QUESTIONS['lq-meaning']['choices'][0]['text'])}",
        "<p>The LQ compares shares.</p>"]
    assert key_lines("lq-above-one") == ["Correct answer: True"]
    assert key_lines("helix-name") == ["Accepted answers: triple, triple helix"]
    assert key_lines("lq-compute") == ["Correct answer: 2 ± 0.01"]
    assert key_lines("lifecycle-match") == [f"Emergence → {EMERGENCE}",
                                            f"Maturity → {MATURITY}"]


def test_a_key_written_by_an_author_is_escaped():
    hostile = "<script>alert(1)</script>"
    spec = {**QUESTIONS["lq-meaning"],
            "choices": [{**c, "text": hostile} for c in QUESTIONS["lq-meaning"]["choices"]]}
    single = get_question_type("single_choice")
    (line, _explanation) = single.describe_key(single.key_view(spec))
    assert "<script>" not in str(line) and "&lt;script&gt;" in str(line)
    numeric = get_question_type("numeric")
    (line,) = numeric.describe_key(numeric.key_view({**QUESTIONS["lq-compute"],
                                                     "unit": hostile}))
    assert "<script>" not in str(line) and str(line).endswith("&lt;/script&gt;")


def test_a_type_with_choices_lists_them_and_says_what_was_picked():
    single, multiple = qtype_of("lq-meaning"), qtype_of("helix-actors")
    assert [c.slug for c in single.choices(QUESTIONS["lq-meaning"]) if c.correct] == ["a"]
    assert [c.slug for c in multiple.choices(QUESTIONS["helix-actors"]) if c.correct] == [
        "industry", "research", "government"]
    assert single.picks("b") == ["b"]
    assert multiple.picks(["media", "industry"]) == ["media", "industry"]
    true_false = qtype_of("lq-above-one")
    assert true_false.choices(QUESTIONS["lq-above-one"]) == [
        Choice("true", "True", True), Choice("false", "False", False)]
    assert true_false.picks(False) == ["false"]


@pytest.mark.parametrize("slug", ["helix-name", "lq-compute", "lifecycle-match"])
def test_a_type_without_choices_counts_no_picks(slug):
    qtype = qtype_of(slug)
    response = qtype.parse_response(QUESTIONS[slug], qtype.sample_values(
        QUESTIONS[slug], True, lambda slug: slug))
    assert qtype.choices(QUESTIONS[slug]) == [] and qtype.picks(response) == []


def test_a_draft_keeps_typed_text_as_typed_and_drops_forged_values():
    numeric, short = qtype_of("lq-compute"), qtype_of("helix-name")
    assert numeric.draft_value(QUESTIONS["lq-compute"], ["−360"]) == "−360"
    assert numeric.draft_value(QUESTIONS["lq-compute"], ["  "]) is None
    assert short.draft_value(QUESTIONS["helix-name"], ["x" * 600]) == "x" * 500
    assert qtype_of("lq-meaning").draft_value(QUESTIONS["lq-meaning"], ["forged"]) is None
    assert qtype_of("helix-actors").draft_value(QUESTIONS["helix-actors"],
                                                ["research", "industry"]) == [
        "industry", "research"]
    match = qtype_of("lifecycle-match")
    assert match.draft_value(QUESTIONS["lifecycle-match"], ["0:000000000000"]) is None
    assert match.draft_value(QUESTIONS["lifecycle-match"],
                             [f"1:{right_token(EMERGENCE)}"]) == [None, EMERGENCE]


@pytest.mark.parametrize("slug", sorted(QUESTIONS))
@pytest.mark.parametrize("right", [True, False])
def test_sample_values_answer_right_or_wrong_through_the_form(slug, right):
    spec, qtype = QUESTIONS[slug], qtype_of(slug)

    def mask(value: str) -> str:
        return "masked-" + value

    values = qtype.sample_values(spec, right, mask)
    response = qtype.parse_response(spec, qtype.unmask(spec, values, mask))
    assert qtype.grade(spec, response).correct is right


@pytest.mark.parametrize(("slug", "values", "message"), [
    ("lq-meaning", ["c"], base.NOT_AN_OPTION),
    ("lq-meaning", ["a", "b"], base.ONE_ANSWER),
    ("helix-actors", ["media", "media"], base.TWICE),
    ("lq-above-one", ["yes"], base.TRUE_OR_FALSE),
    ("helix-name", ["x" * 501], base.TOO_LONG),
    ("lq-compute", ["two"], base.NOT_A_NUMBER),
    ("lq-compute", ["1e999"], base.NUMBER_TOO_LARGE),
    ("lifecycle-match", ["0:000000000000"], base.NOT_AN_OPTION),
    ("lifecycle-match", [f"0:{right_token(EMERGENCE)}", f"0:{right_token(MATURITY)}"],
     base.ONE_PER_ITEM),
])
def test_response_errors_carry_the_message_the_learner_reads(slug, values, message):
    with pytest.raises(ResponseError) as caught:
        qtype_of(slug).parse_response(QUESTIONS[slug], values)
    assert caught.value.message == message


class Essay(QuestionType):
    """A plugin-like type that overrides only what it must."""

    name = "essay-test"
    fields = {"words": Field("int", default=200)}

    def parse_response(self, spec: dict, values: list[str]) -> object:
        return base.single_value(values)


def test_a_type_gets_sensible_defaults():
    essay = Essay()
    spec = {"slug": "e", "type": "essay-test", "prompt": "Write."}
    assert essay.setting(spec, "words") == 200 and essay.setting(spec, "points") == 1
    assert essay.describe_response({}, "My text") == ["My text"]
    assert essay.describe_response({}, True) == ["True"]
    key = essay.describe_key({"answer": 3.5, "model_text": "<b>x</b>",
                              "explanation": "**Why**"})
    assert [str(line) for line in key] == [
        "Correct answer: 3.5", "Model text: &lt;b&gt;x&lt;/b&gt;", "<p><strong>Why</strong></p>"]
    assert essay.choices(spec) == [] and essay.picks("My text") == []
    assert essay.draft_value(spec, ["a", "b"]) is None  # not a response it could take
    assert essay.sample_values(spec, True, str) is None
    assert "essay-test" not in QUESTION_TYPES
