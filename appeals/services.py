"""Writes on appeals and the library's access rules."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts.models import Store
from accounts.selectors import CURATOR_GROUP

from .answers import Answers
from .models import Appeal, LibraryVersion, Round

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


class LibraryNotPublished(RuntimeError):
    """No library version is published yet, so no letter can be assembled."""


@transaction.atomic
def appeal_create(*, user, store: Store, answers: Answers | None = None, title: str = "") -> Appeal:
    """Start an appeal for ``store`` with round 1 on the newest library version.

    ``answers`` prefills the wizard (the metrics app passes causes, figures and order
    IDs); the signature defaults to the store's details and the user's name and e-mail.
    """
    version = LibraryVersion.objects.latest_published()
    if version is None:
        raise LibraryNotPublished
    answers = answers or Answers()
    sig = answers.signature
    sig.store_name = sig.store_name or store.name
    sig.seller_id = sig.seller_id or store.seller_id
    sig.marketplace = sig.marketplace or store.marketplace
    sig.name = sig.name or user.get_full_name() or user.get_username()
    sig.email = sig.email or user.email
    appeal = Appeal.objects.create(
        workspace=store.workspace,
        store=store,
        created_by=user,
        title=title,
        cause_slugs=list(answers.causes),
    )
    Round.objects.create(
        appeal=appeal, number=1, library_version=version, answers=answers.to_dict()
    )
    return appeal
