"""Owners invite and remove people; a workspace always keeps an owner."""

import pytest
from django.urls import reverse

from accounts.models import Invitation, Membership
from tests.factories import UserFactory

ROLES = ["owner", "member", "consultant", "former_consultant", "curator", "outsider"]


def _invite(client, world, **data):
    return client.post(
        reverse("accounts:person_invite", args=[world["workspace"].pk]), data
    )


def _accept(user, world):
    from django.test import Client

    invitation = Invitation.objects.get(
        workspace=world["workspace"], email=user.email.lower()
    )
    invitee = Client()
    invitee.force_login(user)
    return invitee.post(reverse("invitation_accept", args=[invitation.pk]))


def test_owner_invites_a_person_who_joins_as_member_on_accepting(client, world):
    xiao = UserFactory(username="xiao", email="xiao@example.com")
    client.force_login(world["users"]["owner"])
    response = _invite(client, world, email="XIAO@example.com", role="member")
    assert response.status_code == 302
    assert not world["workspace"].memberships.filter(user=xiao).exists()
    _accept(xiao, world)
    membership = world["workspace"].memberships.get(user__username="xiao")
    assert membership.role == Membership.Role.MEMBER


def test_owner_invites_a_person_as_owner(client, world):
    ming = UserFactory(username="ming", email="ming@example.com")
    client.force_login(world["users"]["owner"])
    _invite(client, world, email=" ming@example.com ", role="owner")
    _accept(ming, world)
    membership = world["workspace"].memberships.get(user__username="ming")
    assert membership.role == Membership.Role.OWNER


def test_a_bad_address_is_explained_and_the_input_kept(client, world):
    client.force_login(world["users"]["owner"])
    response = _invite(client, world, email="nobody-here", role="member")
    assert response.status_code == 400
    form = response.context["invite_form"]
    assert form.has_error("email", "invalid")
    assert 'value="nobody-here"' in response.content.decode()


def test_inviting_someone_already_in_the_workspace_changes_nothing(client, world):
    """The answer is the usual one (it must not tell who is in), and accepting keeps
    the role the person has."""
    client.force_login(world["users"]["owner"])
    response = _invite(client, world, email="member@example.com", role="owner")
    assert response.status_code == 302
    _accept(world["users"]["member"], world)
    membership = world["workspace"].memberships.get(user__username="member")
    assert membership.role == Membership.Role.MEMBER


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_invite_people(client, world, role):
    client.force_login(world["users"][role])
    response = _invite(client, world, email="xiao@example.com", role="owner")
    assert response.status_code == (302 if role == "owner" else 404)
    assert Invitation.objects.filter(email="xiao@example.com").exists() == (
        role == "owner"
    )


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
    assert "Invite a person" in page and "/people/" in page
    client.force_login(world["users"]["member"])
    page = client.get(
        reverse("accounts:workspace", args=[world["workspace"].pk])
    ).content.decode()
    assert "owner" in page and "Invite a person" not in page
    assert "/remove/" not in page
