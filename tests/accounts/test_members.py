"""Owners add and remove people; a workspace always keeps an owner."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from tests.factories import UserFactory

ROLES = ["owner", "member", "consultant", "former_consultant", "curator", "outsider"]


def _add(client, world, **data):
    return client.post(
        reverse("accounts:membership_add", args=[world["workspace"].pk]), data
    )


def test_owner_adds_a_person_by_username(client, world):
    UserFactory(username="xiao")
    client.force_login(world["users"]["owner"])
    response = _add(client, world, person="XIAO", role="member")
    assert response.status_code == 302
    membership = world["workspace"].memberships.get(user__username="xiao")
    assert membership.role == Membership.Role.MEMBER


def test_owner_adds_a_person_by_email_as_owner(client, world):
    UserFactory(username="ming", email="ming@example.com")
    client.force_login(world["users"]["owner"])
    _add(client, world, person=" ming@example.com ", role="owner")
    membership = world["workspace"].memberships.get(user__username="ming")
    assert membership.role == Membership.Role.OWNER


def test_an_unknown_person_is_explained_and_the_input_kept(client, world):
    client.force_login(world["users"]["owner"])
    response = _add(client, world, person="nobody@example.com", role="member")
    assert response.status_code == 400
    form = response.context["member_form"]
    assert form.has_error("person", "unknown_user")
    assert 'value="nobody@example.com"' in response.content.decode()


def test_adding_someone_already_in_the_workspace_is_refused(client, world):
    client.force_login(world["users"]["owner"])
    response = _add(client, world, person="member", role="owner")
    assert response.context["member_form"].has_error("person", "already_member")
    membership = world["workspace"].memberships.get(user__username="member")
    assert membership.role == Membership.Role.MEMBER


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_add_people(client, world, role):
    UserFactory(username="xiao")
    client.force_login(world["users"][role])
    response = _add(client, world, person="xiao", role="owner")
    assert response.status_code == (302 if role == "owner" else 404)


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_remove_people(client, world, role):
    membership = world["workspace"].memberships.get(user__username="member")
    url = reverse("accounts:membership_remove", args=[membership.pk])
    client.force_login(world["users"][role])
    assert client.get(url).status_code == (200 if role == "owner" else 404)
    response = client.post(url)
    assert response.status_code == (302 if role == "owner" else 404)
    still_there = Membership.objects.filter(pk=membership.pk).exists()
    assert still_there == (role != "owner")


def test_a_removed_member_gets_404_on_the_next_request(client, world):
    from django.test import Client

    member = Client()
    member.force_login(world["users"]["member"])
    url = reverse("accounts:workspace", args=[world["workspace"].pk])
    assert member.get(url).status_code == 200
    client.force_login(world["users"]["owner"])
    membership = world["workspace"].memberships.get(user__username="member")
    client.post(reverse("accounts:membership_remove", args=[membership.pk]))
    assert member.get(url).status_code == 404


def test_the_only_owner_cannot_be_removed(client, world):
    client.force_login(world["users"]["owner"])
    own = world["workspace"].memberships.get(user__username="owner")
    response = client.post(
        reverse("accounts:membership_remove", args=[own.pk]), follow=True
    )
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "is the only owner" in response.content.decode()


def test_an_owner_can_leave_when_another_owner_stays(client, world):
    second = UserFactory(username="second_owner")
    Membership.objects.create(
        user=second, workspace=world["workspace"], role=Membership.Role.OWNER
    )
    client.force_login(world["users"]["owner"])
    own = world["workspace"].memberships.get(user__username="owner")
    response = client.post(reverse("accounts:membership_remove", args=[own.pk]))
    assert response.url == reverse("accounts:workspaces")
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_owner_sees_people_with_remove_links_and_member_does_not(client, world):
    client.force_login(world["users"]["owner"])
    page = client.get(
        reverse("accounts:workspace", args=[world["workspace"].pk])
    ).content.decode()
    assert "Add a person" in page and "/people/" in page
    client.force_login(world["users"]["member"])
    page = client.get(
        reverse("accounts:workspace", args=[world["workspace"].pk])
    ).content.decode()
    assert "owner" in page and "Add a person" not in page
    assert "/remove/" not in page
