"""The issue's "Done when", walked on the shipped course: a new learner uploads the mapping
lesson's Region North table to the location quotient tool, sees the lesson's LQs, saves,
exports an XLSX that LibreOffice recomputes to the same LQs, and shares it with the cohort;
the trainer opens it from the cohort page and comments; the learner is notified.

The tables are read from the lesson's Markdown, so the test follows the lesson if it changes.
Only the shipped course is imported (half a second); LibreOffice runs once, on the export.
"""

import re
from pathlib import Path

from openpyxl import Workbook
from playwright.sync_api import expect

from lms.extensions import db
from lms.models import Course, Enrolment, User
from lms.services import cohorts
from tests.browser.helpers import heading, make_user, sign_in
from tests.content.tools.libreoffice import recalculate
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
LESSON = COURSE / "01-mapping" / "measuring-concentration.md"
BASE = "/courses/cluster-management/items"
TOOL_TITLE = "Try it: location quotient, size and focus of your region"


def lesson_table(number: int) -> list[list[str]]:
    """The rows (header first) of the lesson's "**Table <number>." Markdown table."""
    lines = LESSON.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"**Table {number}."))
    rows = []
    for line in lines[start + 1:]:
        if not line.strip() and rows:
            break
        if line.startswith("|") and not set(line) <= set("|-: "):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def lesson_lqs() -> dict[str, str]:
    """Industry -> LQ as Table 2 of the lesson prints it (two decimals)."""
    return {industry: lq for industry, (lq, _, _) in lesson_results().items()}


def lesson_results() -> dict[str, tuple[str, str, str]]:
    """Industry -> (LQ, focus %, size %) as Table 2 of the lesson prints them."""
    header, *rows = lesson_table(2)
    lq = header.index("LQ")
    focus = next(i for i, h in enumerate(header) if h.startswith("Regional share"))
    size = next(i for i, h in enumerate(header) if h.startswith("Region's share"))
    return {row[0]: (row[lq], row[focus], row[size]) for row in rows}


def region_north_xlsx(path: Path) -> Path:
    """Table 1 of the lesson as the XLSX a learner would type it into."""
    header, *rows = lesson_table(1)
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for name, *jobs in rows:
        sheet.append([name, *(int(j.replace(",", "")) for j in jobs)])
    book.save(path)
    return path


def _world(app) -> int:
    """The shipped course, its trainer's cohort and a new learner in it; returns the cohort."""
    make_user(app, "anna.trainer@example.org", "Anna Lindqvist", "trainer")
    make_user(app, "marek@example.org", "Marek Nowak")
    with app.app_context():
        import_package(COURSE)
        trainer = db.session.scalar(db.select(User).where(User.email == "anna.trainer@example.org"))
        learner = db.session.scalar(db.select(User).where(User.email == "marek@example.org"))
        course = db.session.scalar(db.select(Course).where(Course.slug == "cluster-management"))
        cohort = cohorts.create_cohort(trainer, course=course, name="Pomerania 2026")
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner.id))
        db.session.commit()
        return cohort.id


