"""Reads scoped to what a user may reach. Every object lookup in a view starts here."""

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet

from .models import ClientLink, Invitation, Membership, Store, Workspace
from .scope import per_request

CURATOR_GROUP = "Library curators"


@per_request
def workspace_ids_for(*, user) -> list[int]:
    """Ids of the workspaces the user reaches: their own, plus the clients of their firms.

    Read once per request (accounts.scope), so a revoked client link stops working on
    the very next request.
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


@per_request
def member_workspace_ids_for(*, user) -> set[int]:
    """Ids of the workspaces the user is a member of (not those reached as a client)."""
    return set(
        Membership.objects.filter(user=user).values_list("workspace_id", flat=True)
    )


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


def member_consultancies_for(*, user) -> QuerySet[Workspace]:
    """Consultant firms the user belongs to, in any role: any member may ask a seller
    for access."""
    return Workspace.objects.consultancies().filter(memberships__user=user)


def client_links_for_owner(*, user) -> QuerySet[ClientLink]:
    return ClientLink.objects.filter(
        Q(client__in=owned_workspaces_for(user=user))
    ).select_related("consultancy", "client")


def is_curator(*, user) -> bool:
    return user.is_authenticated and user.groups.filter(name=CURATOR_GROUP).exists()


def membership_role_for(*, user, workspace: Workspace) -> str:
    """The user's own role in the workspace ("owner", "member"), or "" via a client link."""
    membership = Membership.objects.filter(user=user, workspace=workspace).first()
    return membership.role if membership else ""


def members_for(*, workspace: Workspace) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("role", "user__username")
    )


def consultant_links_for(*, workspace: Workspace) -> QuerySet[ClientLink]:
    """A seller workspace's links to consultant firms, active first, newest first."""
    return (
        ClientLink.objects.filter(client=workspace)
        .select_related("consultancy", "granted_by")
        .order_by(F("revoked_at").desc(nulls_first=True), "-granted_at")
    )


def clients_for(*, workspace: Workspace) -> QuerySet[ClientLink]:
    """A consultant firm's active client links, with the client workspaces' stores."""
    return (
        ClientLink.objects.active()
        .filter(consultancy=workspace)
        .select_related("client")
        .prefetch_related("client__stores")
        .order_by("client__name")
    )


def memberships_for_owner(*, user) -> QuerySet[Membership]:
    """Memberships of the workspaces the user owns: the ones they may change."""
    return Membership.objects.filter(
        workspace__in=owned_workspaces_for(user=user)
    ).select_related("user", "workspace")


@per_request
def firm_ids_for(*, user) -> set[int]:
    """Ids of the consultant firms the user is a member of."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(
            user=user, workspace__kind=Workspace.Kind.CONSULTANCY
        ).values_list("workspace_id", flat=True)
    )


@per_request
def client_ids_for(*, user) -> set[int]:
    """Ids of the seller workspaces linked (and not revoked) to the user's firms: the
    consultant's clients. Read once per request (accounts.scope), so a revocation
    counts on the next request, and at once if the request itself revokes."""
    if not user.is_authenticated:
        return set()
    return set(
        ClientLink.objects.active()
        .filter(
            consultancy__kind=Workspace.Kind.CONSULTANCY,
            consultancy__memberships__user=user,
        )
        .values_list("client_id", flat=True)
    )


def clients_of(*, user) -> QuerySet[Workspace]:
    """The consultant's clients (seller workspaces), by name."""
    return Workspace.objects.sellers().filter(id__in=client_ids_for(user=user))


def firm_for(*, user, workspace: Workspace) -> Workspace | None:
    """The user's firm that reaches ``workspace`` through a client link, or None when
    the user is a member of the workspace itself (or reaches it otherwise)."""
    if Membership.objects.filter(user=user, workspace=workspace).exists():
        return None
    link = (
        ClientLink.objects.active()
        .filter(client=workspace, consultancy__memberships__user=user)
        .select_related("consultancy")
        .order_by("consultancy__name")
        .first()
    )
    return link.consultancy if link else None


def people_for(*, workspace: Workspace):
    """Everyone who may work on the workspace's appeals: its members and the members of
    the firms it links to. An appeal's assignee is one of them."""
    firms = ClientLink.objects.active().filter(client=workspace).values("consultancy")
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__workspace=workspace) | Q(memberships__workspace__in=firms)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# ------------------------------------------------------------------ invitations


def _addressed_to(user) -> Q:
    """Invitations for the user: to their account's address (any case), or to a
    consultant firm they own."""
    owned_firms = Membership.objects.filter(
        user=user,
        role=Membership.Role.OWNER,
        workspace__kind=Workspace.Kind.CONSULTANCY,
    ).values("workspace_id")
    addressed = Q(kind=Invitation.Kind.FIRM, firm_id__in=owned_firms)
    email = (user.email or "").strip().lower()
    if email:
        addressed |= Q(
            kind__in=[Invitation.Kind.PERSON, Invitation.Kind.ACCESS], email=email
        )
    return addressed


def invitations_for_invitee(*, user) -> QuerySet[Invitation]:
    """Every invitation addressed to the user, whatever its state: the ones they may
    answer (and, for a closed one, be told so)."""
    return Invitation.objects.filter(_addressed_to(user)).select_related(
        "workspace", "firm", "created_by"
    )


def pending_invitations_for(*, user) -> QuerySet[Invitation]:
    return invitations_for_invitee(user=user).pending().order_by("-created_at")


def pending_invitation_count(*, user) -> int:
    """The number beside "Invitations" in the navigation: one query."""
    if not user.is_authenticated:
        return 0
    return Invitation.objects.pending().filter(_addressed_to(user)).count()


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link names. Holding the link shows its state and nothing
    else; only its addressee (``is_invitee``) sees what it offers."""
    return (
        Invitation.objects.filter(token=token)
        .select_related("workspace", "firm", "created_by")
        .first()
    )


def is_invitee(*, user, invitation: Invitation) -> bool:
    return (
        user.is_authenticated
        and invitations_for_invitee(user=user).filter(pk=invitation.pk).exists()
    )


def invitations_for_sender(*, user) -> QuerySet[Invitation]:
    """Invitations the user may cancel: those sent from a workspace they own, and the
    access requests of consultant firms they belong to."""
    owned = Membership.objects.filter(user=user, role=Membership.Role.OWNER)
    firms = Membership.objects.filter(
        user=user, workspace__kind=Workspace.Kind.CONSULTANCY
    )
    return Invitation.objects.filter(
        Q(
            kind__in=[Invitation.Kind.PERSON, Invitation.Kind.FIRM],
            workspace_id__in=owned.values("workspace_id"),
        )
        | Q(kind=Invitation.Kind.ACCESS, workspace_id__in=firms.values("workspace_id"))
    ).select_related("workspace", "firm")


def invitations_sent_from(*, workspace: Workspace, kind: str) -> QuerySet[Invitation]:
    """A workspace's open invitations of one kind (expired ones too, until cancelled
    or sent again), newest first."""
    return (
        Invitation.objects.open()
        .filter(workspace=workspace, kind=kind)
        .select_related("firm", "created_by")
        .order_by("-created_at")
    )


def owned_seller_workspaces_for(*, user) -> QuerySet[Workspace]:
    """The seller workspaces the user may share with a consultant firm."""
    return owned_workspaces_for(user=user).sellers()
