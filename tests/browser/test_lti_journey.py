"""LTI 1.3 in a real browser: an admin registers a platform; a learner launches from it in a
window and from an iframe. The platform (tests/lti/platform.py) runs on 127.0.0.2, another
site than the app on 127.0.0.1, so the launch is cross-site as in production."""

from playwright.sync_api import expect

from tests.browser.helpers import heading, make_user, sample_course, sign_in
from tests.lti.platform import Platform


def _register(page, base, platform, screenshot, check_accessibility):
    page.goto(base + "/admin/users")
    page.get_by_role("link", name="LTI platforms (Moodle, Canvas)").click()
    expect(page.get_by_text(f"{base}/lti/login")).to_be_visible()
    page.get_by_role("link", name="Register a platform").click()
    page.get_by_label("Name").fill("Moodle of the cluster")
    page.get_by_label("Platform ID (issuer)").fill(platform.issuer)
    page.get_by_label("Client ID").fill(platform.client_id)
    page.get_by_label("Authentication request URL").fill(platform.auth_login_url)
    page.get_by_label("Access token URL").fill(platform.token_url)
    page.get_by_label("Public keyset URL").fill("ftp://wrong")
    page.get_by_label("Deployment IDs").fill(platform.deployment_id)
    page.get_by_role("button", name="Save platform").click()
    expect(page.get_by_text("Enter the full https:// address")).to_be_visible()
    check_accessibility()
    screenshot("lti-platform-form-errors")
    page.get_by_label("Public keyset URL").fill(platform.jwks_url)
    page.get_by_role("button", name="Save platform").click()
    expect(page.get_by_role("cell", name="Moodle of the cluster")).to_be_visible()
    check_accessibility()
    screenshot("lti-platforms")


def test_a_platform_is_registered_and_its_learners_launch_in_a_window_and_a_frame(
        live_server, page, browser, screenshot, check_accessibility):
    app, base = live_server
    app.config["PUBLIC_BASE_URL"] = base  # the launch URLs the platform is given
    sample_course(app)
    make_user(app, "admin@example.org", "Ada Admin", role="admin")
    platform = Platform(host="127.0.0.2")
    platform.tool_login_url = base + "/lti/login"
    try:
        sign_in(page, base, "admin@example.org")
        _register(page, base, platform, screenshot, check_accessibility)

        # A learner opens a placed lesson in a new window of the platform.
        learner = browser.new_context().new_page()
        claims = platform.resource_claims("ana-sub", "basics-intro", name="Ana Sousa")
        learner.goto(platform.course_page(claims))
        expect(heading(learner, "Introduction")).to_be_visible()
        expect(learner.get_by_role("link", name="Ana Sousa")).to_be_visible()

        # Another learner's platform shows the lesson inside its own page.
        framed = browser.new_context().new_page()
        claims = platform.resource_claims("ben-sub", "basics-intro", name="Ben Berg")
        claims["https://purl.imsglobal.org/spec/lti/claim/launch_presentation"] = {
            "document_target": "iframe"}
        framed.goto(platform.course_page(claims, framed=True))
        frame = framed.frame_locator("iframe[name=tool]")
        open_link = frame.get_by_role("link", name="Open in ClusterLearn")
        expect(open_link).to_be_visible()
        framed.locator("iframe[name=tool]").screenshot(path=str(_artifact("lti-iframe.png")))
        with framed.expect_popup() as popup_info:
            open_link.click()
        window = popup_info.value
        expect(heading(window, "Introduction")).to_be_visible()
        expect(window.get_by_role("link", name="Ben Berg")).to_be_visible()
    finally:
        platform.close()


def _artifact(name: str):
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
