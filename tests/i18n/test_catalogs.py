"""CI's catalog check: every message in the code is marked, extracted and translated.

Fails when a catalog misses a message or holds a fuzzy or empty one, when messages.pot is
behind the code (run `flask translations update`), and when a page of the learner's path
gets a string that is not marked for translation.
"""

import re
from pathlib import Path

import pytest

from lms.i18n import LANGUAGES
from lms.i18n.catalogs import CATALOGS, TEMPLATE, extract_messages, languages, read_catalog

TEMPLATES = Path(__file__).resolve().parents[2] / "lms" / "templates"
# The pages of the learner's path whose every word goes through gettext.
MARKED = ["base.html", "_language_switch.html", "_macros/nav.html", "learn/home.html",
          "learn/course.html", "learn/_outline.html", "learn/item.html", "learn/_item_theory.html",
          "learn/_item_case.html", "learn/_item_quiz.html", "learn/_mark_done.html",
          "quiz/_on_item.html", "quiz/_history.html", "quiz/attempt.html", "quiz/result.html",
          "learn/search.html", "learn/_search_form.html", "learn/page.html"]
NOT_WORDS = {"ClusterLearn", "wide"}  # the brand, the same in every language; a CSS class


def ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


@pytest.fixture(scope="module")
def extracted():
    return extract_messages()


def test_every_supported_language_but_english_has_a_catalog():
    assert languages() == sorted(set(LANGUAGES) - {"en"})


def test_the_template_is_up_to_date_with_the_code(extracted):
    from babel.messages.pofile import read_po

    with TEMPLATE.open("rb") as file:
        template = read_po(file)
    assert ids(extracted) - ids(template) == set(), "new messages: run `flask translations update`"
    assert ids(template) - ids(extracted) == set(), "gone messages: run `flask translations update`"


@pytest.mark.parametrize("language", sorted(set(LANGUAGES) - {"en"}))
def test_every_message_is_translated(extracted, language):
    catalog = read_catalog(language)
    assert ids(extracted) - ids(catalog) == set(), f"{language}: run `flask translations update`"
    assert ids(catalog) - ids(extracted) == set(), f"{language}: obsolete messages"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {message.id!r}")
        for error in message.check(catalog):  # placeholders as in the source, plural forms
            problems.append(f"{message.id!r}: {error}")
        wanted = set(re.findall(r"%\((\w+)\)", str(message.id)))
        for string in strings:
            if set(re.findall(r"%\((\w+)\)", string)) - wanted - {"num"}:
                problems.append(f"{message.id!r}: unknown placeholder in {string!r}")
    assert problems == [], "\n".join(problems)


_CODE = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"{]*[A-Za-z][^"{]*)"')


def unmarked_strings(source: str) -> list[str]:
    """Words of a template that reach the reader without gettext: text between tags, and
    readable attributes, outside Jinja's {{ }}, {% %} and {# #}."""
    found = [f'attribute "{value}"' for value in _ATTRIBUTES.findall(_CODE.sub(" ", source))]
    text = _TAG.sub("\n", _CODE.sub("\n", source))
    chunks = (" ".join(chunk.split()) for chunk in text.splitlines())
    found += [chunk for chunk in chunks
              if re.search(r"[^\W\d_]{2}", chunk) and chunk.strip("◆ ") not in NOT_WORDS]
    return found


@pytest.mark.parametrize("name", MARKED)
def test_the_learners_pages_mark_every_string(name):
    assert unmarked_strings((TEMPLATES / name).read_text()) == []


def test_the_unmarked_string_check_finds_a_plain_word():
    assert unmarked_strings("<p>{{ _('Fine') }}</p><p>Not marked</p>") == ["Not marked"]
    assert unmarked_strings('<nav aria-label="Main">') == ['attribute "Main"']
    assert unmarked_strings("<p>{{ x }} · 5 min</p>") == ["· 5 min"]


def test_the_compiled_catalogs_are_not_committed():
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert "*.mo" in ignored.split()
    assert CATALOGS.is_dir()


def test_the_compile_command_writes_every_catalog(app):
    result = app.test_cli_runner().invoke(args=["translations", "compile"])
    assert result.exit_code == 0, result.output
    for language in ("da", "el", "es"):
        assert f"compiled {language}/LC_MESSAGES/messages.mo" in result.output
        assert (CATALOGS / language / "LC_MESSAGES" / "messages.mo").stat().st_size > 1000
