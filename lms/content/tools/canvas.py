"""Business model canvas for a cluster organisation: the nine blocks with the lesson's questions.

Lesson "The business model canvas" (02-business-model): nine building blocks,
each with a guiding question, laid out with value propositions in the centre,
the delivery side (partners, activities, resources) on the left, the customer
side (relationships, channels, segments) on the right, and costs and revenue
along the bottom. Compute normalises the text; nothing is scored.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from markupsafe import Markup
from openpyxl import Workbook

from .base import Files, Form, InputProblem, Tool, ToolInputError
from .forms import values
from .html import problems_list, textarea
from .xlsx import BOLD, csv_safe, new_book, put_text, to_bytes

MAX_BLOCK_CHARS = 3000
# (key, title, guiding question) in the lesson's order; the key is also the form field.
BLOCKS = (
    ("customer-segments", "Customer segments", "Whom do we create value for?"),
    ("value-propositions", "Value propositions", "What do we offer each segment that it values?"),
    ("channels", "Channels", "How do we reach members and deliver the services?"),
    ("customer-relationships", "Customer relationships",
     "What kind of relationship does each segment expect?"),
    ("revenue-streams", "Revenue streams", "Who pays, for what, and how?"),
    ("key-resources", "Key resources", "What do we need to deliver the value propositions?"),
    ("key-activities", "Key activities", "What must we do well?"),
    ("key-partners", "Key partnerships", "Who helps us deliver?"),
    ("cost-structure", "Cost structure", "What does it cost to run the model?"),
)
TITLES = {key: title for key, title, _q in BLOCKS}
QUESTIONS = {key: question for key, _t, question in BLOCKS}
# Reading order of the printed canvas: left to right, top to bottom.
LAYOUT = ("key-partners", "key-activities", "key-resources", "value-propositions",
          "customer-relationships", "channels", "customer-segments", "cost-structure",
          "revenue-streams")


def normalise(text: str) -> str:
    """NFC, no control characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch if ch == "\n" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class BusinessModelCanvas(Tool):
    """The canvas tool: a cluster organisation's business model on one printable page."""

    name = "business-model-canvas"
    title = "Business model canvas"
    option_fields = {}

    def parse(self, form: Form, files: Files, options: dict) -> dict:
        """Read the nine blocks; at least one must be filled, none may be too long."""
        blocks = {key: normalise((values(form, key) or [""])[0]) for key in TITLES}
        problems = [InputProblem(f"{TITLES[key]} has {len(text):,} characters; the limit is "
                                 f"{MAX_BLOCK_CHARS:,}. Shorten it: the canvas is a one-page "
                                 "summary.", None, TITLES[key])
                    for key, text in blocks.items() if len(text) > MAX_BLOCK_CHARS]
        if not any(blocks.values()):
            problems.append(InputProblem("The canvas is empty: fill in at least one block.",
                                         None, TITLES["customer-segments"]))
        if problems:
            raise ToolInputError(problems, {"blocks": blocks})
        return {"blocks": blocks}

    def compute(self, inputs: dict, options: dict) -> dict:
        """The normalised blocks, which are filled, and their word counts."""
        blocks = {key: normalise(inputs["blocks"].get(key, "")) for key in TITLES}
        return {"blocks": blocks, "filled": sum(1 for text in blocks.values() if text),
                "words": {key: len(text.split()) for key, text in blocks.items()},
                "empty": [TITLES[key] for key, text in blocks.items() if not text]}

    def render_form(self, inputs: dict | None, options: dict,
                    problems: list[InputProblem] | None = None) -> Markup:
        """Nine labelled text areas, each with its guiding question as the hint."""
        blocks = (inputs or {}).get("blocks", {})
        fields = [Markup('<div class="tool-field">{}</div>').format(
            textarea(self.name, key, f"{index}. {title}", blocks.get(key, ""), hint=question,
                     rows=5, maxlength=MAX_BLOCK_CHARS))
            for index, (key, title, question) in enumerate(BLOCKS, start=1)]
        return problems_list(problems) + Markup("").join(fields)

    def render_results(self, inputs: dict, results: dict, options: dict) -> Markup:
        """The canvas layout (print classes only; lms/static/tools.css lays it out)."""
        parts = [Markup('<div class="tool-canvas" role="group" aria-label="Business model '
                        'canvas">')]
        for key in LAYOUT:
            text = results["blocks"][key]
            body = (Markup('<p class="tool-canvas-text">{}</p>').format(text) if text else
                    Markup('<p class="tool-canvas-text tool-canvas-empty">Not filled in yet.</p>'))
            parts.append(Markup('<section class="tool-canvas-block tool-canvas-block--{}">'
                                '<h4>{}</h4><p class="tool-canvas-question">{}</p>{}</section>'
                                ).format(key, TITLES[key], QUESTIONS[key], body))
        parts.append(Markup("</div>"))
        if results["empty"]:
            parts.append(Markup('<p class="tool-hint">Still empty: {}.</p>').format(
                ", ".join(results["empty"])))
        return Markup("").join(parts)

    def summary(self, results: dict) -> str:
        """E.g. '9 of 9 blocks filled'."""
        return f"{results['filled']} of {len(BLOCKS)} blocks filled"

    def export_csv(self, inputs: dict, results: dict) -> str:
        """One row per block: title, guiding question, text."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["Block", "Guiding question", "Text"])
        for key, title, question in BLOCKS:
            writer.writerow([title, question, csv_safe(results["blocks"][key])])
        return out.getvalue()

    def export_xlsx(self, inputs: dict, options: dict) -> bytes:
        """A list sheet with word counts as formulas, and a layout sheet that refers to it."""
        book, sheet = new_book("Canvas")
        for column, (label, width) in enumerate(
                (("Block", 26), ("Guiding question", 44), ("Text", 70), ("Words", 8)), start=1):
            sheet.cell(row=1, column=column, value=label).font = BOLD
            sheet.column_dimensions["ABCD"[column - 1]].width = width
        rows = {}
        for offset, (key, title, question) in enumerate(BLOCKS):
            r = 2 + offset
            rows[key] = r
            sheet.cell(row=r, column=1, value=title)
            sheet.cell(row=r, column=2, value=question)
            text = normalise(inputs["blocks"].get(key, ""))
            if text:
                put_text(sheet, r, 3, text)
            sheet.cell(row=r, column=4, value=(
                f'=IF(LEN(TRIM(C{r}))=0,0,LEN(TRIM(SUBSTITUTE(C{r},CHAR(10)," ")))'
                f'-LEN(SUBSTITUTE(TRIM(SUBSTITUTE(C{r},CHAR(10)," "))," ",""))+1)'))
        last = 1 + len(BLOCKS)
        sheet.cell(row=last + 1, column=1, value="Blocks filled").font = BOLD
        sheet.cell(row=last + 1, column=4, value=f"=COUNTIF(D2:D{last},\">0\")")
        _layout_sheet(book, rows)
        return to_bytes(book)


def _layout_sheet(book: Workbook, rows: dict[str, int]) -> None:
    """The printed arrangement: five columns, the bottom row split between costs and revenue."""
    from openpyxl.styles import Alignment

    sheet = book.create_sheet("Layout")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    places = {"key-partners": "A1:A4", "key-activities": "B1:B2", "key-resources": "B3:B4",
              "value-propositions": "C1:C4", "customer-relationships": "D1:D2",
              "channels": "D3:D4", "customer-segments": "E1:E4", "cost-structure": "A5:B5",
              "revenue-streams": "C5:E5"}
    for column in "ABCDE":
        sheet.column_dimensions[column].width = 32
    for row in range(1, 6):
        sheet.row_dimensions[row].height = 120
    for key, span in places.items():
        top_left = span.split(":")[0]
        sheet[top_left] = f'="{TITLES[key]}"&CHAR(10)&Canvas!C{rows[key]}'
        sheet[top_left].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(span)
