"""Who reaches what: every object URL answers 404 to anyone outside its workspace."""

import pytest
from django.urls import reverse

from accounts import selectors
from accounts.models import Invitation

ROLES = ["owner", "member", "consultant", "former_consultant", "curator", "outsider"]
SEES_WORKSPACE = {"owner", "member", "consultant"}
OWNS = {"owner"}


def _url(world, name):
    workspace, link = world["workspace"], world["link"]
    return {
        "workspace": reverse("accounts:workspace", args=[workspace.pk]),
        "store_create": reverse("accounts:store_create", args=[workspace.pk]),
        "client_link_revoke": reverse("accounts:client_link_revoke", args=[link.pk]),
    }[name]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "name, allowed",
    [
        ("workspace", SEES_WORKSPACE),
        ("store_create", OWNS),
        ("client_link_revoke", OWNS),
    ],
)
def test_accounts_object_urls_answer_404_outside_scope(
    client, world, role, name, allowed
):
    client.force_login(world["users"][role])
    response = client.get(_url(world, name))
    assert response.status_code == (200 if role in allowed else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_can_invite_a_consultant_firm(client, world, role):
    client.force_login(world["users"][role])
    other_firm = world["old_link"].consultancy
    response = client.post(
        reverse("accounts:firm_invite", args=[world["workspace"].pk]),
        {"consultancy": other_firm.pk},
    )
    assert response.status_code == (302 if role in OWNS else 404)
    invited = Invitation.objects.filter(
        workspace=world["workspace"], firm=other_firm, kind=Invitation.Kind.FIRM
    )
    assert invited.exists() == (role in OWNS)
    # Inviting is not granting: the firm's owners have not accepted.
    granted = (
        world["workspace"].consultant_links.active().filter(consultancy=other_firm)
    )
    assert not granted.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_can_revoke_a_client_link(client, world, role):
    client.force_login(world["users"][role])
    response = client.post(
        reverse("accounts:client_link_revoke", args=[world["link"].pk])
    )
    assert response.status_code == (302 if role in OWNS else 404)
    world["link"].refresh_from_db()
    assert world["link"].is_active == (role not in OWNS)


@pytest.mark.parametrize("role", ROLES)
def test_workspace_ids_for_each_role(world, role):
    reached = selectors.workspace_ids_for(user=world["users"][role])
    assert (world["workspace"].pk in reached) == (role in SEES_WORKSPACE)


@pytest.mark.parametrize("role", ROLES)
def test_stores_for_each_role(world, role):
    stores = selectors.stores_for(user=world["users"][role])
    assert stores.filter(pk=world["store"].pk).exists() == (role in SEES_WORKSPACE)
    if role != "outsider":
        assert not stores.filter(pk=world["other_store"].pk).exists()


@pytest.fixture
def appeal(world, published_library):
    from appeals.services import appeal_create

    return appeal_create(user=world["users"]["owner"], store=world["store"])


@pytest.mark.parametrize("role", ROLES)
def test_appeals_for_each_role(world, appeal, role):
    from appeals.selectors import appeals_for

    found = appeals_for(user=world["users"][role]).filter(pk=appeal.pk).exists()
    assert found == (role in SEES_WORKSPACE)


@pytest.mark.parametrize("role", ROLES)
def test_appeal_detail_answers_404_outside_scope(client, world, appeal, role):
    client.force_login(world["users"][role])
    response = client.get(reverse("appeals:detail", args=[appeal.pk]))
    if role in SEES_WORKSPACE:
        assert response.status_code < 400
    else:
        assert response.status_code == 404


def test_missing_objects_answer_the_same_404(client, world):
    client.force_login(world["users"]["outsider"])
    existing = client.get(reverse("accounts:workspace", args=[world["workspace"].pk]))
    missing = client.get(reverse("accounts:workspace", args=[999_999]))
    assert existing.status_code == missing.status_code == 404
    # The same friendly page, nothing that tells the object exists.
    assert "404.html" in [t.name for t in existing.templates]
    assert [t.name for t in existing.templates] == [t.name for t in missing.templates]
    assert world["workspace"].name not in existing.content.decode()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["detail", "history"])
def test_appeal_pages_answer_404_outside_scope(client, world, appeal, role, name):
    client.force_login(world["users"][role])
    response = client.get(reverse(f"appeals:{name}", args=[appeal.pk]))
    assert (response.status_code == 404) == (role not in SEES_WORKSPACE)


@pytest.mark.parametrize("role", ROLES)
def test_store_metrics_answer_404_outside_scope(client, world, role):
    client.force_login(world["users"][role])
    response = client.get(reverse("metrics:store", args=[world["store"].pk]))
    assert (response.status_code == 404) == (role not in SEES_WORKSPACE)
    assert response.status_code < 500


@pytest.mark.parametrize("role", ROLES)
def test_metrics_index_shows_nothing_of_unreached_workspaces(client, world, role):
    client.force_login(world["users"][role])
    response = client.get(reverse("metrics:index"))
    assert response.status_code == 200
    if role not in SEES_WORKSPACE:
        assert world["store"].name not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/",
        "/workspace/new/",
        "/workspace/1/",
        "/workspace/1/stores/new/",
        "/workspace/links/1/revoke/",
        "/invitations/",
        "/dashboard/",
        "/metrics/",
    ],
)
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_revocation_takes_effect_on_the_consultants_next_request(client, world, appeal):
    consultant = client
    consultant.force_login(world["users"]["consultant"])
    workspace_url = reverse("accounts:workspace", args=[world["workspace"].pk])
    appeal_url = reverse("appeals:detail", args=[appeal.pk])
    assert consultant.get(workspace_url).status_code == 200
    assert consultant.get(appeal_url).status_code < 400

    from django.test import Client

    owner = Client()
    owner.force_login(world["users"]["owner"])
    owner.post(reverse("accounts:client_link_revoke", args=[world["link"].pk]))

    assert consultant.get(workspace_url).status_code == 404
    assert consultant.get(appeal_url).status_code == 404


def test_curator_cannot_open_workspaces_in_admin(client, world):
    client.force_login(world["users"]["curator"])
    for model in ["workspace", "store", "clientlink", "membership"]:
        response = client.get(f"/admin/accounts/{model}/")
        assert response.status_code in (403, 404), model
    response = client.get(f"/admin/accounts/workspace/{world['workspace'].pk}/change/")
    assert response.status_code in (403, 404, 302)
    assert world["workspace"].name not in response.content.decode()


def test_curator_edits_the_library_in_admin_and_sees_no_seller_data(
    client, world, appeal
):
    from library.services import curator_group_sync

    curator_group_sync()  # what every migrate does
    client.force_login(world["users"]["curator"])
    index = client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/library/suspensioncause/" in page
    for hidden in ["/admin/accounts/", "/admin/appeals/appeal/", "/admin/metrics/"]:
        assert hidden not in page
    assert client.get("/admin/library/suspensioncause/").status_code == 200
    assert client.get("/admin/appeals/appeal/").status_code == 403
    assert client.get(f"/admin/appeals/appeal/{appeal.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    assert client.get("/admin/metrics/order/").status_code == 403
