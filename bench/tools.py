"""The workbook tools in `make bench`: time the pure computation of a 300-industry location
quotient table, and give a learner a saved 300-industry entry whose tool page and workbook
entry page are loaded like the other single pages."""

import statistics
import time

import sqlalchemy as sa

from lms.content.tools import load_tools
from lms.extensions import db
from lms.models import Item
from lms.services import workbook

LQ_ITEM = "mapping-tool-location-quotient"  # in the shipped course

INDUSTRIES = 300
BUDGET_MS = 50.0  # issue 17: "well under 50 ms"


def lq_table(industries: int = INDUSTRIES) -> str:
    """A region × industry CSV with ``industries`` rows, an 'All other' row and the Total."""
    lines = ["Industry,Region,Country"]
    lines += [f"Industry {i},{100 + i},{10_000 + 7 * i}" for i in range(industries)]
    region = sum(100 + i for i in range(industries))
    country = sum(10_000 + 7 * i for i in range(industries))
    lines.append(f"All other industries,{region},{country}")
    lines.append(f"Total,{2 * region},{2 * country}")
    return "\n".join(lines)


def lq_milliseconds(repeat: int = 20) -> tuple[float, float]:
    """Median ms to compute, and to parse and compute, the 300-industry table."""
    tool = load_tools(False)["location-quotient"]
    text = lq_table()
    inputs = tool.parse({"table": [text]}, {}, {})
    compute, both = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        tool.compute(inputs, {})
        middle = time.perf_counter()
        tool.compute(tool.parse({"table": [text]}, {}, {}), {})
        end = time.perf_counter()
        compute.append((middle - start) * 1000)
        both.append((end - middle) * 1000)
    return statistics.median(compute), statistics.median(both)


def build_workbook(learner) -> dict[str, str]:
    """The learner saves the shipped LQ tool on a 300-industry table; the pages to load."""
    item = db.session.scalar(sa.select(Item).where(Item.slug == LQ_ITEM,
                                                   Item.archived_at.is_(None)))
    tool = load_tools(False)["location-quotient"]
    entry = workbook.save_entry(learner, item, tool, {"table": [lq_table()]}, {})
    return {f"tool page, LQ of {INDUSTRIES} industries":
            f"/courses/{item.course.slug}/items/{item.slug}",
            f"workbook entry, LQ of {INDUSTRIES} industries": f"/workbook/entries/{entry.id}"}


def timings() -> dict[str, float]:
    """The LQ timings as results for bench/targets.py."""
    compute, both = lq_milliseconds()
    return {"industries": INDUSTRIES, "compute_ms": compute, "parse_and_compute_ms": both,
            "budget_ms": BUDGET_MS}


if __name__ == "__main__":
    only, with_parse = lq_milliseconds()
    print(f"LQ, {INDUSTRIES} industries: compute {only:.2f} ms, parse and compute "
          f"{with_parse:.2f} ms (budget {BUDGET_MS:.0f} ms)")
