"""Sign in as the demo seller in Chromium, switch to 简体中文, and check every page with axe."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def test_demo_seller_signs_in_switches_to_chinese_and_pages_pass_axe(
    page, live_server, demo, csp_errors
):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_violations(page, "sign-in")

    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    assert_no_violations(page, "dashboard")

    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Workspaces").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workspaces")
    assert_no_violations(page, "workspaces")

    page.get_by_role("link", name="Shenzhen Brightsound Trading").click()
    expect(page.get_by_role("cell", name="Brightsound Audio UK")).to_be_visible()
    assert_no_violations(page, "workspace detail")

    page.get_by_role("button", name="简体中文").click()
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("link", name="控制台")).to_be_visible()
    expect(nav.get_by_role("link", name="工作区")).to_be_visible()
    expect(nav.get_by_role("button", name="退出登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="亚马逊店铺")).to_be_visible()
    assert_no_violations(page, "workspace detail in Chinese")

    nav.get_by_role("link", name="控制台").click()
    assert_no_violations(page, "dashboard in Chinese")

    page.get_by_role("button", name="English").click()
    expect(
        page.get_by_role("navigation", name="Main navigation").get_by_role(
            "link", name="Dashboard"
        )
    ).to_be_visible()
    assert csp_errors == []


def test_owner_revokes_a_consultant_after_confirming(
    page, live_server, demo, csp_errors
):
    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/workspace/")
    page.get_by_role("link", name="Shenzhen Brightsound Trading").click()
    row = page.get_by_role("row").filter(has_text="Harbor Appeals Consulting")
    expect(row.get_by_text("Active")).to_be_visible()
    row.get_by_role("link", name="Revoke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Revoke consultant access"
    )
    assert_no_violations(page, "revoke confirmation")
    page.get_by_role("button", name="Revoke access").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Access revoked for Harbor Appeals Consulting."
    )
    expect(row.get_by_text("Revoked on")).to_be_visible()
    assert_no_violations(page, "workspace after revocation")

    # The consultant's next request no longer reaches the client.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, "consultant", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/workspace/")
    expect(page.get_by_text("Shenzhen Brightsound Trading")).to_have_count(0)
    assert csp_errors == []


def test_add_store_form_keeps_input_and_explains_errors(
    page, live_server, demo, csp_errors
):
    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/workspace/")
    page.get_by_role("link", name="Shenzhen Brightsound Trading").click()
    page.get_by_role("link", name="Add a store").click()
    assert_no_violations(page, "store form")
    page.get_by_label("Store name").fill("Brightsound DE")
    page.get_by_label("Marketplace").select_option("DE")
    page.get_by_label("Seller ID").fill("bad id!")
    page.get_by_role("button", name="Add store").click()
    expect(page.get_by_text("Your Merchant Token")).to_be_visible()
    expect(page.get_by_label("Store name")).to_have_value("Brightsound DE")
    assert_no_violations(page, "store form with an error")
    page.get_by_label("Seller ID").fill("A2BRIGHT0SOUND3")
    page.get_by_role("button", name="Add store").click()
    expect(page.get_by_role("cell", name="Brightsound DE")).to_be_visible()
    assert csp_errors == []


def test_navigation_collapses_on_a_phone_and_opens_with_the_keyboard(
    page, live_server, demo, csp_errors
):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    toggler = page.get_by_role("button", name="Toggle navigation")
    expect(toggler).to_be_visible()
    nav_link = page.get_by_role("link", name="Workspaces")
    expect(nav_link).to_be_hidden()
    toggler.focus()
    page.keyboard.press("Enter")
    expect(nav_link).to_be_visible()
    assert_no_violations(page, "phone navigation open")
    assert csp_errors == []


def test_error_pages_are_friendly_and_accessible(page, live_server, demo):
    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    response = page.goto(f"{live_server.url}/workspace/999999/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We cannot find that page"
    )
    assert_no_violations(page, "404")


def test_axe_runs_under_our_csp_and_reports_violations(page, live_server, db):
    """The helper injects axe through the DevTools protocol, which the CSP allows."""
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML("
        "'beforeend', '<img src=\"/static/missing.png\">')"
    )
    with pytest.raises(AssertionError, match="image-alt"):
        assert_no_violations(page, "deliberately broken")


def test_public_pages_pass_axe_in_both_languages(page, live_server, db, csp_errors):
    for path in ["/", "/accounts/login/", "/accounts/password_reset/"]:
        page.goto(f"{live_server.url}{path}")
        assert_no_violations(page, path)
    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("重置密码")
    assert_no_violations(page, "password reset in Chinese")
    page.get_by_label("电子邮件").fill("nobody@example.com")
    page.get_by_role("button", name="发送链接").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收电子邮件")
    assert_no_violations(page, "password reset sent, in Chinese")
    assert csp_errors == []
