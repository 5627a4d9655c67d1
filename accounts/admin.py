"""Workspaces in the admin, for superusers only.

Library curators are staff too, but they must see nothing of any seller's data: every
model here answers "no permission" to anyone but a superuser, whatever their group holds.
"""

from django.contrib import admin

from config.admin_base import RoundTripAdminMixin

from .models import ClientLink, Membership, Store, Workspace


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
