"""The shipped LQ tool's page and a saved entry stay within the lesson page's budget (10 SQL
queries) with a 300-industry table, as `make bench` loads them (bench/tools.py builds them),
and the 300-industry computation stays well under 50 ms."""

from pathlib import Path

import sqlalchemy as sa

from bench.targets import targets
from bench.tools import BUDGET_MS, build_workbook, timings
from lms.extensions import db
from lms.models import Course, WorkbookEntry
from lms.services import workbook
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
BUDGET = 10
REGION_NORTH = ("Industry,Region North,Country\nFood processing,13200,102000\n"
                "All other industries,238800,4098000\nTotal,252000,4200000\n")


def _cost(client, count_queries, url: str) -> int:
    client.get(url)  # warm: the first visit records "seen"
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def test_tool_page_and_entry_with_300_industries_cost_what_a_small_table_costs(
        app, client, auth, make_user, make_cohort, count_queries):
    import_package(COURSE)
    course = db.session.scalar(sa.select(Course).where(Course.slug == "cluster-management"))
    small, large = make_user(name="Sam Small"), make_user(name="Lara Large")
    make_cohort(course=course, learners=[small, large])
    pages = build_workbook(large)
    db.session.commit()
    tool_url, entry_url = pages.values()
    item = db.session.scalar(sa.select(WorkbookEntry)).item
    tool = app.extensions["tools"]["location-quotient"]
    small_entry = workbook.save_entry(small, item, tool, {"table": [REGION_NORTH]}, {})
    db.session.commit()

    auth.login(small)
    few = [_cost(client, count_queries, url)
           for url in (tool_url, f"/workbook/entries/{small_entry.id}")]
    auth.login(large)
    page = client.get(entry_url).text
    assert "Industry 299" in page and "300 industries" in page
    many = [_cost(client, count_queries, url) for url in (tool_url, entry_url)]
    assert many == few and max(many) <= BUDGET, (few, many)


def test_the_300_industry_computation_is_timed_and_checked_by_make_bench():
    measured = timings()
    assert measured["industries"] == 300 and measured["budget_ms"] == BUDGET_MS == 50
    assert measured["parse_and_compute_ms"] < BUDGET_MS  # "well under": ~13 ms measured
    rows = targets({"tools": measured, "pages": _pages(), "mix": _mix()})
    label, ok, figure = rows[0]
    assert label == "LQ of 300 industries parsed and computed < 50 ms" and ok, figure


def _pages() -> dict:
    names = ("thread, first page", "thread, last page", "trainer grid, 500 learners x 60 items",
             "trainer grid, 50 learners x 60 items", "lesson page (learner)")
    return {name: {"ratio": 1.0, "queries": "5"} for name in names}


def _mix() -> dict:
    return {"ratio": 1.0, "p50_ms": 1.0, "p95_ms": 1.0, "kinds": {}, "statuses": {}}
