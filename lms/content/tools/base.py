"""The Tool interface every workbook tool implements (built-in or from a plugin).

A tool is a practical calculator or worksheet placed in a course module as an
item of kind ``tool``. It is pure Python (no Flask, no database): the platform
parses the learner's submission with it, computes results with it, stores the
inputs and results as JSON in a workbook entry, and asks the tool to render its
form, its results and its exports. Tools register through the ``lms.tools``
entry-point group; the built-in tools register through the same group.

Contract (kept small on purpose; see docs/tools.md for a worked plugin):

- ``name``: the entry-point name and the value of ``tool =`` in course.toml.
- ``title``: shown in the outline and the workbook.
- ``option_fields``: the schema of the item's ``options`` table in course.toml,
  checked by ``flask courses check`` through ``validate_options``.
- ``parse(form, files, options)``: turn submitted form values (each name maps to
  the list of its values) and uploaded files (name -> (filename, bytes)) into
  JSON-serialisable inputs, or raise ``ToolInputError`` naming every problem
  with its row and column.
- ``compute(inputs, options)``: pure function from inputs to JSON-serialisable
  results; the same inputs always give the same results.
- ``render_form(inputs, options, problems)`` and ``render_results(inputs,
  results, options)``: accessible HTML (labels, captions; SVG charts with
  title, description and the data table beside them). Every piece of text from
  the learner is escaped; the platform wraps the form element and CSRF token.
- ``summary(results)``: one line for the workbook list and shared snapshots.
- ``export_csv(inputs, results)`` and ``export_xlsx(inputs, options)``: the
  entry as CSV text and as XLSX bytes whose result cells are live formulas.
- ``template()``: an optional downloadable input template (filename, bytes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from ..schema import Field, check_table

Form = Mapping[str, list[str]]
Files = Mapping[str, tuple[str, bytes]]


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with a learner's input, placed as precisely as possible."""

    message: str  # says what is wrong and how to fix it
    row: int | None = None  # 1-based data row in the table or file, None for the whole input
    column: str | None = None  # the column's header or the field's label


@dataclass
class ToolInputError(ValueError):
    """The submission cannot be computed; nothing is saved and every problem is shown."""

    problems: list[InputProblem] = field(default_factory=list)
    # What the learner typed, in the shape render_form accepts as ``inputs``, so the form
    # can be shown again filled in (optional: None when there is nothing to keep).
    draft: dict | None = None

    def __str__(self) -> str:
        return "; ".join(p.message for p in self.problems)


class Tool:
    """Base class for workbook tools; subclasses set the attributes and override the methods."""

    name: str = ""
    title: str = ""
    option_fields: Mapping[str, Field] = {}

    def validate_options(self, options: dict) -> list[tuple[str, str]]:
        """Check an item's options table; return (dotted path, message) pairs."""
        return [(".".join(str(p) for p in path), message)
                for path, message in check_table(options, self.option_fields)]

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Turn a submission into JSON-serialisable inputs, or raise ToolInputError."""
        raise NotImplementedError

    def compute(self, inputs: dict, options: dict) -> dict:
        """Compute JSON-serialisable results from parsed inputs."""
        raise NotImplementedError

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """Render the input controls (pre-filled with ``inputs``), without the form element."""
        raise NotImplementedError

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """Render results: tables, and SVG charts with their data beside them."""
        raise NotImplementedError

    def summary(self, results: dict) -> str:
        """One plain-text line describing the results."""
        return ""

    def export_csv(self, inputs: dict, results: dict) -> str:
        """The entry as CSV text."""
        raise NotImplementedError

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """The entry as an XLSX workbook whose result cells are formulas over the inputs."""
        raise NotImplementedError

    def template(self) -> tuple[str, bytes] | None:
        """An optional downloadable input template as (filename, bytes)."""
        return None
