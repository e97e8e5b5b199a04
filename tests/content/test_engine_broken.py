"""Each broken fixture package reports exactly its problems, as file:line: message."""

from pathlib import Path

import pytest

from lms.content.loader import load_package

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken"

EXPECTED = {
    "toml-syntax": [
        "toml-syntax/course.toml:11: invalid TOML: Illegal character '\\n' (column 17)",
    ],
    "unknown-key": [
        'unknown-key/course.toml:1: missing required key "title"',
        'unknown-key/course.toml:3: unknown key "titel" (did you mean "title"?)',
        'unknown-key/course.toml:8: module "m": unknown key "colour"',
        'unknown-key/course.toml:15: module "m", item "intro": unknown key "minuts" '
        '(did you mean "minutes"?)',
    ],
    "missing-file": [
        'missing-file/course.toml:8: page "glossary": file "glossary.md" not found',
        'missing-file/course.toml:18: module "m", item "intro": file "01/intro.md" not found',
    ],
    "duplicate-slugs": [
        'duplicate-slugs/course.toml:16: module "m": duplicate module slug "m" '
        "(first used on line 6)",
        'duplicate-slugs/course.toml:20: module "m", item "intro": duplicate item slug "intro" '
        "(first used on line 10)",
    ],
    "unknown-kind": [
        'unknown-kind/course.toml:11: module "m", item "intro": "kind" is "video"; it must be '
        "one of: theory, case, quiz, reflection, tool",
        'unknown-kind/course.toml:13: module "m", item "intro": file "intro.mp4" not found',
    ],
    "prerequisite-missing": [
        'prerequisite-missing/course.toml:14: module "m", item "intro": an item cannot be its '
        "own prerequisite",
        'prerequisite-missing/course.toml:21: module "m", item "case": prerequisite "basics" is '
        "not an item of this course",
    ],
    "bad-formula": [
        'bad-formula/lesson.md:7: formula "\\frac{a}{b": a "{" is never closed',
        'bad-formula/lesson.md:7: formula "\\lq_{ir}": unknown command \\lq',
        'bad-formula/lesson.md:9: a "$$" formula is never closed by "$$"',
        'bad-formula/quiz.toml:6: question "q": formula "\\frac{1}{2": a "{" is never closed',
        'bad-formula/quiz.toml:9: question "q": a TOML escape ate a LaTeX command (\\f in '
        '"\\frac", \\t in "\\times"): write formulas in single-quoted strings (\'...\') or '
        "double the backslashes",
    ],
    "objectives": [
        'objectives/course.toml:14: module "m", item "lesson": an objective is empty',
        'objectives/course.toml:14: module "m", item "lesson": 7 objectives; keep to 6 or '
        "fewer, so learners read them",
        'objectives/course.toml:21: module "m", item "quiz": a quiz shows no lesson page: put '
        "objectives on the lessons it checks",
        'objectives/course.toml:28: module "m", item "typed": "objectives" must be a list of '
        "strings",
    ],
    "trainer-visibility": [
        'trainer-visibility/course.toml:21: module "m", item "case": prerequisite "notes" is for '
        "trainers only: learners could never open this item",
        'trainer-visibility/course.toml:28: module "m", item "quiz": a quiz item collects '
        "learners' work, so it cannot be for trainers only",
        'trainer-visibility/course.toml:35: module "m", item "typo": "visibility" is "trainer"; '
        "it must be one of: learners, trainers",
    ],
    "prerequisite-cycle": [
        'prerequisite-cycle/course.toml:14: module "m", item "a": prerequisites form a cycle: '
        '"a" -> "c" -> "b" -> "a"',
    ],
    "broken-asset-link": [
        'broken-asset-link/docs/intro.md:5: link to "assets/map.png": the asset does not exist',
        'broken-asset-link/docs/intro.md:7: link to "assets/../course.toml": the asset is '
        "outside the assets folder",
        'broken-asset-link/docs/intro.md:15: link to "assets/missing.pdf": the asset does not '
        "exist",
    ],
    "disallowed-asset": [
        "disallowed-asset/assets/tool.exe:1: asset has a file type that is not allowed (.exe)",
        'disallowed-asset/intro.md:1: link to "assets/tool.exe": the asset has a file type that '
        "is not allowed (.exe)",
    ],
    "wrong-values": [
        "wrong-values/course.toml:1: format 2 is not supported; this LMS reads format 1",
        'wrong-values/course.toml:2: "slug" is "Wrong Values": use lower-case letters, digits '
        "and hyphens only",
        'wrong-values/course.toml:3: "title" must not be empty',
        'wrong-values/course.toml:4: "language" is "english please"; use a BCP 47 tag like "en" '
        'or "da-DK"',
        'wrong-values/course.toml:5: "authors" must be a list of strings',
        'wrong-values/course.toml:10: page "notes": a page needs a .md file, not "notes.txt"',
        'wrong-values/course.toml:12: module 1: missing required key "slug"',
        'wrong-values/course.toml:19: module 1, item "intro": a theory item needs a .md file, '
        'not "quiz.toml"',
        'wrong-values/course.toml:20: module 1, item "intro": "minutes" must be a whole number, '
        "not a string",
        'wrong-values/course.toml:26: module 1, item "quiz": file "../outside.toml" must be a '
        'relative path inside the package, using "/" and no ".."',
        'wrong-values/course.toml:27: module 1, item "quiz": "minutes" is -5; it must be 0 or '
        "more",
    ],
    "quiz-toml-syntax": [
        "quiz-toml-syntax/quiz.toml:6: invalid TOML: Invalid value (column 10)",
    ],
    "single-choice-correct": [
        'single-choice-correct/quiz.toml:17: question "two-correct", choice "b": 2 choices are '
        "marked correct; a single_choice question needs exactly one",
        'single-choice-correct/quiz.toml:20: question "none-correct": no choice is marked '
        "correct; a single_choice question needs exactly one",
        'single-choice-correct/quiz.toml:42: question "one-choice": "choices" needs at least 2 '
        "entries, not 1",
    ],
    "choice-without-feedback": [
        'choice-without-feedback/quiz.toml:14: question "q", choice "b": missing required key '
        '"feedback"',
    ],
    "numeric-without-answer": [
        'numeric-without-answer/quiz.toml:3: question "lq": missing required key "answer"',
        'numeric-without-answer/quiz.toml:15: question "growth": "answer" must be a number, not '
        "a string",
        'numeric-without-answer/quiz.toml:16: question "growth": "tolerance" is -1; it must be 0 '
        "or more",
    ],
    "bad-quiz-settings": [
        'bad-quiz-settings/quiz.toml:2: "pass_mark" is 150; it must be between 0 and 100',
        'bad-quiz-settings/quiz.toml:3: "max_attempts" is -1; it must be 0 or more',
        'bad-quiz-settings/quiz.toml:4: "shuffle_choices" must be true or false, not a string',
        'bad-quiz-settings/quiz.toml:5: "show_feedback" is "never"; it must be one of: '
        "after_each_attempt, after_passing, after_last_attempt",
    ],
    "unknown-question-type": [
        'unknown-question-type/quiz.toml:5: question "essay": unknown question type "essay" '
        "(known: matching, multiple_choice, numeric, short_text, single_choice, true_false)",
        'unknown-question-type/quiz.toml:9: question "no-type": missing required key "type"',
    ],
    "question-rules": [
        'question-rules/quiz.toml:1: link to "assets/data.csv": the asset does not exist',
        'question-rules/quiz.toml:3: unknown key "questions_order" (did you mean "questions"?)',
        'question-rules/quiz.toml:8: question "pick": link to "assets/chart.png": the asset does '
        "not exist",
        'question-rules/quiz.toml:17: question "pick", choice "a": duplicate choice slug "a"',
        'question-rules/quiz.toml:22: question "pick": missing required key "feedback_false"',
        'question-rules/quiz.toml:23: question "pick": duplicate question slug "pick" '
        "(first used on line 6)",
        'question-rules/quiz.toml:26: question "pick": "answer" must be true or false, not a '
        "string",
        'question-rules/quiz.toml:33: question "name": "answers" contains a blank answer',
        'question-rules/quiz.toml:50: question "match", pair 2: duplicate right text "Same"',
        'question-rules/quiz.toml:66: question "match-colour", pair 2: unknown key "colour"',
    ],
}


def test_every_broken_fixture_has_expectations():
    assert sorted(path.name for path in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_package_reports_exactly(case):
    package, problems = load_package(BROKEN / case)
    assert package is None
    assert [str(problem) for problem in problems] == EXPECTED[case]
