"""Reads of appeals, always scoped to the workspaces the user reaches."""

from django.db.models import QuerySet

from accounts.selectors import stores_for, workspace_ids_for, workspaces_for

from .models import Appeal


def appeals_for(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.for_workspaces(workspace_ids_for(user=user)).select_related(
        "store", "workspace"
    )


def dashboard_for(*, user) -> dict:
    return {
        "workspaces": workspaces_for(user=user).prefetch_related("stores"),
        "stores": stores_for(user=user),
        "appeals": appeals_for(user=user)[:20],
    }