def fits_the_phone(page) -> None:
    """At 390 px the page does not scroll sideways: wide tables scroll in their own box."""
    page.set_viewport_size({"width": 390, "height": 900})
    try:
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a 390px phone"
        for chart in page.locator("svg.tool-chart").all():
            box = chart.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def _learner_runs_the_tool(page, base, tmp_path, check_accessibility, screenshot) -> bytes:
    """From the lesson to the tool: upload, see the lesson's LQs, save; returns the XLSX export."""
    sign_in(page, base, "marek@example.org")
    page.goto(f"{base}{BASE}/mapping-measuring-concentration")
    expect(page.get_by_text("run the location quotient tool (the next lesson)")).to_be_visible()
    page.get_by_role("link", name=re.compile(re.escape(TOOL_TITLE))).first.click()
    expect(heading(page, TOOL_TITLE)).to_be_visible()
    check_accessibility()

    upload = region_north_xlsx(tmp_path / "region-north.xlsx")
    page.get_by_label("Or upload a CSV or XLSX file").set_input_files(str(upload))
    page.get_by_role("button", name="Compute and save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved as version 1")
    results = page.locator(".tool-results")
    expect(results).to_contain_text("Region North: 3 of 5 industries reach LQ 1.25")
    for industry, (lq, focus, size) in lesson_results().items():
        row = results.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=industry, exact=True))
        expect(row.get_by_role("cell")).to_contain_text([lq, "yes" if float(lq) >= 1.25
                                                         else "no", focus, size])
    expect(results.get_by_role("img", name=re.compile("Location quotients, Region North")))\
        .to_be_visible()
    check_accessibility()
    fits_the_phone(page)
    screenshot("workbook-shipped-lq-tool")

    page.get_by_role("link", name="Open in my workbook").click()
    expect(heading(page, TOOL_TITLE)).to_be_visible()
    fits_the_phone(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export XLSX").click()
    exported = Path(download.value.path()).read_bytes()
    page.get_by_label("Share into").select_option(label="My cohort: Pomerania 2026")
    page.get_by_label("A note for the others (optional)").fill("Region North, as in the lesson.")
    page.get_by_role("button", name="Share").click()
    expect(heading(page, f"Workbook: {TOOL_TITLE}")).to_be_visible()
    expect(page.get_by_text("Region North, as in the lesson.")).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Food processing")
    check_accessibility()
    page.get_by_role("button", name="Sign out").click()
    return exported


def assert_recomputes_to_the_lesson(exported: bytes) -> None:
    """LibreOffice recalculates the export's formulas and finds Table 2's LQs."""
    (rows,) = recalculate({"export": exported})["export"].values()
    header_at = next(i for i, row in enumerate(rows) if row and row[0] == "Industry")
    lq_column = rows[header_at].index("Region North: LQ")
    computed = {row[0]: row[lq_column] for row in rows[header_at + 1:]
                if row and row[0] in lesson_lqs()}
    assert {name: f"{value:.2f}" for name, value in computed.items()} == lesson_lqs()


def _trainer_comments(page, base, cohort_id, check_accessibility, screenshot) -> None:
    sign_in(page, base, "anna.trainer@example.org")
    page.goto(f"{base}/trainer/cohorts/{cohort_id}")
    page.get_by_role("link", name=TOOL_TITLE, exact=True).click()
    expect(heading(page, "Who has used each tool")).to_be_visible()
    page.get_by_role("link", name=re.compile(f"Marek Nowak's {re.escape(TOOL_TITLE)}")).first\
        .click()
    expect(page.get_by_text("By Marek Nowak")).to_be_visible()
    expect(page.locator(".tool-results")).to_contain_text("2.16")
    page.get_by_label("Your comment").fill("Logistics passes only just: is it part of food?")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status")).to_contain_text("the learner is notified")
    check_accessibility()
    screenshot("workbook-shipped-trainer-comment")
    page.get_by_role("button", name="Sign out").click()


def test_region_north_from_the_lesson_to_the_trainers_comment(live_server, page, tmp_path,
                                                              check_accessibility, screenshot):
    app, base = live_server
    cohort_id = _world(app)
    exported = _learner_runs_the_tool(page, base, tmp_path, check_accessibility, screenshot)
    assert_recomputes_to_the_lesson(exported)
    _trainer_comments(page, base, cohort_id, check_accessibility, screenshot)

    sign_in(page, base, "marek@example.org")
    expect(page.locator(".nav-notifications .badge")).to_have_text("1")
    page.locator(".nav-notifications").click()
    page.get_by_role("link", name=re.compile("Anna Lindqvist commented on your workbook entry"))\
        .click()
    expect(page.get_by_text("Logistics passes only just: is it part of food?")).to_be_visible()
    check_accessibility()
    fits_the_phone(page)
    screenshot("workbook-shipped-entry-learner")
