"""LaTeX-style formulas in course Markdown, turned into MathML on the server (no JavaScript).

`$...$` is a formula inside a sentence, a paragraph of its own between `$$` and `$$` a
displayed one. The same reader serves the Markdown extension that renders them and the
checker that reports formulas it cannot read, so what passes `flask courses check` is what
renders.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # nosec B405
from collections.abc import Iterator

from latex2mathml.converter import convert
from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# Pandoc's rule: no space just inside the dollars, no digit or letter right after the closing
# one, so "between $5 and $10" stays text.
INLINE_RE = re.compile(r"(?<![\\$\w])\$(?=[^\s$])([^$\n]*?[^\s\\$])\$(?![\w$])")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN_RE = re.compile(r"(`+)(?:.+?)\1")
_COMMAND_RE = re.compile(r"\\[A-Za-z]+")
MAX_FORMULA = 500  # characters; a formula longer than this is a mistake, not mathematics
_ARITY = {"mfrac": 2, "msub": 2, "msup": 2, "msubsup": 3, "mroot": 2, "munder": 2,
          "mover": 2, "munderover": 3}
_MATHML = "{http://www.w3.org/1998/Math/MathML}"


class FormulaError(ValueError):
    """A formula that cannot be read: the message says why, for the author."""


def to_mathml(latex: str, *, display: bool = False) -> str:
    """Convert one formula to MathML, or raise FormulaError saying what is wrong."""
    source = latex.strip()
    if not source:
        raise FormulaError("the formula is empty")
    if len(source) > MAX_FORMULA:
        raise FormulaError(f"the formula is longer than {MAX_FORMULA} characters")
    _check_braces(source)
    try:
        mathml = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises several kinds; all mean "cannot read"
        raise FormulaError(str(exc) or type(exc).__name__) from None
    _check_tree(mathml)
    return mathml


def _check_braces(source: str) -> None:
    depth = 0
    for match in re.finditer(r"\\[{}]|[{}]", source):
        brace = match.group(0)
        if brace in ("\\{", "\\}"):
            continue
        depth += 1 if brace == "{" else -1
        if depth < 0:
            raise FormulaError('a "}" closes nothing')
    if depth:
        raise FormulaError('a "{" is never closed')


def _check_tree(mathml: str) -> None:
    """latex2mathml is lenient: find the unknown commands and missing arguments it let by."""
    # latex2mathml's own output: escaped text, no DOCTYPE, so no entity tricks to fear
    try:
        root = ET.fromstring(mathml)  # noqa: S314  # nosec B314
    except ET.ParseError:
        raise FormulaError("it uses a construct the converter cannot turn into MathML "
                           "(such as & alignment outside a matrix)") from None
    for element in root.iter():
        if element.text and (command := _COMMAND_RE.search(element.text)):
            raise FormulaError(f"unknown command {command.group(0)}")
        name = element.tag.removeprefix(_MATHML)
        if name in _ARITY and len(element) != _ARITY[name]:
            raise FormulaError(f"a command is missing an argument (in <{name}>)")


def formulas(text: str) -> Iterator[tuple[int, str, bool, str | None]]:
    """(line, LaTeX, displayed?, problem) for every formula of a Markdown text, outside code.

    The problem is set when a `$$` formula is not closed or not a paragraph of its own (the
    renderer would then show it as text).
    """
    lines = text.splitlines()
    in_fence, index = False, 0
    while index < len(lines):
        line = lines[index]
        if _FENCE_RE.match(line):
            in_fence = not in_fence
        elif in_fence:
            pass
        elif line.lstrip().startswith("$$"):
            start, joined = index, line.strip()
            while not _closed(joined) and index + 1 < len(lines) and lines[index + 1].strip():
                index += 1
                joined += "\n" + lines[index].strip()
            alone = ((start == 0 or not lines[start - 1].strip())
                     and (index + 1 >= len(lines) or not lines[index + 1].strip()))
            if not _closed(joined):
                yield start + 1, joined[2:], True, 'a "$$" formula is never closed by "$$"'
            elif not alone:
                yield start + 1, joined[2:-2], True, ('a "$$" formula must be a paragraph of '
                                                      "its own: leave a blank line before and "
                                                      "after it")
            else:
                yield start + 1, joined[2:-2], True, None
        else:
            plain = _CODE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), line)
            for match in INLINE_RE.finditer(plain):
                yield index + 1, match.group(1), False, None
        index += 1


def _closed(joined: str) -> bool:
    return len(joined) >= 4 and joined.endswith("$$")


def formula_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for every formula of a Markdown text that cannot be rendered."""
    problems = []
    for line, latex, display, problem in formulas(text):
        if problem:
            problems.append((line, problem))
            continue
        try:
            to_mathml(latex, display=display)
        except FormulaError as exc:
            problems.append((line, f'formula "{_short(latex)}": {exc}'))
    return problems


def _short(latex: str) -> str:
    flat = " ".join(latex.split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


class _InlineFormula(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # noqa: N802 (as Markdown's own stubs)
            self, m: re.Match[str], data: str,
    ) -> tuple[str | None, int | None, int | None]:
        try:
            html = to_mathml(m.group(1))
        except FormulaError:
            return None, None, None  # left as written; the checker reports it
        return self.md.htmlStash.store(html), m.start(0), m.end(0)


class _DisplayFormula(BlockProcessor):
    def test(self, parent: ET.Element, block: str) -> bool:
        stripped = block.strip()
        return stripped.startswith("$$") and stripped.endswith("$$") and len(stripped) > 4

    def run(self, parent: ET.Element, blocks: list[str]) -> bool | None:
        latex = blocks[0].strip()[2:-2]
        try:
            html = to_mathml(latex, display=True)
        except FormulaError:
            return False  # another processor shows it as text
        blocks.pop(0)
        paragraph = parent.makeelement("p", {})
        paragraph.text = self.parser.md.htmlStash.store(html)
        parent.append(paragraph)
        return True


class FormulaExtension(Extension):
    """Python-Markdown extension: `$...$` and `$$...$$` become MathML."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # after code spans (190), before backslash escapes (180) and emphasis
        md.inlinePatterns.register(_InlineFormula(INLINE_RE.pattern, md), "formula", 185)
        # before paragraphs and lists, so a formula's lines stay one formula
        md.parser.blockprocessors.register(_DisplayFormula(md.parser), "display_formula", 95)
