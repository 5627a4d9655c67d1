"""Thin views: each looks its object up through a selector scoped to the user."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import (
    AccessAcceptForm,
    AccessRequestForm,
    FirmInviteForm,
    InviteForm,
    StoreForm,
    WorkspaceForm,
)
from .models import Invitation, Membership, Workspace


def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "home.html")


@never_cache
def healthz(request):
    """Liveness and readiness: answers 200 only when the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means not ready
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def bad_request(request, exception=None):
    """Django's 400 page in the user's language (``handler400``). A form larger than
    ``DATA_UPLOAD_MAX_MEMORY_SIZE`` says so and how to get the text back."""
    too_big = isinstance(
        exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent
    )
    context = {"too_big": too_big, "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    return render(request, "400.html", context, status=400)


@login_required
def workspace_list(request):
    workspaces = selectors.workspaces_for(user=request.user).prefetch_related("stores")
    context = {
        "workspaces": workspaces,
        "own_ids": selectors.member_workspace_ids_for(user=request.user),
    }
    return render(request, "accounts/workspace_list.html", context)


@login_required
def workspace_create(request):
    form = WorkspaceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        workspace = services.workspace_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Workspace created."))
        return redirect("accounts:workspace", pk=workspace.pk)
    return render(request, "accounts/workspace_form.html", {"form": form})


def _detail_context(request, workspace: Workspace, **forms) -> dict:
    role = selectors.membership_role_for(user=request.user, workspace=workspace)
    is_owner = role == "owner"
    is_seller = workspace.kind == Workspace.Kind.SELLER
    context = {
        "workspace": workspace,
        "role": role,
        "role_label": Membership.Role(role).label if role else _("Consultant"),
        "is_owner": is_owner,
        "stores": workspace.stores.all(),
        "members": selectors.members_for(workspace=workspace) if role else [],
        "links": selectors.consultant_links_for(workspace=workspace)
        if is_owner and is_seller
        else [],
        "clients": selectors.clients_for(workspace=workspace) if not is_seller else [],
        "invite_form": None,
        "firm_form": None,
        "access_form": None,
        "person_invitations": [],
        "firm_invitations": [],
        "access_requests": [],
    }
    sent = selectors.invitations_sent_from
    if is_owner:
        context["invite_form"] = forms.get("invite_form") or InviteForm()
        context["person_invitations"] = sent(
            workspace=workspace, kind=Invitation.Kind.PERSON
        )
    if is_owner and is_seller:
        context["firm_form"] = forms.get("firm_form") or FirmInviteForm(
            client=workspace
        )
        context["firm_invitations"] = sent(
            workspace=workspace, kind=Invitation.Kind.FIRM
        )
    if role and not is_seller:
        context["access_form"] = forms.get("access_form") or AccessRequestForm()
        context["access_requests"] = sent(
            workspace=workspace, kind=Invitation.Kind.ACCESS
        )
    return context


def _base_url(request) -> str:
    """Where links in e-mails point: this site, as the request reached it."""
    return request.build_absolute_uri("/").rstrip("/")


def _sent_message(request, sent: services.Sent, text: str) -> None:
    """The one answer to a sender, whatever happens to the address afterwards."""
    if sent.mailed:
        messages.success(request, text)
    else:
        messages.warning(
            request,
            _(
                "The invitation is saved, but the e-mail could not be sent just now. "
                "Send it again later; the same invitation is sent again."
            ),
        )


@login_required
def workspace_detail(request, pk):
    workspace = get_object_or_404(selectors.workspaces_for(user=request.user), pk=pk)
    return render(
        request, "accounts/workspace_detail.html", _detail_context(request, workspace)
    )


@login_required
def store_create(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user).sellers(), pk=pk
    )
    form = StoreForm(request.POST or None, workspace=workspace)
    if request.method == "POST" and form.is_valid():
        store = services.store_create(workspace=workspace, **form.cleaned_data)
        messages.success(request, _("Store %(name)s added.") % {"name": store.name})
        return redirect("accounts:workspace", pk=workspace.pk)
    return render(
        request, "accounts/store_form.html", {"form": form, "workspace": workspace}
    )


