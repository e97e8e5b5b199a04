"""Grading and response parsing of every built-in question type, on the sample quiz."""

from pathlib import Path

import pytest

from lms.content.loader import load_package
from lms.content.questions import Grade, ResponseError, get_question_type

SAMPLE = Path(__file__).parents[1] / "fixtures" / "courses" / "sample"


def sample_questions() -> dict[str, dict]:
    package, problems = load_package(SAMPLE)
    assert problems == []
    quiz = next(item.quiz for item in package.items if item.quiz)
    return {question["slug"]: question for question in quiz.questions}


QUESTIONS = sample_questions()


def answer(slug: str, *values: str) -> Grade:
    """Parse raw form values for a sample question and grade them."""
    spec = QUESTIONS[slug]
    qtype = get_question_type(spec["type"])
    return qtype.grade(spec, qtype.parse_response(spec, list(values)))


def parse(slug: str, *values: str) -> object:
    spec = QUESTIONS[slug]
    return get_question_type(spec["type"]).parse_response(spec, list(values))


UNANSWERED = Grade(0.0, False, ())


class TestSingleChoice:
    def test_correct_choice_scores_full_points_with_its_feedback(self):
        grade = answer("lq-meaning", "a")
        assert grade == Grade(1.0, True, ("Right: the LQ is a ratio of shares.",))

    def test_wrong_choice_scores_zero_with_its_feedback(self):
        grade = answer("lq-meaning", "b")
        assert grade == Grade(0.0, False, ("No: the LQ is a ratio of shares, not a share.",))

    @pytest.mark.parametrize("values", [(), ("",)])
    def test_empty_is_unanswered(self, values):
        assert parse("lq-meaning", *values) is None
        assert answer("lq-meaning", *values) == UNANSWERED

    @pytest.mark.parametrize("values", [("a", "b"), ("c",), ("A",), ("a ",)])
    def test_tampered_values_are_rejected(self, values):
        with pytest.raises(ResponseError):
            parse("lq-meaning", *values)

    def test_a_stored_response_for_a_removed_choice_scores_zero(self):
        single = get_question_type("single_choice")
        assert single.grade(QUESTIONS["lq-meaning"], "gone") == UNANSWERED


class TestMultipleChoice:
    def test_all_right_choices_score_full_points(self):
        grade = answer("helix-actors", "government", "industry", "research")
        assert grade.score == 1.0 and grade.correct
        # feedback follows the quiz file's order, not the order submitted
        assert grade.feedback == ("Yes: industry.", "Yes: research.", "Yes: government.")

    def test_partial_credit_for_some_right_choices(self):
        grade = answer("helix-actors", "industry", "research")
        assert grade.score == pytest.approx(2 / 3) and not grade.correct

    def test_a_wrong_tick_cancels_a_right_one(self):
        grade = answer("helix-actors", "industry", "research", "government", "media")
        assert grade.score == pytest.approx(2 / 3) and not grade.correct
        assert grade.feedback[-1] == "No: the media are not one of the three helices."

    def test_score_never_drops_below_zero(self):
        assert answer("helix-actors", "media").score == 0.0
        assert answer("helix-actors", "industry", "media").score == 0.0

    def test_response_is_in_file_order(self):
        assert parse("helix-actors", "research", "industry") == ["industry", "research"]

    def test_nothing_ticked_is_unanswered(self):
        assert parse("helix-actors") is None
        assert answer("helix-actors", "") == UNANSWERED

    @pytest.mark.parametrize("values", [("industry", "industry"), ("industry", "sports")])
    def test_tampered_values_are_rejected(self, values):
        with pytest.raises(ResponseError):
            parse("helix-actors", *values)


