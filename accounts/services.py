"""Writes on workspaces, stores and client links."""

from django.db import transaction
from django.utils import timezone

from .models import ClientLink, Membership, Store, Workspace


def workspace_create(
    *, name: str, owner, kind: str = Workspace.Kind.SELLER
) -> Workspace:
    with transaction.atomic():
        workspace = Workspace.objects.create(name=name, kind=kind)
        Membership.objects.create(
            user=owner, workspace=workspace, role=Membership.Role.OWNER
        )
    return workspace


def store_create(
    *, workspace: Workspace, name: str, marketplace: str, seller_id: str = ""
) -> Store:
    return Store.objects.create(
        workspace=workspace, name=name, marketplace=marketplace, seller_id=seller_id
    )


def client_link_grant(
    *, client: Workspace, consultancy: Workspace, granted_by
) -> ClientLink:
    """Give a consultant firm access to a seller workspace; granting twice keeps one link."""
    link = (
        ClientLink.objects.active()
        .filter(client=client, consultancy=consultancy)
        .first()
    )
    return link or ClientLink.objects.create(
        client=client, consultancy=consultancy, granted_by=granted_by
    )


def client_link_revoke(*, link: ClientLink) -> ClientLink:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


class LastOwnerError(ValueError):
    """A workspace must keep at least one owner."""


def membership_add(*, workspace: Workspace, user, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a person from a workspace; raises LastOwnerError for its only owner.

    The person's access ends on their next request; appeals they wrote stay.
    """
    owners = (
        Membership.objects.select_for_update()
        .filter(workspace_id=membership.workspace_id, role=Membership.Role.OWNER)
        .values_list("pk", flat=True)
    )
    if membership.role == Membership.Role.OWNER and list(owners) == [membership.pk]:
        raise LastOwnerError
    membership.delete()