@login_required
@require_POST
def firm_invite(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user).sellers(), pk=pk
    )
    form = FirmInviteForm(request.POST, client=workspace)
    if not form.is_valid():
        # Show the page again with the error beside the field.
        context = _detail_context(request, workspace, firm_form=form)
        return render(request, "accounts/workspace_detail.html", context, status=400)
    firm = form.cleaned_data["consultancy"]
    sent = services.firm_invite(
        client=workspace,
        firm=firm,
        invited_by=request.user,
        base_url=_base_url(request),
    )
    _sent_message(
        request,
        sent,
        _(
            "Invitation sent to %(firm)s. The firm gets access when one of its owners "
            "accepts."
        )
        % {"firm": firm.name},
    )
    return redirect("accounts:workspace", pk=workspace.pk)


@login_required
def client_link_revoke(request, pk):
    """GET asks for confirmation; POST revokes. Only owners of the client reach the link."""
    link = get_object_or_404(selectors.client_links_for_owner(user=request.user), pk=pk)
    if request.method == "POST" or not link.is_active:
        # Revoking twice (a double click, a second tab) is harmless and says so.
        services.client_link_revoke(link=link)
        messages.success(
            request, _("Access revoked for %(firm)s.") % {"firm": link.consultancy}
        )
        return redirect("accounts:workspace", pk=link.client_id)
    return render(request, "accounts/client_link_confirm_revoke.html", {"link": link})


@login_required
@require_POST
def person_invite(request, pk):
    """Invite an address. The answer and the work done are the same whether or not an
    account uses it, so the page never tells who has an account."""
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user), pk=pk
    )
    form = InviteForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, workspace, invite_form=form)
        return render(request, "accounts/workspace_detail.html", context, status=400)
    sent = services.person_invite(
        workspace=workspace,
        email=form.cleaned_data["email"],
        role=form.cleaned_data["role"],
        invited_by=request.user,
        base_url=_base_url(request),
    )
    _sent_message(
        request,
        sent,
        _(
            "Invitation sent to %(email)s. If that address has a Reinstate account, "
            "its owner sees the invitation after signing in; nobody joins until they "
            "accept."
        )
        % {"email": sent.invitation.email},
    )
    return redirect("accounts:workspace", pk=workspace.pk)


@login_required
@require_POST
def access_request(request, pk):
    """A firm's member asks a seller's address for access; same answer for any address."""
    firm = get_object_or_404(
        selectors.member_consultancies_for(user=request.user), pk=pk
    )
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, firm, access_form=form)
        return render(request, "accounts/workspace_detail.html", context, status=400)
    sent = services.access_request(
        firm=firm,
        email=form.cleaned_data["email"],
        requested_by=request.user,
        base_url=_base_url(request),
    )
    _sent_message(
        request,
        sent,
        _(
            "Request sent to %(email)s. If that address belongs to a seller on "
            "Reinstate, they can choose a workspace to share after signing in; your "
            "firm gets access only then."
        )
        % {"email": sent.invitation.email},
    )
    return redirect("accounts:workspace", pk=firm.pk)


@login_required
@require_POST
def invitation_cancel(request, pk):
    """Cancel an invitation sent from a workspace the user may send from."""
    invitation = get_object_or_404(
        selectors.invitations_for_sender(user=request.user), pk=pk
    )
    invitation = services.invitation_cancel(invitation=invitation)
    if invitation.cancelled_at:
        messages.success(
            request,
            _("Invitation to %(who)s cancelled.") % {"who": invitation.addressee},
        )
    else:
        messages.info(
            request,
            _("The invitation to %(who)s was already answered.")
            % {"who": invitation.addressee},
        )
    return redirect("accounts:workspace", pk=invitation.workspace_id)


@login_required
def membership_remove(request, pk):
    """GET asks for confirmation; POST removes. Only owners of the workspace reach it."""
    membership = get_object_or_404(
        selectors.memberships_for_owner(user=request.user), pk=pk
    )
    workspace = membership.workspace
    if request.method != "POST":
        return render(
            request,
            "accounts/membership_confirm_remove.html",
            {"membership": membership},
        )
    try:
        services.membership_remove(membership=membership)
    except services.LastOwnerError:
        messages.error(
            request,
            _(
                "%(person)s is the only owner. Make someone else an owner first, so "
                "the workspace keeps one."
            )
            % {"person": membership.user.get_username()},
        )
        return redirect("accounts:workspace", pk=workspace.pk)
    messages.success(
        request,
        _("%(person)s no longer has access to %(workspace)s.")
        % {"person": membership.user.get_username(), "workspace": workspace.name},
    )
    if membership.user_id == request.user.pk:
        return redirect("accounts:workspaces")
    return redirect("accounts:workspace", pk=workspace.pk)


# ------------------------------------------------- invitations, as their addressee