class TestMultipleChoiceAllOrNothing:
    """scoring = "all_or_nothing": full points for exactly the right set, else none."""

    SPEC = {**QUESTIONS["helix-actors"], "scoring": "all_or_nothing"}

    def grade(self, *values: str) -> Grade:
        qtype = get_question_type("multiple_choice")
        assert qtype.validate(self.SPEC) == []
        return qtype.grade(self.SPEC, qtype.parse_response(self.SPEC, list(values)))

    def test_exactly_the_right_set_scores_full_points(self):
        grade = self.grade("industry", "research", "government")
        assert grade.score == 1.0 and grade.correct

    @pytest.mark.parametrize("values", [
        ("industry", "research"),                             # partial credit would be 2/3
        ("industry", "research", "government", "media"),      # one wrong tick too many
    ])
    def test_anything_else_scores_nothing_but_keeps_the_feedback(self, values):
        grade = self.grade(*values)
        assert grade.score == 0.0 and not grade.correct
        assert len(grade.feedback) == len(values)  # every ticked choice is still explained

    def test_an_unknown_scoring_is_reported(self):
        spec = {**QUESTIONS["helix-actors"], "scoring": "strict"}
        issues = get_question_type("multiple_choice").validate(spec)
        assert issues == [("scoring", '"scoring" is "strict"; it must be one of: partial, '
                                      "all_or_nothing")]


class TestTrueFalse:
    def test_right_answer_gets_the_feedback_for_true(self):
        assert answer("lq-above-one", "true") == Grade(
            1.0, True, ("Right: above 1 the regional share exceeds the national share.",))

    def test_wrong_answer_gets_the_feedback_for_false(self):
        assert answer("lq-above-one", "false") == Grade(
            0.0, False, ("It is true: an LQ above 1 means a higher share than nationally.",))

    def test_empty_is_unanswered(self):
        assert answer("lq-above-one") == UNANSWERED

    @pytest.mark.parametrize("values", [("yes",), ("True",), ("true", "false"), ("1",)])
    def test_tampered_values_are_rejected(self, values):
        with pytest.raises(ResponseError):
            parse("lq-above-one", *values)


class TestShortText:
    @pytest.mark.parametrize("typed", ["triple", "TRIPLE", "  Triple  ", "triple helix",
                                       "Triple   Helix", "triple\thelix", " TRIPLE\n HELIX "])
    def test_case_and_whitespace_are_ignored(self, typed):
        assert answer("helix-name", typed) == Grade(1.0, True, ("Yes: the triple helix.",))

    @pytest.mark.parametrize("typed", ["triplehelix", "double", "triple helix!", "tri ple"])
    def test_other_answers_are_wrong(self, typed):
        assert answer("helix-name", typed) == Grade(0.0, False, ("The answer is 'triple'.",))

    @pytest.mark.parametrize("values", [(), ("",), ("   ",)])
    def test_blank_is_unanswered(self, values):
        assert parse("helix-name", *values) is None

    def test_response_is_stripped(self):
        assert parse("helix-name", "  Triple helix ") == "Triple helix"

    @pytest.mark.parametrize("values", [("triple", "double"), ("x" * 501,)])
    def test_tampered_values_are_rejected(self, values):
        with pytest.raises(ResponseError):
            parse("helix-name", *values)


