"""Who reaches the consultants' pages: clients, an appeal's settings and notes,
withdrawal, the anonymised letter, the list's CSV and search, and the audit log.

Every role of ``world`` (tests/accounts/conftest.py), a member of another firm and a
pending invitee (invited to the workspace and the firm, accepted neither), against
every view; a missing object answers the same 404 as another's.
"""

import pytest
from django.urls import reverse

from accounts.models import Membership, Workspace
from appeals.models import Appeal, AuditEvent, Note
from tests.factories import (
    ClientLinkFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
)

ROLES = [
    "owner",
    "member",
    "consultant",
    "former_consultant",
    "other_firm",
    "invitee",
    "curator",
    "outsider",
]
ON_APPEAL = {"owner", "member", "consultant"}


@pytest.fixture
def team(world, published_library):
    """``world`` with an appeal, a note of the firm's, and a member of another firm
    that has a client of its own (the outsider's workspace)."""
    from appeals.services import appeal_create, note_add

    other = UserFactory(username="other_firm")
    firm = WorkspaceFactory(name="Rival Appeals", kind=Workspace.Kind.CONSULTANCY)
    MembershipFactory(user=other, workspace=firm, role=Membership.Role.OWNER)
    ClientLinkFactory(consultancy=firm, client=world["other_workspace"])
    world["users"]["other_firm"] = other
    # Invited to the seller's workspace and to the firm, and has accepted neither.
    from accounts.services import person_invite

    invitee = UserFactory(username="invitee", email="invitee@example.com")
    for workspace in (world["workspace"], world["firm"]):
        person_invite(
            workspace=workspace,
            email=invitee.email,
            role=Membership.Role.MEMBER,
            invited_by=world["users"]["owner"],
            base_url="http://testserver",
        )
    world["users"]["invitee"] = invitee
    appeal = appeal_create(user=world["users"]["owner"], store=world["store"])
    note = note_add(
        appeal=appeal,
        author=world["users"]["consultant"],
        firm=world["firm"],
        text="Firm-only: chase the carrier invoice.",
        shared=False,
    )
    return {**world, "appeal": appeal, "note": note}


def _get_urls(team):
    a = team["appeal"]
    return {
        "client": reverse("appeals:client", args=[team["workspace"].pk]),
        "anonymised": reverse("appeals:anonymised", args=[a.pk]),
        "audit_log": reverse("appeals:audit_log", args=[team["workspace"].pk]),
    }


def _post_urls(team):
    a = team["appeal"]
    return {
        "settings": (
            reverse("appeals:settings", args=[a.pk]),
            {"title": "Hijacked", "deadline_days": "5", "assignee": ""},
        ),
        "note_add": (reverse("appeals:note_add", args=[a.pk]), {"text": "hello"}),
        "note_share": (
            reverse("appeals:note_share", args=[a.pk, team["note"].pk]),
            {},
        ),
        "withdraw": (reverse("appeals:withdraw", args=[a.pk]), {}),
    }


GET_ALLOWED = {
    "client": {"consultant"},  # a client page is the firm's view of its client
    "anonymised": ON_APPEAL,
    "audit_log": {"owner"},
}
POST_ALLOWED = {
    "settings": ON_APPEAL,
    "note_add": ON_APPEAL,
    "note_share": {"consultant"},  # only the firm that wrote the note shares it
    "withdraw": ON_APPEAL,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(GET_ALLOWED))
def test_consultant_pages_answer_404_outside_scope(client, team, role, name):
    client.force_login(team["users"][role])
    response = client.get(_get_urls(team)[name])
    assert response.status_code == (200 if role in GET_ALLOWED[name] else 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(POST_ALLOWED))
def test_consultant_writes_answer_404_outside_scope(client, team, role, name):
    client.force_login(team["users"][role])
    url, data = _post_urls(team)[name]
    before = (
        Appeal.objects.filter(pk=team["appeal"].pk).values().get(),
        list(Note.objects.values()),
    )
    response = client.post(url, data)
    if role in POST_ALLOWED[name]:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
        after = (
            Appeal.objects.filter(pk=team["appeal"].pk).values().get(),
            list(Note.objects.values()),
        )
        assert after == before  # nothing changed