CLOSED = {
    Invitation.Status.EXPIRED: _lazy("This invitation has expired."),
    Invitation.Status.ACCEPTED: _lazy("This invitation was already accepted."),
    Invitation.Status.DECLINED: _lazy("This invitation was declined."),
    Invitation.Status.CANCELLED: _lazy("This invitation was cancelled by its sender."),
}


def _cards(request, invitations, bound=None) -> list[dict]:
    """Each invitation with the form its Accept button posts (an access request asks
    which workspace to share, and cannot be accepted by someone who owns none);
    ``bound`` is a posted form shown again with its error."""
    shareable = selectors.owned_seller_workspaces_for(user=request.user)
    cards = []
    for invitation in invitations:
        card = {"invitation": invitation, "form": None, "can_accept": True}
        if invitation.kind == Invitation.Kind.ACCESS:
            prefix = f"inv{invitation.pk}"
            if bound is not None and bound.prefix == prefix:
                card["form"] = bound
            else:
                card["form"] = AccessAcceptForm(workspaces=shareable, prefix=prefix)
            card["can_accept"] = bool(card["form"].fields["workspace"].queryset)
        cards.append(card)
    return cards


def _invitation_list(request, bound=None, status=200):
    invitations = selectors.pending_invitations_for(user=request.user)
    context = {"cards": _cards(request, invitations, bound)}
    return render(request, "accounts/invitation_list.html", context, status=status)


@login_required
def invitation_list(request):
    """What is addressed to the user and still open, each with Accept and Decline."""
    return _invitation_list(request)


def invitation_detail(request, token):
    """The link in an invitation e-mail. Its addressee may answer here; anyone else
    holding the link learns only whether it is still open, and to sign in with the
    address it was sent to."""
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None:
        raise Http404
    status = invitation.status
    mine = selectors.is_invitee(user=request.user, invitation=invitation)
    context = {
        "closed": CLOSED.get(status),
        "cards": _cards(request, [invitation]) if mine and status == "pending" else [],
        "path": request.get_full_path(),
    }
    return render(request, "accounts/invitation_detail.html", context)


def _answered(request, invitation: Invitation):
    """Where an accepted invitation leads: the workspace it opened."""
    if invitation.kind == Invitation.Kind.PERSON:
        return redirect("accounts:workspace", pk=invitation.workspace_id)
    if invitation.kind == Invitation.Kind.FIRM:
        return redirect("accounts:workspace", pk=invitation.firm_id)
    return redirect("accounts:workspace", pk=invitation.client_link.client_id)


@login_required
@require_POST
def invitation_accept(request, pk):
    invitation = get_object_or_404(
        selectors.invitations_for_invitee(user=request.user), pk=pk
    )
    if not invitation.is_pending:  # checked again, under a lock, when accepting
        messages.error(request, CLOSED[invitation.status])
        return redirect("invitations")
    client = None
    if invitation.kind == Invitation.Kind.ACCESS:
        form = AccessAcceptForm(
            request.POST,
            workspaces=selectors.owned_seller_workspaces_for(user=request.user),
            prefix=f"inv{invitation.pk}",
        )
        if not form.is_valid():
            return _invitation_list(request, bound=form, status=400)
        client = form.cleaned_data["workspace"]
    try:
        invitation = services.invitation_accept(
            invitation=invitation, user=request.user, client=client
        )
    except services.InvitationClosed as closed:
        messages.error(request, CLOSED[closed.status])
        return redirect("invitations")
    except services.InvitationRefused as refused:
        raise Http404 from refused
    messages.success(request, _accepted_text(invitation))
    return _answered(request, invitation)


def _accepted_text(invitation: Invitation) -> str:
    if invitation.kind == Invitation.Kind.PERSON:
        return _("You joined %(workspace)s.") % {"workspace": invitation.workspace}
    if invitation.kind == Invitation.Kind.FIRM:
        return _("%(firm)s can now work on %(client)s.") % {
            "firm": invitation.firm,
            "client": invitation.workspace,
        }
    return _("%(firm)s can now work on %(client)s.") % {
        "firm": invitation.workspace,
        "client": invitation.client_link.client,
    }


@login_required
@require_POST
def invitation_decline(request, pk):
    invitation = get_object_or_404(
        selectors.invitations_for_invitee(user=request.user), pk=pk
    )
    try:
        services.invitation_decline(invitation=invitation, user=request.user)
    except services.InvitationClosed as closed:
        messages.error(request, CLOSED[closed.status])
    except services.InvitationRefused as refused:
        raise Http404 from refused
    else:
        messages.success(request, _("Invitation declined."))
    return redirect("invitations")