class TestNumeric:
    @pytest.mark.parametrize("typed", ["2", "2.0", "1.99", "2.01", "2,01", "1,99", " 2 ",
                                       "+2", "2.", "20e-1", "2,00"])
    def test_within_tolerance_inclusive(self, typed):
        assert answer("lq-compute", typed).correct

    @pytest.mark.parametrize("typed", ["1.9899", "2.0101", "-2", "0", "200"])
    def test_outside_tolerance(self, typed):
        grade = answer("lq-compute", typed)
        assert grade == Grade(0.0, False, (
            "Divide the regional share (0.04) by the national share (0.02).",))

    def test_tolerance_boundary_is_exact_despite_binary_floats(self):
        spec = {**QUESTIONS["lq-compute"], "answer": 0.3, "tolerance": 0.1}
        numeric = get_question_type("numeric")
        assert numeric.grade(spec, 0.4).correct  # 0.4 - 0.3 is 0.10000000000000003 in floats
        assert numeric.grade(spec, 0.2).correct
        assert not numeric.grade(spec, 0.4000001).correct

    def test_zero_tolerance_needs_the_exact_answer(self):
        spec = {**QUESTIONS["lq-compute"], "tolerance": 0}
        numeric = get_question_type("numeric")
        assert numeric.grade(spec, 2.0).correct
        assert not numeric.grade(spec, 2.0000001).correct

    def test_decimal_comma_is_parsed(self):
        assert parse("lq-compute", "2,5") == 2.5
        assert parse("lq-compute", "-0,25") == -0.25

    @pytest.mark.parametrize("values", [(), ("",), ("  ",)])
    def test_blank_is_unanswered(self, values):
        assert parse("lq-compute", *values) is None

    @pytest.mark.parametrize(("typed", "number"), [
        ("\u2212360", -360.0),  # the minus sign the lessons and feedback print
        ("\u22120,25", -0.25),
        ("2\u2009000", 2000.0),  # thin space between thousands
        ("2\u00a0000,5", 2000.5),  # no-break space, decimal comma
        ("1\u202f234\u202f567", 1234567.0),  # narrow no-break space
        ("2 000", 2000.0),
        ("2,000.5", 2000.5),
        ("2.000,5", 2000.5),
        ("1,234,567", 1234567.0),
        ("1,234", 1.234),  # one comma group stays a decimal comma, as Europe writes it
    ])
    def test_common_written_forms_are_accepted(self, typed, number):
        assert parse("lq-compute", typed) == number

    @pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-Infinity", "1e999", "two",
                                       "1_000", "0x10", "½", "٢", "1,2,3", ",", ".",
                                       "2 00", "20 0000", "1.234.5", "2  000", "\u2212\u22121"])
    def test_non_numbers_are_rejected(self, typed):
        with pytest.raises(ResponseError):
            parse("lq-compute", typed)

    def test_two_values_are_rejected(self):
        with pytest.raises(ResponseError):
            parse("lq-compute", "2", "3")


class TestMatching:
    def values(self, chosen: dict[int, str]) -> list[str]:
        """Form values choosing, for each left index, the option with that right text."""
        view = get_question_type("matching").public_view(QUESTIONS["lifecycle-match"])
        token = {right["text"]: right["value"] for right in view["rights"]}
        return [f"{index}:{token[text]}" for index, text in chosen.items()]

    def test_all_pairs_right(self):
        values = self.values({0: "Mostly public seed funding", 1: "Mostly fees and paid services"})
        assert answer("lifecycle-match", *values) == Grade(1.0, True, ("Right.",))

    def test_fraction_of_pairs_right(self):
        values = self.values({0: "Mostly public seed funding", 1: "Mostly public seed funding"})
        grade = answer("lifecycle-match", *values)
        assert grade.score == 0.5 and not grade.correct
        assert grade.feedback == ("Early stages lean on public money; mature clusters on fees.",)

    def test_swapped_pairs_score_zero(self):
        values = self.values({0: "Mostly fees and paid services", 1: "Mostly public seed funding"})
        assert answer("lifecycle-match", *values).score == 0.0

    def test_partly_answered(self):
        values = self.values({1: "Mostly fees and paid services"})
        assert parse("lifecycle-match", *values) == [None, "Mostly fees and paid services"]
        assert answer("lifecycle-match", *values).score == 0.5

    def test_nothing_chosen_is_unanswered(self):
        assert parse("lifecycle-match", "", "") is None

    def test_tampered_values_are_rejected(self):
        good = self.values({0: "Mostly public seed funding"})[0]
        token = good.split(":")[1]
        for values in (["0:000000000000"], [f"2:{token}"], [good, good], ["Emergence"],
                       [f"-1:{token}"], [f"0:{token.upper()}"]):
            with pytest.raises(ResponseError):
                parse("lifecycle-match", *values)
