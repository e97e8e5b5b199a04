"""A trainer makes an API token in the browser, a script uses it, the trainer revokes it."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import heading, make_user, sign_in

pytestmark = pytest.mark.browser


def test_trainer_makes_uses_and_revokes_an_api_token(live_server, page, check_accessibility,
                                                     screenshot):
    app, base = live_server
    make_user(app, "tomas@example.org", "Tomas Trainer", "trainer")
    sign_in(page, base, "tomas@example.org")
    page.goto(base + "/account")
    page.get_by_role("link", name="Manage API tokens").click()
    expect(heading(page, "API tokens")).to_be_visible()
    expect(page.get_by_text("No token yet.")).to_be_visible()
    check_accessibility()

    page.get_by_role("button", name="Create token").click()  # no name yet
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Name").fill("Quarterly report script")
    page.get_by_role("button", name="Create token").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("clk_")
    expect(page.get_by_role("cell", name="Quarterly report script")).to_be_visible()
    check_accessibility()
    screenshot("api-tokens")

    answer = page.request.get(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["name"] == "Tomas Trainer"

    page.goto(base + "/account/tokens")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once only
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    answer = page.request.get(base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 401
