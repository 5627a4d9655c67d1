"""Demo accounts for `make run`: a seller, a consultant with a client link, a curator."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import ClientLink, Membership, Store, Workspace
from .selectors import CURATOR_GROUP

DEMO_PASSWORD = "reinstate-demo"  # noqa: S105 - the demo logins are published
DEMO_USERS = {
    "seller": "Seller (owner of a store)",
    "consultant": "Consultant (three clients)",
    "curator": "Library curator (staff)",
}


@transaction.atomic
def demo_load() -> list[str]:
    """Create what is missing and change nothing that exists; returns what was created."""
    from django.contrib.auth.models import Group

    User = get_user_model()
    created = []

    def user(username, **extra):
        obj, new = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", **extra}
        )
        if new:
            obj.set_password(DEMO_PASSWORD)
            obj.save()
            created.append(f"user {username}")
        return obj

    seller = user("seller", first_name="Li", last_name="Wei")
    consultant = user("consultant", first_name="Dana", last_name="Brooks")
    curator = user("curator", is_staff=True, first_name="Sam", last_name="Curator")
    curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])

    business, _ = Workspace.objects.get_or_create(
        name="Shenzhen Brightsound Trading", kind=Workspace.Kind.SELLER
    )
    Membership.objects.get_or_create(
        user=seller, workspace=business, defaults={"role": Membership.Role.OWNER}
    )
    Store.objects.get_or_create(
        workspace=business,
        name="Brightsound Audio",
        defaults={"marketplace": "US", "seller_id": "A2BRIGHT0SOUND1"},
    )
    Store.objects.get_or_create(
        workspace=business,
        name="Brightsound Audio UK",
        defaults={"marketplace": "UK", "seller_id": "A2BRIGHT0SOUND2"},
    )
    firm, _ = Workspace.objects.get_or_create(
        name="Harbor Appeals Consulting", kind=Workspace.Kind.CONSULTANCY
    )
    Membership.objects.get_or_create(
        user=consultant, workspace=firm, defaults={"role": Membership.Role.OWNER}
    )
    if not ClientLink.objects.filter(consultancy=firm, client=business).exists():
        ClientLink.objects.create(consultancy=firm, client=business, granted_by=seller)
        created.append("client link")
    return created
