"""Check a quiz file and build its QuizSpec; each question is checked by its type."""

from __future__ import annotations

import re
from collections.abc import Callable

from .formulas import formula_problems
from .links import asset_links, asset_name
from .package import QuizSpec
from .problems import Problem
from .question_types.base import common_setting
from .questions import COMMON_FIELDS, QUESTION_TYPES, UnknownQuestionType, get_question_type
from .schema import Field, check_table, with_defaults
from .schema import Path as DataPath
from .tomldoc import TomlDocument

SHOW_FEEDBACK = ("after_each_attempt", "after_passing", "after_last_attempt")

QUIZ_FIELDS = {
    "title": Field("text"),  # defaults to the item's title
    "intro": Field("str", default=""),
    "pass_mark": Field("int", required=True, min=0, max=100),
    "max_attempts": Field("int", default=0, min=0),
    "shuffle_questions": Field("bool", default=False),
    "shuffle_choices": Field("bool", default=True),  # a question's `shuffle = false` opts out
    "show_feedback": Field("one_of", default="after_each_attempt", one_of=SHOW_FEEDBACK),
    "questions": Field("tables", required=True, min=1),  # each checked by its question type
    "draw": Field("counts", default={}, min=1),  # pool slug -> questions drawn per attempt
}

AssetCheck = Callable[[str], "str | None"]  # asset name -> why a link to it is broken, or None


def check_quiz(doc: TomlDocument, default_title: str,
               asset_check: AssetCheck) -> tuple[QuizSpec | None, list[Problem]]:
    """Validate a parsed quiz file; return its QuizSpec, or None and the problems."""
    problems = [doc.problem(path, message) for path, message in check_table(doc.data, QUIZ_FIELDS)]
    questions = doc.data.get("questions")
    if isinstance(questions, list):
        seen: dict[str, int] = {}
        for index, question in enumerate(questions):
            if isinstance(question, dict):
                path = ("questions", index)
                problems.extend(_check_question(doc, path, question, seen))
                problems.extend(_check_links(doc, path, question, asset_check))
                problems.extend(_check_formulas(doc, path, question))
    problems.extend(_check_links(doc, (), {"intro": doc.data.get("intro")}, asset_check))
    problems.extend(_check_formulas(doc, (), {"intro": doc.data.get("intro")}))
    problems.extend(_check_pools(doc))
    if problems:
        return None, problems
    data = with_defaults(doc.data, QUIZ_FIELDS)
    return QuizSpec(
        title=data["title"] or default_title,
        intro=data["intro"],
        pass_mark=data["pass_mark"],
        max_attempts=data["max_attempts"],
        shuffle_questions=data["shuffle_questions"],
        shuffle_choices=data["shuffle_choices"],
        show_feedback=data["show_feedback"],
        draw={pool: count for pool, count in data["draw"].items()},
        questions=tuple({**q, "points": common_setting(q, "points")} for q in data["questions"]),
    ), []


def _check_question(doc: TomlDocument, path: DataPath, question: dict,
                    seen: dict[str, int]) -> list[Problem]:
    problems = []
    slug = question.get("slug")
    if isinstance(slug, str):
        if slug in seen:
            problems.append(doc.problem(path + ("slug",), f'duplicate question slug "{slug}" '
                                        f"(first used on line {seen[slug]})"))
        seen.setdefault(slug, doc.line(path + ("slug",)))
    name = question.get("type")
    try:
        qtype = get_question_type(name)  # type: ignore[arg-type]
    except UnknownQuestionType:
        # Without a known type we cannot tell which extra keys are allowed: check the common ones.
        issues = check_table(question, COMMON_FIELDS, path, allow_unknown=True)
        if isinstance(name, str):
            known = ", ".join(sorted(QUESTION_TYPES))
            issues.append((path + ("type",), f'unknown question type "{name}" (known: {known})'))
        return problems + [doc.problem(where, message) for where, message in issues]
    try:
        type_issues = qtype.validate(question)
    except Exception as exc:  # a plugin's bug must not crash the checker
        return problems + [doc.problem(path, f"question type {name!r} failed to check it: {exc}")]
    return problems + [doc.problem(path + _undotted(where), message)
                       for where, message in type_issues]


def _check_links(doc: TomlDocument, path: DataPath, value: object,
                 asset_check: AssetCheck) -> list[Problem]:
    """Report broken asset links in every string of a question (prompt, feedback, ...)."""
    if isinstance(value, str):
        return [doc.problem(path, f'link to "{target}": the asset {reason}')
                for _, target in asset_links(value)
                if (reason := asset_check(asset_name(target)))]
    if isinstance(value, dict):
        items = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return []
    return [problem for key, child in items
            for problem in _check_links(doc, path + (key,), child, asset_check)]


# "\frac", "\beta", "\times" in a double-quoted TOML string become form feed, backspace, tab
_ESCAPED_LATEX_RE = re.compile(r"[\x08\x0c]|\t(?:ext|imes)")
def _check_pools(doc: TomlDocument) -> list[Problem]:
    """Each pool is drawn from, can give what is drawn, and gives the same points whatever
    is drawn; each count in "draw" names a pool."""
    questions = doc.data.get("questions")
    questions = [q for q in questions if isinstance(q, dict)] if isinstance(questions, list) else []
    draw = doc.data.get("draw")
    draw = draw if isinstance(draw, dict) else {}
    pools: dict[str, list[tuple[int, dict]]] = {}
    for index, question in enumerate(questions):
        if isinstance(question.get("pool"), str):
            pools.setdefault(question["pool"], []).append((index, question))
    problems = []
    for name, count in draw.items():
        if name not in pools:
            problems.append(doc.problem(("draw",), f'"draw" names pool "{name}", but no '
                                                   "question is in it"))
        elif isinstance(count, int) and count > len(pools[name]):
            problems.append(doc.problem(("draw",), f'"draw" takes {count} questions from pool '
                                                   f'"{name}", which has only '
                                                   f"{len(pools[name])}"))
    for name, members in pools.items():
        first_index = members[0][0]
        if name not in draw:
            problems.append(doc.problem(("questions", first_index, "pool"),
                                        f'pool "{name}" is not in "draw": say how many of its '
                                        "questions each attempt asks"))
        points = {common_setting(q, "points") for _, q in members}
        if len(points) > 1:
            problems.append(doc.problem(("questions", first_index, "pool"),
                                        f'the questions of pool "{name}" give different points; '
                                        "give them the same, so every attempt is worth the same"))
    return problems


_PLAIN_TEXT_KEYS = {"slug", "type", "text", "left", "right", "answers", "unit"}  # not Markdown


def _check_formulas(doc: TomlDocument, path: DataPath, value: object) -> list[Problem]:
    """Report formulas ($...$) that cannot be rendered, in every Markdown text of a question."""
    if isinstance(value, str):
        if _ESCAPED_LATEX_RE.search(value):
            return [doc.problem(path, 'a TOML escape ate a LaTeX command (\\f in "\\frac", \\t '
                                      'in "\\times"): write formulas in single-quoted strings '
                                      "('...') or double the backslashes")]
        return [doc.problem(path, message) for _, message in formula_problems(value)]
    if isinstance(value, dict):
        items = [(k, v) for k, v in value.items() if k not in _PLAIN_TEXT_KEYS]
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return []
    return [problem for key, child in items
            for problem in _check_formulas(doc, path + (key,), child)]


def _undotted(dotted: str) -> DataPath:
    if not dotted:
        return ()
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))
