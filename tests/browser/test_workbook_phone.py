"""Every built-in tool on a 390 px phone, as the demo learner of `make run` finds them: the
tool pages, her workbook and each saved entry never scroll sideways (wide tables scroll in
their own box, charts shrink to the column), and pass axe."""

import re
from pathlib import Path

from playwright.sync_api import expect

from lms.demo import DEMO_PASSWORD
from lms.demo.workbook import DEMO_LEARNER
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import heading
from tests.fixtures.content import import_package

COURSE = Path(__file__).resolve().parents[2] / "courses" / "cluster-management"
TOOL_ITEMS = ("mapping-tool-location-quotient", "mapping-tool-shift-share",
              "business-model-tool-canvas", "economics-tool-revenue-mix", "stakeholders-tool-map")
PHONE = {"width": 390, "height": 844}


def make_run_data(app) -> None:
    """`make run`'s data: the shipped course and `flask demo seed`."""
    with app.app_context():
        import_package(COURSE)
        result = app.test_cli_runner().invoke(args=["demo", "seed"])
        assert result.exit_code == 0, result.output


def _fits(page, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: {width}px wide on a {PHONE['width']}px phone"
    for chart in page.locator("svg.tool-chart").all():
        box = chart.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (what, box)


def test_demo_learners_tools_and_entries_fit_a_phone(live_server, page, check_accessibility,
                                                      screenshot):
    app, base = live_server
    make_run_data(app)
    page.set_viewport_size(PHONE)
    page.goto(base + "/account/login")
    page.get_by_label("Email").fill(DEMO_LEARNER)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Menu")).to_be_visible()

    for slug in TOOL_ITEMS:
        page.goto(f"{base}/courses/cluster-management/items/{slug}")
        expect(page.get_by_text("✓ Saved")).to_be_visible()  # the demo entry is there
        page.screenshot(path=_artifact(f"workbook-phone-{slug}"), full_page=True)
        _fits(page, slug)
        check_accessibility()

    page.goto(base + "/workbook")
    expect(heading(page, "My cluster workbook")).to_be_visible()
    _fits(page, "my workbook")
    links = page.locator("a[href^='/workbook/entries/']")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    urls = sorted({href for href in hrefs if re.fullmatch(r"/workbook/entries/\d+", href)})
    assert len(urls) == len(TOOL_ITEMS), urls
    for number, url in enumerate(urls, start=1):
        page.goto(base + url)
        expect(page.get_by_role("heading", level=2, name=re.compile("^Results"))).to_be_visible()
        _fits(page, url)
        check_accessibility()
        page.screenshot(path=_artifact(f"workbook-phone-entry-{number}"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot("workbook-demo-entry")
    page.goto(f"{base}/courses/cluster-management/items/{TOOL_ITEMS[0]}")  # README's picture
    screenshot("workbook-demo-lq-tool")


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}-390.png"
