"""Seller and buyer data in admin for superusers only: library curators are staff and
must see none of it, whatever permissions their group is given."""

from django.contrib import admin

from config.admin_base import RoundTripAdminMixin

from .models import (
    AccountHealthSnapshot,
    BuyerContact,
    Defect,
    Order,
    PendingImport,
    ReportImport,
)


class SuperuserOnlyAdmin(RoundTripAdminMixin, admin.ModelAdmin):
    """Every admin permission hook answers False unless the user is a superuser."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser


@admin.register(ReportImport)
class ReportImportAdmin(SuperuserOnlyAdmin):
    list_display = [
        "store",
        "kind",
        "filename",
        "encoding",
        "rows_imported",
        "bad_line_count",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind"]
    search_fields = ["filename", "store__name"]
    readonly_fields = ["bad_lines"]


@admin.register(Order)
class OrderAdmin(SuperuserOnlyAdmin):
    list_display = [
        "order_id",
        "store",
        "purchase_date",
        "status",
        "fulfillment_channel",
        "is_buyer_requested_cancellation",
    ]
    list_filter = ["status", "fulfillment_channel"]
    search_fields = ["order_id"]
    raw_id_fields = ["store", "last_import"]


@admin.register(Defect)
class DefectAdmin(SuperuserOnlyAdmin):
    list_display = ["order_id", "store", "kind", "date", "rating", "denied"]
    list_filter = ["kind", "denied"]
    search_fields = ["order_id"]
    raw_id_fields = ["store", "last_import"]


@admin.register(AccountHealthSnapshot)
class AccountHealthSnapshotAdmin(SuperuserOnlyAdmin):
    list_display = ["store", "created_at"]
    raw_id_fields = ["store", "report_import"]


@admin.register(BuyerContact)
class BuyerContactAdmin(SuperuserOnlyAdmin):
    list_display = ["order_id", "store", "purge_after"]
    search_fields = ["order_id"]
    raw_id_fields = ["store"]


@admin.register(PendingImport)
class PendingImportAdmin(SuperuserOnlyAdmin):
    list_display = ["store", "kind", "filename", "created_at", "expires_at"]
    exclude = ["payload"]
    raw_id_fields = ["store", "created_by"]
