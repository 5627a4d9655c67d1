"""Workspaces in the admin, for superusers only.

Library curators are staff too, but they must see nothing of any seller's data: every
model here answers "no permission" to anyone but a superuser, whatever their group holds.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from config.admin_base import RoundTripAdminMixin

from . import services
from .models import ClientLink, Invitation, Membership, Store, Workspace


class SuperuserOnlyMixin(RoundTripAdminMixin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_view_permission
    has_change_permission = has_view_permission
    has_delete_permission = has_view_permission


class StoreInline(SuperuserOnlyMixin, admin.TabularInline):
    model = Store
    extra = 0


class MembershipInline(SuperuserOnlyMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "stores__name", "stores__seller_id"]
    inlines = [MembershipInline, StoreInline]


@admin.register(ClientLink)
class ClientLinkAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["consultancy", "client", "granted_at", "granted_by", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["consultancy__name", "client__name"]
    autocomplete_fields = ["consultancy", "client"]
    raw_id_fields = ["granted_by"]


@admin.register(Invitation)
class InvitationAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """Read-mostly: invitations are made and answered on the site; here a superuser
    looks them up and may cancel open ones. The token is never shown."""

    list_display = [
        "kind",
        "workspace",
        "addressee",
        "role",
        "created_at",
        "expires_at",
        "status_label",
    ]
    list_filter = ["kind", "accepted_at", "declined_at", "cancelled_at"]
    search_fields = ["email", "workspace__name", "firm__name"]
    list_select_related = ["workspace", "firm"]
    fields = [
        "kind",
        "workspace",
        "email",
        "firm",
        "role",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "declined_at",
        "cancelled_at",
        "client_link",
    ]
    readonly_fields = fields
    actions = ["cancel"]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.status.label

    @admin.action(description=_("Cancel the selected open invitations"))
    def cancel(self, request, queryset):
        for invitation in queryset.open():
            services.invitation_cancel(invitation=invitation)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
