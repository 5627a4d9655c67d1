"""Factories for tests. Users get the password "pw" so browser tests can sign in."""

import factory
from django.contrib.auth import get_user_model

from accounts.models import ClientLink, Membership, Store, Workspace

PASSWORD = "pw-Reinstate-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    name = factory.Sequence(lambda n: f"Workspace {n}")
    kind = Workspace.Kind.SELLER


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Store {n}")
    marketplace = "US"
    seller_id = factory.Sequence(lambda n: f"A{n:013d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    workspace = factory.SubFactory(WorkspaceFactory)
    role = Membership.Role.OWNER


class ClientLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClientLink

    consultancy = factory.SubFactory(WorkspaceFactory, kind=Workspace.Kind.CONSULTANCY)
    client = factory.SubFactory(WorkspaceFactory)


def seller(username="seller", marketplace="US"):
    """A user who owns a seller workspace with one store. Returns (user, workspace, store)."""
    user = UserFactory(username=username)
    workspace = WorkspaceFactory(name=f"{username} business")
    MembershipFactory(user=user, workspace=workspace, role=Membership.Role.OWNER)
    store = StoreFactory(
        workspace=workspace, name=f"{username} store", marketplace=marketplace
    )
    return user, workspace, store


def curator(username="curator"):
    """A staff user in the library curators' group (the group holds library permissions only)."""
    from library.services import curator_group_sync

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(curator_group_sync())
    return user
