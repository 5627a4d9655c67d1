"""Invitations in Chromium: the pages pass axe, and a firm's access request ends in a
client link once the demo seller accepts it."""

import pytest
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import Invitation, Membership, Workspace
from tests.browser.axe import assert_no_violations
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def lotus(demo):
    firm = WorkspaceFactory(name="Lotus Appeals", kind=Workspace.Kind.CONSULTANCY)
    user = UserFactory(username="lotus")
    MembershipFactory(user=user, workspace=firm, role=Membership.Role.OWNER)
    return firm


def test_seller_invites_a_person_and_sees_it_pending(
    page, live_server, demo, csp_errors
):
    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/workspace/")
    page.get_by_role("link", name="Shenzhen Brightsound Trading").click()
    page.get_by_label("E-mail address").fill("not an address")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_label("E-mail address")).to_have_value("not an address")
    assert_no_violations(page, "invite form with an error")
    page.get_by_label("E-mail address").fill("New.Colleague@example.com")
    page.get_by_label("Role").select_option("owner")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Invitation sent to new.colleague@example.com."
    )
    row = page.get_by_role("row").filter(has_text="new.colleague@example.com")
    expect(row.get_by_role("cell", name="Owner")).to_be_visible()
    assert_no_violations(page, "workspace with a pending invitation")

    # Someone else holding the link learns nothing but to sign in.
    token = Invitation.objects.get().token
    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/invitations/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation")
    expect(page.get_by_text("Shenzhen Brightsound Trading")).to_have_count(0)
    assert_no_violations(page, "invitation link, signed out")
    assert csp_errors == []


def test_a_firms_request_is_accepted_by_the_seller(
    page, live_server, lotus, csp_errors
):
    sign_in(page, live_server.url, "lotus", PASSWORD)
    page.goto(f"{live_server.url}/workspace/{lotus.pk}/")
    page.get_by_label("Seller's e-mail address").fill("seller@example.com")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Request sent to seller@example.com."
    )
    assert_no_violations(page, "firm page with a pending request")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "seller", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Invitations 1 pending").click()
    expect(page.get_by_role("heading", name="Lotus Appeals")).to_be_visible()
    assert_no_violations(page, "invitations")
    page.get_by_label("Workspace to share").select_option(
        label="Shenzhen Brightsound Trading"
    )
    page.get_by_role("button", name="Accept").click()
    row = page.get_by_role("row").filter(has_text="Lotus Appeals")
    expect(row.get_by_text("Active")).to_be_visible()
    expect(nav.get_by_role("link", name="Invitations", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, "lotus", PASSWORD)
    page.goto(f"{live_server.url}/workspace/{lotus.pk}/")
    expect(
        page.get_by_role("link", name="Shenzhen Brightsound Trading")
    ).to_be_visible()
    assert csp_errors == []
