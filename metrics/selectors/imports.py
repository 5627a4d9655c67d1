"""Reads of report imports: the ones waiting for confirmation and the past ones."""

from django.db.models import QuerySet

from accounts.models import Store
from accounts.selectors import stores_for

from ..models import PendingImport, ReportImport


def pending_imports_for(*, user, store: Store) -> QuerySet[PendingImport]:
    """Imports of ``store`` waiting for confirmation; ``store`` comes from stores_for."""
    return PendingImport.objects.live().filter(
        store=store, store__in=stores_for(user=user)
    )


def report_imports_for(*, store: Store) -> QuerySet[ReportImport]:
    return ReportImport.objects.filter(store=store).select_related("created_by")
