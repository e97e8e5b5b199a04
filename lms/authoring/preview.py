"""Render a package item the way learners will see it, before it is published.

The Markdown goes through the same render-then-sanitize path as `sync_package`, with asset
links pointing at the version's preview URLs; quiz prompts, choices and feedback are shown
together so the author can check every message a learner may get.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from lms.content.package import ItemSpec
from lms.content.question_types.base import common_setting
from lms.content.rendering import render_markdown
from lms.services.course_sync import with_objectives

# Question keys shown as a list of their own (the rest are listed as settings).
_SHOWN = {"slug", "type", "prompt", "choices", "points", "pool"}


@dataclass
class QuestionPreview:
    """One quiz question: its prompt, its choices with feedback, its other settings."""

    slug: str
    type: str
    prompt_html: Markup
    points: int
    choices: list[dict] = field(default_factory=list)  # text, correct, feedback
    settings: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class LessonPreview:
    """What the preview page shows for one item."""

    body_html: Markup
    intro_html: Markup | None = None
    tool_title: str = ""
    tool_form_html: Markup | None = None  # the tool's own inputs, as learners get them
    questions: list[QuestionPreview] = field(default_factory=list)
    quiz_settings: list[tuple[str, str]] = field(default_factory=list)


def lesson_preview(spec: ItemSpec, asset_url, tools: Mapping | None = None) -> LessonPreview:
    """The item's body, for a quiz its intro and questions, for a tool its form: rendered and
    sanitized as learners get them."""

    def render(source: str) -> Markup:
        return render_markdown(source, asset_url=asset_url, formulas=True)

    body = render(with_objectives(spec)) if spec.body or spec.objectives else Markup("")
    preview = LessonPreview(body_html=body)
    tool = (tools or {}).get(spec.tool) if spec.tool else None
    if tool is not None:
        preview.tool_title = tool.title
        preview.tool_form_html = tool.render_form(None, spec.options)
    if spec.quiz is None:
        return preview
    quiz = spec.quiz
    preview.intro_html = render(quiz.intro) if quiz.intro else None
    preview.quiz_settings = [
        ("Pass mark", f"{quiz.pass_mark}%"),
        ("Attempts", str(quiz.max_attempts) if quiz.max_attempts else "unlimited"),
        ("Feedback shown", quiz.show_feedback.replace("_", " ")),
        ("Shuffled", ", ".join(name for name, on in (("questions", quiz.shuffle_questions),
                                                      ("choices", quiz.shuffle_choices)) if on)
         or "no"),
    ]
    for question in quiz.questions:
        preview.questions.append(QuestionPreview(
            slug=question.get("slug", ""), type=str(question.get("type", "")).replace("_", " "),
            prompt_html=render(str(question.get("prompt", ""))),
            points=common_setting(question, "points"),
            choices=[{"text": str(c.get("text", "")), "correct": bool(c.get("correct")),
                      "feedback": str(c.get("feedback", ""))}
                     for c in question.get("choices", []) if isinstance(c, dict)],
            settings=[(key.replace("_", " "), _plain(value))
                      for key, value in question.items() if key not in _SHOWN]))
    return preview


def _plain(value) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
