"""Time the workbook tools' pure computation: a 300-industry location quotient table."""

import statistics
import time

from lms.content.tools import load_tools

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


if __name__ == "__main__":
    only, with_parse = lq_milliseconds()
    print(f"LQ, {INDUSTRIES} industries: compute {only:.2f} ms, parse and compute "
          f"{with_parse:.2f} ms (budget {BUDGET_MS:.0f} ms)")
