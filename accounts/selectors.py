"""Reads scoped to what a user may reach. Every object lookup in a view starts here."""

from django.db.models import Q, QuerySet

from .models import ClientLink, Membership, Store, Workspace

CURATOR_GROUP = "Library curators"


def workspace_ids_for(*, user) -> list[int]:
    """Ids of the workspaces the user reaches: their own, plus the clients of their firms.

    Evaluated on every call (no caching), so a revoked client link stops working on the
    very next request.
    """
    if not user.is_authenticated:
        return []
    own = list(
        Membership.objects.filter(user=user).values_list("workspace_id", flat=True)
    )
    clients = ClientLink.objects.active().filter(
        consultancy_id__in=own, consultancy__kind=Workspace.Kind.CONSULTANCY
    )
    return own + list(clients.values_list("client_id", flat=True))


def workspaces_for(*, user) -> QuerySet[Workspace]:
    return Workspace.objects.filter(id__in=workspace_ids_for(user=user))


def seller_workspaces_for(*, user) -> QuerySet[Workspace]:
    return workspaces_for(user=user).sellers()


def stores_for(*, user) -> QuerySet[Store]:
    return Store.objects.filter(
        workspace_id__in=workspace_ids_for(user=user)
    ).select_related("workspace")


def owned_workspaces_for(*, user) -> QuerySet[Workspace]:
    """Workspaces where the user is an owner: only owners grant or revoke client links."""
    return Workspace.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.OWNER
    )


def client_links_for_owner(*, user) -> QuerySet[ClientLink]:
    return ClientLink.objects.filter(
        Q(client__in=owned_workspaces_for(user=user))
    ).select_related("consultancy", "client")


def is_curator(*, user) -> bool:
    return user.is_authenticated and user.groups.filter(name=CURATOR_GROUP).exists()
