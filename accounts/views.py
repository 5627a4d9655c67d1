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
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ClientLinkGrantForm, MembershipAddForm, StoreForm, WorkspaceForm
from .models import Membership, Workspace


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
        "grant_form": None,
        "member_form": None,
    }
    if is_owner:
        context["member_form"] = forms.get("member_form") or MembershipAddForm(
            workspace=workspace
        )
    if is_owner and is_seller:
        context["grant_form"] = forms.get("grant_form") or ClientLinkGrantForm(
            client=workspace
        )
    return context


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
def client_link_grant(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user).sellers(), pk=pk
    )
    form = ClientLinkGrantForm(request.POST, client=workspace)
    if not form.is_valid():
        # Show the page again with the error beside the field.
        context = _detail_context(request, workspace, grant_form=form)
        return render(request, "accounts/workspace_detail.html", context, status=400)
    link = services.client_link_grant(
        client=workspace,
        consultancy=form.cleaned_data["consultancy"],
        granted_by=request.user,
    )
    messages.success(
        request,
        _("%(firm)s can now work on this workspace.") % {"firm": link.consultancy},
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
def membership_add(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user), pk=pk
    )
    form = MembershipAddForm(request.POST, workspace=workspace)
    if not form.is_valid():
        context = _detail_context(request, workspace, member_form=form)
        return render(request, "accounts/workspace_detail.html", context, status=400)
    membership = services.membership_add(
        workspace=workspace,
        user=form.cleaned_data["person"],
        role=form.cleaned_data["role"],
    )
    messages.success(
        request,
        _("%(person)s was added as %(role)s.")
        % {
            "person": membership.user.get_username(),
            "role": membership.get_role_display(),
        },
    )
    return redirect("accounts:workspace", pk=workspace.pk)


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
