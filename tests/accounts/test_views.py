"""Workspace pages: stores, consultant access and client lists."""

from django.urls import reverse

from accounts.models import ClientLink, Invitation, Membership, Store, Workspace
from tests.factories import StoreFactory, WorkspaceFactory


def test_workspace_list_shows_own_and_client_workspaces(client, world):
    client.force_login(world["users"]["consultant"])
    page = client.get(reverse("accounts:workspaces")).content.decode()
    assert "Harbor Appeals" in page
    assert world["workspace"].name in page
    assert "client of your firm" in page
    assert world["other_workspace"].name not in page


def test_creating_a_workspace_makes_the_user_its_owner(client, world):
    user = world["users"]["curator"]
    client.force_login(user)
    response = client.post(
        reverse("accounts:workspace_create"),
        {"name": "  Ningbo   Home Goods ", "kind": Workspace.Kind.SELLER},
    )
    workspace = Workspace.objects.get(name="Ningbo Home Goods")
    assert response.url == reverse("accounts:workspace", args=[workspace.pk])
    assert workspace.memberships.get(user=user).role == Membership.Role.OWNER


def test_workspace_form_refuses_a_blank_name(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("accounts:workspace_create"), {"name": "   ", "kind": "seller"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("name")


def test_owner_adds_a_store_with_a_normalised_seller_id(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("accounts:store_create", args=[world["workspace"].pk]),
        {
            "name": "Brightsound DE",
            "marketplace": "DE",
            "seller_id": " a1b2c3d4e5f6g7 ",
        },
    )
    assert response.status_code == 302
    store = Store.objects.get(name="Brightsound DE")
    assert store.workspace == world["workspace"]
    assert store.seller_id == "A1B2C3D4E5F6G7"


def test_bad_seller_id_is_explained_and_the_input_kept(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("accounts:store_create", args=[world["workspace"].pk]),
        {"name": "Brightsound DE", "marketplace": "DE", "seller_id": "not-a-token!"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("seller_id", code="invalid_seller_id")
    page = response.content.decode()
    assert 'value="Brightsound DE"' in page
    assert "Merchant Token" in page
    assert not Store.objects.filter(name="Brightsound DE").exists()


def test_the_same_seller_id_cannot_be_added_twice_on_one_marketplace(client, world):
    StoreFactory(
        workspace=world["workspace"], marketplace="UK", seller_id="A9Z8Y7X6W5V4"
    )
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("accounts:store_create", args=[world["workspace"].pk]),
        {"name": "Again", "marketplace": "UK", "seller_id": "A9Z8Y7X6W5V4"},
    )
    assert response.context["form"].has_error("seller_id", code="duplicate_store")


def test_consultancies_cannot_hold_stores(client, world):
    client.force_login(world["users"]["consultant"])
    response = client.get(reverse("accounts:store_create", args=[world["firm"].pk]))
    assert response.status_code == 404


def test_owner_sees_active_and_revoked_links_with_revoke_only_for_active(client, world):
    client.force_login(world["users"]["owner"])
    response = client.get(reverse("accounts:workspace", args=[world["workspace"].pk]))
    page = response.content.decode()
    assert "Harbor Appeals" in page and "Gone Consulting" in page
    assert "Revoked on" in page
    revoke = reverse("accounts:client_link_revoke", args=[world["link"].pk])
    old_revoke = reverse("accounts:client_link_revoke", args=[world["old_link"].pk])
    assert revoke in page
    assert old_revoke not in page
    assert response.context["firm_form"] is not None


def test_member_and_consultant_see_stores_but_no_access_controls(client, world):
    for role in ["member", "consultant"]:
        client.force_login(world["users"][role])
        response = client.get(
            reverse("accounts:workspace", args=[world["workspace"].pk])
        )
        page = response.content.decode()
        assert world["store"].name in page
        assert response.context["firm_form"] is None
        assert "Harbor Appeals" not in page or role == "consultant"
        assert "/revoke/" not in page


def test_consultancy_page_lists_its_active_clients(client, world):
    client.force_login(world["users"]["consultant"])
    response = client.get(reverse("accounts:workspace", args=[world["firm"].pk]))
    page = response.content.decode()
    assert world["workspace"].name in page
    assert world["store"].name in page
    former = world["old_link"].consultancy
    client.force_login(world["users"]["former_consultant"])
    page = client.get(reverse("accounts:workspace", args=[former.pk])).content.decode()
    assert world["workspace"].name not in page


def _invite_firm(client, world, data):
    return client.post(
        reverse("accounts:firm_invite", args=[world["workspace"].pk]), data
    )


def test_inviting_a_firm_with_access_is_refused_with_a_message(client, world):
    client.force_login(world["users"]["owner"])
    response = _invite_firm(client, world, {"consultancy": world["firm"].pk})
    assert response.status_code == 400
    assert response.context["firm_form"].has_error("consultancy", "already_linked")
    assert ClientLink.objects.active().filter(consultancy=world["firm"]).count() == 1
    assert not Invitation.objects.exists()


def test_inviting_needs_a_firm(client, world):
    client.force_login(world["users"]["owner"])
    response = _invite_firm(client, world, {})
    assert response.status_code == 400
    assert response.context["firm_form"].has_error("consultancy")


def test_a_seller_workspace_cannot_be_invited_as_a_firm(client, world):
    client.force_login(world["users"]["owner"])
    response = _invite_firm(client, world, {"consultancy": world["other_workspace"].pk})
    assert response.status_code == 400
    assert not Invitation.objects.filter(firm=world["other_workspace"]).exists()
    assert not ClientLink.objects.filter(consultancy=world["other_workspace"]).exists()


def test_inviting_a_firm_is_post_only(client, world):
    client.force_login(world["users"]["owner"])
    response = client.get(reverse("accounts:firm_invite", args=[world["workspace"].pk]))
    assert response.status_code == 405


def test_revoke_asks_for_confirmation_before_revoking(client, world):
    client.force_login(world["users"]["owner"])
    url = reverse("accounts:client_link_revoke", args=[world["link"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Revoke consultant access" in response.content.decode()
    world["link"].refresh_from_db()
    assert world["link"].is_active

    response = client.post(url, follow=True)
    world["link"].refresh_from_db()
    assert not world["link"].is_active
    assert "Access revoked for Harbor Appeals." in response.content.decode()


def test_revoking_twice_keeps_the_first_revocation_time(client, world):
    client.force_login(world["users"]["owner"])
    url = reverse("accounts:client_link_revoke", args=[world["link"].pk])
    client.post(url)
    world["link"].refresh_from_db()
    first = world["link"].revoked_at
    response = client.post(url)
    assert response.status_code == 302
    world["link"].refresh_from_db()
    assert world["link"].revoked_at == first


def test_reinviting_after_revocation_creates_a_new_active_link(client, world):
    client.force_login(world["users"]["owner"])
    client.post(reverse("accounts:client_link_revoke", args=[world["link"].pk]))
    _invite_firm(client, world, {"consultancy": world["firm"].pk})
    invitation = Invitation.objects.get(firm=world["firm"])
    assert ClientLink.objects.filter(consultancy=world["firm"]).active().count() == 0
    client.force_login(world["users"]["consultant"])  # an owner of the firm
    client.post(reverse("invitation_accept", args=[invitation.pk]))
    links = ClientLink.objects.filter(consultancy=world["firm"])
    assert links.count() == 2
    assert links.active().count() == 1


def test_seller_workspace_membership_does_not_reach_a_firms_other_clients(world):
    """A seller who is also a member of a seller workspace gets no client links."""
    from accounts.selectors import workspace_ids_for
    from tests.factories import ClientLinkFactory, MembershipFactory

    other_client = WorkspaceFactory(name="Other client")
    ClientLinkFactory(consultancy=world["workspace"], client=other_client)
    ids = workspace_ids_for(user=world["users"]["owner"])
    assert other_client.pk not in ids
    MembershipFactory(user=world["users"]["outsider"], workspace=world["firm"])
    assert world["workspace"].pk in workspace_ids_for(user=world["users"]["outsider"])


def test_only_staff_can_create_a_consultant_firm(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("accounts:workspace_create"),
        {"name": "Harbor Appeals Consulting", "kind": Workspace.Kind.CONSULTANCY},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("kind")
    assert not Workspace.objects.consultancies().filter(
        memberships__user=world["users"]["owner"]
    )


def test_staff_cannot_create_a_second_firm_with_the_same_name(client, world):
    from tests.factories import UserFactory

    staff = UserFactory(username="staffer", is_staff=True)
    client.force_login(staff)
    client.post(
        reverse("accounts:workspace_create"),
        {"name": "Lotus Appeals", "kind": Workspace.Kind.CONSULTANCY},
    )
    response = client.post(
        reverse("accounts:workspace_create"),
        {"name": "lotus appeals", "kind": Workspace.Kind.CONSULTANCY},
    )
    assert response.context["form"].has_error("name", code="duplicate_firm")
    assert (
        Workspace.objects.consultancies().filter(name__iexact="lotus appeals").count()
        == 1
    )
