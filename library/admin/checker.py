"""The letter checker's rules for curators: switch one off, change its severity, and
see how often it fired on letters that were exported or checked."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin_base import RoundTripAdminMixin
from library import checker
from library.models import CheckerRule

_RULES = {r.id: r for r in checker.RULES}


@admin.register(CheckerRule)
class CheckerRuleAdmin(RoundTripAdminMixin, admin.ModelAdmin):
    list_display = (
        "rule",
        "category",
        "own_severity",
        "enabled",
        "severity",
        "fired",
        "last_fired_at",
    )
    list_editable = ("enabled", "severity")
    list_filter = ("enabled",)
    fields = (
        "rule",
        "category",
        "message",
        "own_severity",
        "enabled",
        "severity",
        "fired",
    )
    readonly_fields = ("rule", "category", "message", "own_severity", "fired")
    ordering = ("-fired", "rule")

    @admin.display(description=_("category"))
    def category(self, obj):
        rule = _RULES.get(obj.rule)
        return rule.category if rule else "-"

    @admin.display(description=_("what it says"))
    def message(self, obj):
        rule = _RULES.get(obj.rule)
        return gettext(rule.message) if rule else "-"

    @admin.display(description=_("its own severity"))
    def own_severity(self, obj):
        rule = _RULES.get(obj.rule)
        return CheckerRule.Severity(rule.severity).label if rule else "-"

    def has_add_permission(self, request):
        return False  # one row per rule of the checker, made by checker_rules_sync

    def has_delete_permission(self, request, obj=None):
        return False
