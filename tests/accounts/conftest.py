import pytest

from accounts.models import Membership, Workspace
from tests.factories import (
    ClientLinkFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
    seller,
)

TINY_LIBRARY = {
    "format": "reinstate-library/1",
    "causes": [
        {
            "slug": "odr-a-to-z-claims",
            "name": "Order Defect Rate above 1%",
            "metric": "odr",
            "root_causes": [
                {
                    "slug": "slow-response",
                    "title": "Slow response to buyer problems",
                    "explanation": "We answered buyers too slowly.",
                    "actions": [
                        {
                            "slug": "answer-fast",
                            "kind": "preventive",
                            "text": "We answer every buyer message.",
                            "timeframe": "within 12 hours",
                        }
                    ],
                }
            ],
        }
    ],
    "phrases": [],
    "shapes": [],
}


@pytest.fixture
def published_library(db):
    from library.services import library_import, library_publish

    library_import(data=TINY_LIBRARY)
    return library_publish(note="tests")


@pytest.fixture
def world(db):
    """One seller workspace and everyone who might try to reach it.

    owner and member belong to it; consultant's firm holds an active client link;
    former_consultant's firm had one and it was revoked; curator is library staff;
    outsider owns another seller workspace.
    """
    owner, workspace, store = seller("owner")
    member = UserFactory(username="member")
    MembershipFactory(user=member, workspace=workspace, role=Membership.Role.MEMBER)

    consultant = UserFactory(username="consultant")
    firm = WorkspaceFactory(name="Harbor Appeals", kind=Workspace.Kind.CONSULTANCY)
    MembershipFactory(user=consultant, workspace=firm, role=Membership.Role.OWNER)
    link = ClientLinkFactory(consultancy=firm, client=workspace, granted_by=owner)

    former = UserFactory(username="former_consultant")
    old_firm = WorkspaceFactory(name="Gone Consulting", kind=Workspace.Kind.CONSULTANCY)
    MembershipFactory(user=former, workspace=old_firm, role=Membership.Role.OWNER)
    old_link = ClientLinkFactory(consultancy=old_firm, client=workspace)
    from accounts.services import client_link_revoke

    client_link_revoke(link=old_link)

    from django.contrib.auth.models import Group

    from accounts.selectors import CURATOR_GROUP

    curator = UserFactory(username="curator", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])

    outsider, other_workspace, other_store = seller("outsider")
    return {
        "users": {
            "owner": owner,
            "member": member,
            "consultant": consultant,
            "former_consultant": former,
            "curator": curator,
            "outsider": outsider,
        },
        "workspace": workspace,
        "store": store,
        "firm": firm,
        "link": link,
        "old_link": old_link,
        "other_workspace": other_workspace,
        "other_store": other_store,
    }
