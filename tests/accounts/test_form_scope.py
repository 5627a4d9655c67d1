"""Forms keep scope: a choice field refuses another workspace's IDs (or someone not on
the appeal), and fields a form does not have (workspace, owner, is_staff, created_by,
status, firm, author...) are ignored, whatever a tampered POST carries.

``world`` (tests/accounts/conftest.py): workspace A with its owner, member and
consultant; the outsider owns workspace B.
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import ClientLink, Store, Workspace
from appeals.models import Appeal, Note
from metrics.models import PendingImport


@pytest.fixture
def appeals(world, published_library):
    from appeals.services import appeal_create

    return {
        "A": appeal_create(user=world["users"]["owner"], store=world["store"]),
        "B": appeal_create(user=world["users"]["outsider"], store=world["other_store"]),
    }


@pytest.fixture
def owner(client, world):
    client.force_login(world["users"]["owner"])
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- choice fields refuse what the user does not reach ------------------------------


def test_start_refuses_another_workspaces_store(owner, world, appeals):
    before = Appeal.objects.count()
    response = owner.post(reverse("appeals:start"), {"store": world["other_store"].pk})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    assert "Choose one of your stores to start an appeal." in _messages(response)
    assert Appeal.objects.count() == before


def test_clone_refuses_another_workspaces_store(owner, world, appeals):
    before = Appeal.objects.count()
    response = owner.post(
        reverse("appeals:clone", args=[appeals["A"].pk]),
        {"store": world["other_store"].pk, "title": "Into B"},
    )
    assert response.status_code == 302 and response.url == reverse("appeals:list")
    assert "Choose a store for the new appeal." in _messages(response)
    assert Appeal.objects.count() == before
    assert not Appeal.objects.filter(store=world["other_store"], title="Into B")


@pytest.mark.parametrize("who", ["outsider", "former_consultant", "curator"])
def test_settings_refuse_an_assignee_not_on_the_appeal(owner, world, appeals, who):
    appeal = appeals["A"]
    response = owner.post(
        reverse("appeals:settings", args=[appeal.pk]),
        {"title": "", "deadline_days": "17", "assignee": world["users"][who].pk},
    )
    assert response.status_code == 400
    assert "assignee" in response.context["settings_form"].errors
    appeal.refresh_from_db()
    assert appeal.assignee is None


def test_settings_take_an_assignee_on_the_appeal(owner, world, appeals):
    """The same form with someone who works on the appeal: the refusal above is about
    scope, not a form that refuses everything."""
    appeal = appeals["A"]
    consultant = world["users"]["consultant"]
    response = owner.post(
        reverse("appeals:settings", args=[appeal.pk]),
        {"title": "", "deadline_days": "17", "assignee": consultant.pk},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.assignee == consultant


def test_the_list_refuses_a_client_filter_of_another_workspace(owner, world, appeals):
    response = owner.get(
        reverse("appeals:list"), {"client": world["other_workspace"].pk}
    )
    assert response.status_code == 400
    assert "client" in response.context["filters"].errors
    assert appeals["B"].title not in response.content.decode()
    csv = owner.get(
        reverse("appeals:list_csv"), {"client": world["other_workspace"].pk}
    )
    assert appeals["B"].title not in csv.content.decode("utf-8-sig")


def test_the_dashboard_ignores_a_client_filter_of_another_workspace(
    owner, world, appeals
):
    response = owner.get(reverse("dashboard"), {"client": world["other_workspace"].pk})
    assert response.status_code == 200
    assert appeals["B"] not in response.context["worklist"]
    assert appeals["A"] in response.context["worklist"]


def test_a_firm_invitation_refuses_a_seller_workspace_as_firm(owner, world):
    from accounts.models import Invitation

    response = owner.post(
        reverse("accounts:firm_invite", args=[world["workspace"].pk]),
        {"consultancy": world["other_workspace"].pk},
    )
    assert response.status_code == 400
    assert not ClientLink.objects.filter(
        consultancy=world["other_workspace"], client=world["workspace"]
    )
    assert not Invitation.objects.filter(firm=world["other_workspace"]).exists()


# --- extra fields are ignored ---------------------------------------------------------


def test_workspace_creation_ignores_owner_staff_and_kind(client, world):
    member = world["users"]["member"]
    client.force_login(member)
    response = client.post(
        reverse("accounts:workspace_create"),
        {
            "name": "Member's own shop",
            "kind": Workspace.Kind.SELLER,
            "owner": world["users"]["outsider"].pk,
            "members": world["users"]["outsider"].pk,
            "is_staff": "on",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    created = Workspace.objects.get(name="Member's own shop")
    assert list(created.members.all()) == [member]
    member.refresh_from_db()
    assert not member.is_staff and not member.is_superuser
    # and is_staff in the POST does not open the firm kind to a seller
    response = client.post(
        reverse("accounts:workspace_create"),
        {"name": "Look-alike Appeals", "kind": "consultancy", "is_staff": "on"},
    )
    assert response.status_code == 200
    assert not Workspace.objects.filter(name="Look-alike Appeals")


def test_store_creation_ignores_a_workspace_field(owner, world):
    response = owner.post(
        reverse("accounts:store_create", args=[world["workspace"].pk]),
        {
            "name": "Second store",
            "marketplace": "UK",
            "seller_id": "",
            "workspace": world["other_workspace"].pk,
            "workspace_id": world["other_workspace"].pk,
        },
    )
    assert response.status_code == 302
    assert Store.objects.get(name="Second store").workspace == world["workspace"]


def test_start_ignores_workspace_owner_and_status(owner, world, published_library):
    response = owner.post(
        reverse("appeals:start"),
        {
            "store": world["store"].pk,
            "workspace": world["other_workspace"].pk,
            "created_by": world["users"]["outsider"].pk,
            "owner": world["users"]["outsider"].pk,
            "status": Appeal.Status.REINSTATED,
            "assignee": world["users"]["outsider"].pk,
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.workspace == world["workspace"]
    assert appeal.store == world["store"]
    assert appeal.created_by == world["users"]["owner"]
    assert appeal.status == Appeal.Status.DRAFT
    assert appeal.assignee is None


def test_settings_ignore_workspace_store_and_status(owner, world, appeals):
    appeal = appeals["A"]
    response = owner.post(
        reverse("appeals:settings", args=[appeal.pk]),
        {
            "title": "Kept here",
            "deadline_days": "17",
            "assignee": "",
            "workspace": world["other_workspace"].pk,
            "store": world["other_store"].pk,
            "created_by": world["users"]["outsider"].pk,
            "status": Appeal.Status.REINSTATED,
            "source": appeals["B"].pk,
        },
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.title == "Kept here"
    assert (appeal.workspace, appeal.store) == (world["workspace"], world["store"])
    assert appeal.created_by == world["users"]["owner"]
    assert appeal.status == Appeal.Status.DRAFT
    assert appeal.source is None


def test_a_note_ignores_firm_author_and_appeal(owner, world, appeals):
    response = owner.post(
        reverse("appeals:note_add", args=[appeals["A"].pk]),
        {
            "text": "Seller's own note.",
            "firm": world["firm"].pk,
            "author": world["users"]["consultant"].pk,
            "appeal": appeals["B"].pk,
            "shared": "on",
        },
    )
    assert response.status_code == 302
    note = Note.objects.get(text="Seller's own note.")
    assert note.appeal == appeals["A"]
    assert note.author == world["users"]["owner"]
    assert note.firm is None  # the seller's own people write outside any firm


def test_claims_go_to_the_urls_store_whatever_the_post_says(owner, world):
    response = owner.post(
        reverse("metrics:claims", args=[world["store"].pk]),
        {
            "kind": "claims",
            "text": "113-4830001-5830007  2026-11-01",
            "store": world["other_store"].pk,
            "store_id": world["other_store"].pk,
            "created_by": world["users"]["outsider"].pk,
        },
    )
    assert response.status_code == 302
    pending = PendingImport.objects.get()
    assert pending.store == world["store"]
    assert pending.created_by == world["users"]["owner"]


def test_an_appeal_from_the_incident_kit_goes_to_the_urls_store(
    owner, world, published_library
):
    """The kit's form takes criteria only; a store in the POST changes nothing (here
    no orders match, so nothing is started at all, in either store)."""
    response = owner.post(
        reverse("appeals:start_from_incident", args=[world["store"].pk]),
        {"store": world["other_store"].pk, "store_id": world["other_store"].pk},
    )
    assert response.status_code == 302
    assert response.url == reverse("metrics:incident", args=[world["store"].pk])
    assert not Appeal.objects.filter(store=world["other_store"])
