from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import selectors, services
from .forms import ClientLinkGrantForm, StoreForm


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


@login_required
def workspace_list(request):
    workspaces = selectors.workspaces_for(user=request.user).prefetch_related("stores")
    return render(request, "accounts/workspace_list.html", {"workspaces": workspaces})


@login_required
def workspace_detail(request, pk):
    workspace = get_object_or_404(selectors.workspaces_for(user=request.user), pk=pk)
    is_owner = selectors.owned_workspaces_for(user=request.user).filter(pk=pk).exists()
    context = {
        "workspace": workspace,
        "stores": workspace.stores.all(),
        "is_owner": is_owner,
        "links": workspace.consultant_links.select_related("consultancy")
        if is_owner
        else [],
        "clients": workspace.client_links.active().select_related("client"),
        "grant_form": ClientLinkGrantForm() if is_owner else None,
        "store_form": StoreForm() if is_owner else None,
    }
    return render(request, "accounts/workspace_detail.html", context)


@login_required
def store_create(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user), pk=pk
    )
    form = StoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.store_create(workspace=workspace, **form.cleaned_data)
        messages.success(request, _("Store added."))
        return redirect("accounts:workspace", pk=workspace.pk)
    return render(
        request, "accounts/store_form.html", {"form": form, "workspace": workspace}
    )


@login_required
def client_link_grant(request, pk):
    workspace = get_object_or_404(
        selectors.owned_workspaces_for(user=request.user).sellers(), pk=pk
    )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ClientLinkGrantForm(request.POST)
    if form.is_valid():
        link = services.client_link_grant(
            client=workspace,
            consultancy=form.cleaned_data["consultancy"],
            granted_by=request.user,
        )
        messages.success(
            request,
            _("%(firm)s can now work on this workspace.") % {"firm": link.consultancy},
        )
    else:
        messages.error(request, _("Choose a consultant firm."))
    return redirect("accounts:workspace", pk=workspace.pk)


@login_required
def client_link_revoke(request, pk):
    link = get_object_or_404(selectors.client_links_for_owner(user=request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.client_link_revoke(link=link)
    messages.success(
        request, _("Access revoked for %(firm)s.") % {"firm": link.consultancy}
    )
    return redirect("accounts:workspace", pk=link.client_id)
