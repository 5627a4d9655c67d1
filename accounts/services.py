"""Writes on workspaces, stores, client links and invitations."""

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import (
    INVITATION_DAYS,
    ClientLink,
    Invitation,
    Membership,
    Store,
    Workspace,
)

logger = logging.getLogger(__name__)


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
    # What the person sent from this workspace lapses with their place in it.
    Invitation.objects.open().filter(
        workspace_id=membership.workspace_id, created_by_id=membership.user_id
    ).update(cancelled_at=timezone.now())


# ------------------------------------------------------------------ invitations


class InvitationClosed(ValueError):
    """The invitation was answered or cancelled, or it expired; ``status`` says which."""

    def __init__(self, status: Invitation.Status):
        super().__init__(status)
        self.status = status


class InvitationRefused(ValueError):
    """The user may not answer this invitation, or not share the workspace chosen."""


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    mailed: bool  # False when the mail server refused: the invitation is still saved


def normalise_email(address: str) -> str:
    return address.strip().lower()


def _open_invitation_refreshed(*, lookup: dict, changes: dict) -> Invitation:
    """The one open invitation matching ``lookup``, refreshed, or a new one.

    Refreshing keeps the token (the link in the first e-mail keeps working) and
    restarts the 14 days.
    """
    now = timezone.now()
    changes = {**changes, "created_at": now, "expires_at": now + _days()}
    with transaction.atomic():
        invitation = (
            Invitation.objects.open().select_for_update().filter(**lookup).first()
        )
        if invitation is None:
            try:
                with transaction.atomic():
                    return Invitation.objects.create(
                        **lookup, **changes, token=secrets.token_urlsafe(32)
                    )
            except IntegrityError:
                # Sent twice at once: the other request made it; refresh that one.
                invitation = Invitation.objects.open().select_for_update().get(**lookup)
        for field, value in changes.items():
            setattr(invitation, field, value)
        invitation.save(update_fields=list(changes))
    return invitation


def _days() -> timedelta:
    return timedelta(days=INVITATION_DAYS)


def _mail(*, template: str, invitation: Invitation, to: list[str], base_url: str):
    """Send one message per address; False (and a log line) if the server refused."""
    context = {
        "invitation": invitation,
        "link": base_url + reverse("invitation", args=[invitation.token]),
        "days": INVITATION_DAYS,
    }
    subject = " ".join(
        render_to_string(f"accounts/email/{template}_subject.txt", context).split()
    )
    body = render_to_string(f"accounts/email/{template}.txt", context)
    try:
        send_mass_mail([(subject, body, None, [address]) for address in to])
    except OSError:  # smtplib.SMTPException is an OSError
        logger.exception("Invitation %s: the e-mail was not sent", invitation.pk)
        return False
    return True


def person_invite(
    *, workspace: Workspace, email: str, role: str, invited_by, base_url: str
) -> Sent:
    """Invite an address to join ``workspace`` with ``role``; nobody joins until they accept.

    The same work whether or not an account uses the address: no account is looked
    up here, so neither the answer nor its timing tells the inviter.
    """
    email = normalise_email(email)
    invitation = _open_invitation_refreshed(
        lookup={"workspace": workspace, "kind": Invitation.Kind.PERSON, "email": email},
        changes={"role": role, "created_by": invited_by},
    )
    mailed = _mail(
        template="invitation_person",
        invitation=invitation,
        to=[email],
        base_url=base_url,
    )
    return Sent(invitation, mailed)


def firm_invite(
    *, client: Workspace, firm: Workspace, invited_by, base_url: str
) -> Sent:
    """A seller workspace invites a consultant firm; the firm's owners accept or decline."""
    invitation = _open_invitation_refreshed(
        lookup={"workspace": client, "kind": Invitation.Kind.FIRM, "firm": firm},
        changes={"created_by": invited_by},
    )
    owners = (
        firm.memberships.filter(role=Membership.Role.OWNER)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    mailed = _mail(
        template="invitation_firm",
        invitation=invitation,
        to=sorted(set(owners)),
        base_url=base_url,
    )
    return Sent(invitation, mailed)


def access_request(*, firm: Workspace, email: str, requested_by, base_url: str) -> Sent:
    """A consultant firm asks an address for access to one of its seller workspaces.

    Like ``person_invite``, the same work whatever the address.
    """
    email = normalise_email(email)
    invitation = _open_invitation_refreshed(
        lookup={"workspace": firm, "kind": Invitation.Kind.ACCESS, "email": email},
        changes={"created_by": requested_by},
    )
    mailed = _mail(
        template="invitation_access",
        invitation=invitation,
        to=[email],
        base_url=base_url,
    )
    return Sent(invitation, mailed)


def _is_addressee(invitation: Invitation, user) -> bool:
    if invitation.kind == Invitation.Kind.FIRM:
        return Membership.objects.filter(
            workspace_id=invitation.firm_id, user=user, role=Membership.Role.OWNER
        ).exists()
    return bool(user.email) and normalise_email(user.email) == invitation.email


def _answerable(invitation: Invitation, user) -> Invitation:
    """The invitation locked for an answer; raises if it is closed or not the user's."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not _is_addressee(locked, user):
        raise InvitationRefused
    if not locked.is_pending:
        raise InvitationClosed(locked.status)
    return locked


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user, client: Workspace | None = None
) -> Invitation:
    """Accept: join the workspace, or make the client link.

    ``client`` is the seller workspace shared in answer to an access request; the
    user must own it. Raises InvitationClosed or InvitationRefused.
    """
    locked = _answerable(invitation, user)
    if locked.kind == Invitation.Kind.PERSON:
        # Someone already in the workspace keeps the role they have.
        membership_add(workspace=locked.workspace, user=user, role=locked.role)
    elif locked.kind == Invitation.Kind.FIRM:
        locked.client_link = client_link_grant(
            client=locked.workspace,
            consultancy=locked.firm,
            granted_by=locked.created_by,
        )
    else:
        owns = (
            client is not None
            and client.kind == Workspace.Kind.SELLER
            and Membership.objects.filter(
                workspace=client, user=user, role=Membership.Role.OWNER
            ).exists()
        )
        if not owns:
            raise InvitationRefused
        locked.client_link = client_link_grant(
            client=client, consultancy=locked.workspace, granted_by=user
        )
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by", "client_link"])
    return locked


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user) -> Invitation:
    """Decline: nothing is made. Raises InvitationClosed or InvitationRefused."""
    locked = _answerable(invitation, user)
    locked.declined_at = timezone.now()
    locked.save(update_fields=["declined_at"])
    return locked


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> Invitation:
    """Cancel an open invitation; one already answered or cancelled stays as it is."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at is None and locked.declined_at is None:
        locked.cancelled_at = locked.cancelled_at or timezone.now()
        locked.save(update_fields=["cancelled_at"])
    return locked
