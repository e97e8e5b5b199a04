"""Search a course's lessons in the reader's language: the titles and text of the outline
they read (translated where the package has a translation, the source otherwise).

The outline of a content version is already in memory (lms.learn.outline), so is its text
index, built once per version and language: a search costs no query beyond the page's own,
and works alike for every language and database. Matching ignores case and accents
("χαρτογραφουμε" finds "χαρτογραφούμε", "Ubersicht" finds "Übersicht"); every word of the
query must occur (AND).
"""

import html
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from lms.learn.outline import VERSIONS_KEPT, Lesson, Outline

MAX_QUERY = 200
MAX_TERMS = 12
MAX_HITS = 50
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Text without case and accents, for matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class _Entry:
    lesson: Lesson
    text: str  # the lesson's plain text
    folded: str  # fold(text), character by character
    origin: tuple[int, ...]  # for each character of folded, its index in text
    title: str  # fold(lesson.title)


@dataclass
class Hit:
    """A lesson that matches, with a passage of its text around the first match."""

    lesson: Lesson
    excerpt: Markup


def terms_of(query: str) -> list[str]:
    """The folded words of a query."""
    return _WORD.findall(fold((query or "")[:MAX_QUERY]))[:MAX_TERMS]


@lru_cache(maxsize=VERSIONS_KEPT * 4)
def _index(plan: Outline) -> tuple[_Entry, ...]:
    entries = []
    for lesson in plan.items:
        text = " ".join(html.unescape(_TAG.sub(" ", lesson.body_html or "")).split())
        folded, origin = [], []
        for index, character in enumerate(text):
            piece = fold(character)
            folded.append(piece)
            origin.extend([index] * len(piece))
        entries.append(_Entry(lesson, text, "".join(folded), tuple(origin), fold(lesson.title)))
    return tuple(entries)


def search(plan: Outline, query: str) -> list[Hit]:
    """The lessons whose title or text holds every word of the query, titles first."""
    terms = terms_of(query)
    if not terms:
        return []
    found = [entry for entry in _index(plan)
             if all(term in entry.title or term in entry.folded for term in terms)]
    found.sort(key=lambda entry: not all(term in entry.title for term in terms))
    return [Hit(entry.lesson, _excerpt(entry, terms)) for entry in found[:MAX_HITS]]


def _excerpt(entry: _Entry, terms: list[str], length: int = 240) -> Markup:
    """About ``length`` characters of text around the first match, the matches marked."""
    spans = sorted((entry.origin[m.start()], entry.origin[m.end() - 1] + 1)
                   for term in terms for m in re.finditer(re.escape(term), entry.folded))
    start = max(0, spans[0][0] - 60) if spans else 0
    end = min(len(entry.text), start + length)
    out, position = [Markup("… ") if start else Markup("")], start
    for begin, finish in spans:
        if begin < position or finish > end:
            continue
        out += [escape(entry.text[position:begin]), Markup("<mark>"),
                escape(entry.text[begin:finish]), Markup("</mark>")]
        position = finish
    out += [escape(entry.text[position:end]), Markup(" …") if end < len(entry.text) else Markup("")]
    return Markup("").join(out)