def test_missing_objects_answer_the_same_404_as_others(client, team):
    client.force_login(team["users"]["other_firm"])
    pairs = [
        ("appeals:client", team["workspace"].pk),
        ("appeals:anonymised", team["appeal"].pk),
        ("appeals:audit_log", team["workspace"].pk),
    ]
    for name, pk in pairs:
        theirs = client.get(reverse(name, args=[pk]))
        missing = client.get(reverse(name, args=[999_999]))
        assert theirs.status_code == missing.status_code == 404
        assert [t.name for t in theirs.templates] == [t.name for t in missing.templates]
    share = reverse("appeals:note_share", args=[team["appeal"].pk, 999_999])
    client.force_login(team["users"]["consultant"])
    assert client.post(share).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_client_list_and_switcher_show_only_linked_clients(client, team, role):
    client.force_login(team["users"][role])
    page = client.get(reverse("appeals:clients")).content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    name = team["workspace"].name
    if role == "consultant":
        assert name in page and 'id="client-switcher"' in dashboard
    else:
        assert name not in page
        assert reverse("appeals:client", args=[team["workspace"].pk]) not in dashboard


@pytest.mark.parametrize("role", ROLES)
def test_list_search_and_csv_leak_nothing(client, team, role):
    appeal = team["appeal"]
    Appeal.objects.filter(pk=appeal.pk).update(title="Zebra carrier case")
    client.force_login(team["users"][role])
    found = client.get(reverse("appeals:list"), {"q": "Zebra"}).content.decode()
    csv = client.get(reverse("appeals:list_csv")).content.decode()
    shown = "Zebra carrier case" in found, "Zebra carrier case" in csv
    assert shown == ((True, True) if role in ON_APPEAL else (False, False))


def test_revocation_ends_the_consultants_client_pages_on_the_next_request(client, team):
    from accounts.services import client_link_revoke

    client.force_login(team["users"]["consultant"])
    url = reverse("appeals:client", args=[team["workspace"].pk])
    assert client.get(url).status_code == 200
    client_link_revoke(link=team["link"])
    assert client.get(url).status_code == 404
    assert (
        team["workspace"].name
        not in client.get(reverse("appeals:clients")).content.decode()
    )
    note = reverse("appeals:note_add", args=[team["appeal"].pk])
    assert client.post(note, {"text": "still here?"}).status_code == 404


def test_notes_stay_in_the_firm_until_shared(client, team):
    appeal, note = team["appeal"], team["note"]
    overview = reverse("appeals:detail", args=[appeal.pk])
    client.force_login(team["users"]["owner"])
    assert note.text not in client.get(overview).content.decode()
    client.force_login(team["users"]["consultant"])
    assert note.text in client.get(overview).content.decode()
    client.post(reverse("appeals:note_share", args=[appeal.pk, note.pk]))
    client.force_login(team["users"]["member"])
    assert note.text in client.get(overview).content.decode()
    # The seller's own notes are seen by the consultant working for them.
    client.post(
        reverse("appeals:note_add", args=[appeal.pk]), {"text": "Seller: call me"}
    )
    seller_note = Note.objects.get(text="Seller: call me")
    assert seller_note.firm is None
    client.force_login(team["users"]["consultant"])
    assert "Seller: call me" in client.get(overview).content.decode()
    # A note never reaches the letter.
    letter = client.get(
        reverse("appeals:export", args=[appeal.pk, "txt"]) + "?confirm=1"
    )
    assert note.text not in letter.content.decode()


def test_audit_log_records_views_changes_exports_and_shares(client, team):
    appeal = team["appeal"]
    client.force_login(team["users"]["consultant"])
    overview = reverse("appeals:detail", args=[appeal.pk])
    client.get(overview)
    client.get(overview)  # the same person again within the window: one view
    round = appeal.rounds.get()  # an export needs an order named (issue 14)
    round.answers = {**round.answers, "orders": [{"id": "112-0000001-0000001"}]}
    round.save(update_fields=["answers"])
    client.get(reverse("appeals:export", args=[appeal.pk, "md"]) + "?confirm=1")
    client.post(
        reverse("appeals:settings", args=[appeal.pk]),
        {"title": "", "deadline_days": "17", "assignee": ""},
    )
    client.post(reverse("appeals:note_share", args=[appeal.pk, team["note"].pk]))
    actions = list(
        AuditEvent.objects.filter(appeal=appeal, user=team["users"]["consultant"])
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions == ["viewed", "exported", "changed", "shared"]
    client.force_login(team["users"]["owner"])
    log = client.get(reverse("appeals:audit_log", args=[team["workspace"].pk]))
    text = log.content.decode()
    assert log.status_code == 200 and "consultant" in text and "md classic" in text
