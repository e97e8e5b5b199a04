"""Browser tests: the app served by a real server, driven in Debian's Chromium by Playwright.

Chromium is never downloaded (no network here): we launch /usr/bin/chromium. Without it
the tests are skipped loudly, unless REQUIRE_BROWSER=1 (set by CI) turns that into a failure.
"""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import TestConfig
from lms import create_app
from lms.extensions import db

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    """Mark every test here as a browser test; skip (or fail in CI) without Chromium."""
    here = Path(__file__).parent
    missing = not shutil.which(CHROMIUM)
    for item in items:
        if here not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing and os.environ.get("REQUIRE_BROWSER") != "1":
            item.add_marker(pytest.mark.skip(
                reason=f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} "
                       "(apt-get install chromium); CI sets REQUIRE_BROWSER=1 and runs them"))


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Debian's Chromium, headless, without the network chatter this sandbox refuses."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"REQUIRE_BROWSER=1 but no Chromium at {CHROMIUM}")
    return {"executable_path": CHROMIUM, "headless": True,
            "args": ["--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update",
                     "--no-first-run", "--disable-sync"]}


@pytest.fixture
def browser_config(file_database):
    """Real settings for a browser: CSRF on, a database that threads can share."""
    return {"WTF_CSRF_ENABLED": True, **file_database}


@pytest.fixture
def live_server(browser_config):
    """The app on 127.0.0.1 in a background thread; yields (app, base URL)."""
    app = create_app(type("BrowserConfig", (TestConfig,), browser_config))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()


@pytest.fixture
def screenshot(page):
    """screenshot(name): save the page at 1280 px and 390 px wide into test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})

    return shoot


@pytest.fixture
def check_accessibility(page):
    """Run axe-core on the current page; fail on serious or critical violations."""
    source = AXE.read_text()

    def check() -> None:
        page.evaluate(source)  # evaluate is not subject to the page's CSP
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, json.dumps([{"id": v["id"], "help": v["help"],
                                     "nodes": [n["html"][:160] + " -- " + n["failureSummary"][-160:]
                                               for n in v["nodes"][:3]]}
                                    for v in bad], indent=1)

    return check
