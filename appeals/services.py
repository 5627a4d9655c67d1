"""Writes on appeals and the library's access rules."""

from django.contrib.auth.models import Group, Permission

from accounts.selectors import CURATOR_GROUP

LIBRARY_MODELS = [
    "suspensioncause",
    "rootcause",
    "rootcausevariant",
    "action",
    "phrase",
    "lettershape",
    "shapesection",
    "libraryversion",
]


def curator_group_sync() -> Group:
    """Give the curators' group every permission on the library models and nothing else.

    Curators may not view appeals, rounds, workspaces, stores or imported reports: their
    group holds no permission on those, and the admin registers those only for superusers.
    """
    group, _ = Group.objects.get_or_create(name=CURATOR_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label="appeals", content_type__model__in=LIBRARY_MODELS
    )
    group.permissions.set(perms)
    return group
