"""Appeals and rounds in admin, for superusers alone: they hold sellers' data."""

from django.contrib import admin

from config.admin_base import RoundTripAdminMixin

from .models import Appeal, Round

# ------------------------------------------------------------- superusers only


class SuperuserOnlyAdmin(RoundTripAdminMixin, admin.ModelAdmin):
    """Sellers' data: visible to superusers alone, whatever permissions a group holds."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class RoundInline(RoundTripAdminMixin, admin.TabularInline):
    model = Round
    fields = ("number", "library_version", "shape", "submitted_on", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "store", "workspace", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("store", "workspace")
    search_fields = ("title", "store__name", "workspace__name")
    raw_id_fields = ("workspace", "store", "created_by", "source")
    inlines = [RoundInline]

    def has_add_permission(self, request):
        # An appeal starts with its first round (services.appeal_create), never bare.
        return False


@admin.register(Round)
class RoundAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "number", "library_version", "shape", "updated_at")
    list_filter = ("shape",)
    list_select_related = ("appeal", "library_version")
    raw_id_fields = ("appeal",)
    readonly_fields = ("library_version", "sent_text", "revision")
