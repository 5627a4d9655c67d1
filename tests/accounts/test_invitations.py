"""Invitations: nobody joins and no firm gets access until the addressee accepts, and the
sender learns nothing about who has an account."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import selectors
from accounts.models import ClientLink, Invitation, Membership, Workspace
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

KNOWN = "known.person@example.com"
UNKNOWN = "never.seen@example.org"


@pytest.fixture
def ming(db):
    """Has an account; invited by the owner in most tests."""
    return UserFactory(username="ming", email=KNOWN)


@pytest.fixture
def lotus(world):
    """A second consultant firm with no link to the workspace: an owner and a member."""
    firm = WorkspaceFactory(name="Lotus Appeals", kind=Workspace.Kind.CONSULTANCY)
    owner = UserFactory(username="lotus_owner")
    member = UserFactory(username="lotus_member")
    MembershipFactory(user=owner, workspace=firm, role=Membership.Role.OWNER)
    MembershipFactory(user=member, workspace=firm, role=Membership.Role.MEMBER)
    return {"firm": firm, "owner": owner, "member": member}


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _invite(client, world, email, role="member"):
    url = reverse("accounts:person_invite", args=[world["workspace"].pk])
    return client.post(url, {"email": email, "role": role})


def _invitation(world, email=KNOWN) -> Invitation:
    return Invitation.objects.get(workspace=world["workspace"], email=email)


def _link(invitation) -> str:
    return reverse("invitation", args=[invitation.token])


# ------------------------------------------------- the sender learns nothing


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
CANCEL = re.compile(r"/workspace/invitations/\d+/cancel/")


def _normalised(html: bytes, address: str) -> str:
    text = CSRF.sub('name="csrfmiddlewaretoken" value=""', html.decode())
    # The new row's id in its Cancel button: the database numbers rows, not the code.
    text = CANCEL.sub("/workspace/invitations/N/cancel/", text)
    return text.replace(address, "ADDRESS")


def _sent_and_shown(client, post):
    """(POST response, its queries, the page it leads to, that page's queries)."""
    with CaptureQueriesContext(connection) as posted:
        response = post()
    with CaptureQueriesContext(connection) as shown:
        page = client.get(response.url)
    return response, posted, page, shown


def _user_looked_up_by_email(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if '"auth_user"' in q["sql"]
        and "email" in q["sql"].partition("WHERE")[2].lower()
    ]


def _assert_same_answer(known, unknown, known_address, unknown_address):
    k_response, k_posted, k_page, k_shown = known
    u_response, u_posted, u_page, u_shown = unknown
    assert k_response.status_code == u_response.status_code == 302
    assert k_response.url == u_response.url
    assert k_response.content == u_response.content
    assert k_page.status_code == u_page.status_code == 200
    assert _normalised(k_page.content, known_address) == _normalised(
        u_page.content, unknown_address
    )
    assert len(k_posted) == len(u_posted)
    assert len(k_shown) == len(u_shown)
    assert _user_looked_up_by_email(k_posted) == []
    assert _user_looked_up_by_email(u_posted) == []


def test_inviting_a_known_and_an_unknown_address_answers_the_same(client, world, ming):
    client.force_login(world["users"]["owner"])
    client.get(reverse("accounts:workspace", args=[world["workspace"].pk]))  # warm up

    known = _sent_and_shown(client, lambda: _invite(client, world, KNOWN))
    assert f"Invitation sent to {KNOWN}. If that address" in known[2].content.decode()
    Invitation.objects.all().delete()  # each page lists one pending invitation
    unknown = _sent_and_shown(client, lambda: _invite(client, world, UNKNOWN))

    _assert_same_answer(known, unknown, KNOWN, UNKNOWN)
    # The same work: a row and a message each.
    assert [m.to for m in mail.outbox] == [[KNOWN], [UNKNOWN]]
    assert Invitation.objects.get().email == UNKNOWN


def test_asking_a_known_and_an_unknown_seller_answers_the_same(client, world, lotus):
    client.force_login(lotus["member"])
    firm = lotus["firm"]
    url = reverse("accounts:access_request", args=[firm.pk])
    client.get(reverse("accounts:workspace", args=[firm.pk]))  # warm up
    owner_address = world["users"]["owner"].email

    known = _sent_and_shown(client, lambda: client.post(url, {"email": owner_address}))
    Invitation.objects.all().delete()
    unknown = _sent_and_shown(client, lambda: client.post(url, {"email": UNKNOWN}))

    _assert_same_answer(known, unknown, owner_address, UNKNOWN)
    assert [m.to for m in mail.outbox] == [[owner_address], [UNKNOWN]]


def test_the_email_carries_the_accept_link(client, world, ming):
    client.force_login(world["users"]["owner"])
    _invite(client, world, "  Known.Person@EXAMPLE.com ", role="owner")
    invitation = _invitation(world)  # stored lower-case
    assert invitation.role == "owner"
    assert len(invitation.token) >= 40
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    [message] = mail.outbox
    assert message.to == [KNOWN]
    assert f"http://testserver/invitations/{invitation.token}/" in message.body
    assert world["workspace"].name in message.subject


def test_a_mail_server_failure_keeps_the_invitation_and_says_so(
    client, world, monkeypatch
):
    from accounts import services

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(services, "send_mass_mail", refuse)
    client.force_login(world["users"]["owner"])
    page = client.post(
        reverse("accounts:person_invite", args=[world["workspace"].pk]),
        {"email": UNKNOWN, "role": "member"},
        follow=True,
    ).content.decode()
    assert "the e-mail could not be sent just now" in page
    assert "Invitation sent" not in page
    assert _invitation(world, UNKNOWN).is_pending


def test_a_bad_address_is_explained_and_kept(client, world):
    client.force_login(world["users"]["owner"])
    response = _invite(client, world, "not an address", role="owner")
    assert response.status_code == 400
    assert response.context["invite_form"].has_error("email")
    assert 'value="not an address"' in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox


def test_inviting_again_keeps_one_pending_invitation_and_resends(client, world, ming):
    client.force_login(world["users"]["owner"])
    _invite(client, world, KNOWN)
    first = _invitation(world)
    Invitation.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    _invite(client, world, KNOWN.upper(), role="owner")
    again = _invitation(world)  # one row: .get() would raise on two
    assert again.pk == first.pk and again.token == first.token
    assert again.role == "owner" and again.is_pending
    assert len(mail.outbox) == 2
    assert all(_link(again) in m.body for m in mail.outbox)


# ------------------------------------------------------ nothing until accepted


def test_nobody_joins_until_they_accept(client, world, ming):
    _invite(_as(world["users"]["owner"]), world, KNOWN, role="owner")
    assert not world["workspace"].memberships.filter(user=ming).exists()
    assert selectors.pending_invitation_count(user=ming) == 1

    client.force_login(ming)
    workspace_url = reverse("accounts:workspace", args=[world["workspace"].pk])
    assert client.get(workspace_url).status_code == 404
    listing = client.get(reverse("invitations")).content.decode()
    assert world["workspace"].name in listing and "as Owner" in listing
    assert 'badge text-bg-warning">1<' in listing

    invitation = _invitation(world)
    response = client.post(reverse("invitation_accept", args=[invitation.pk]))
    assert response.url == workspace_url
    assert world["workspace"].memberships.get(user=ming).role == "owner"
    invitation.refresh_from_db()
    assert invitation.accepted_by == ming and invitation.status == "accepted"
    assert client.get(workspace_url).status_code == 200
    assert selectors.pending_invitation_count(user=ming) == 0

    # A second click is told plainly, and changes nothing.
    again = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert "This invitation was already accepted." in again.content.decode()


def test_the_account_address_matches_in_any_case(client, world):
    shouting = UserFactory(username="shouting", email="Known.Person@Example.COM")
    _invite(_as(world["users"]["owner"]), world, KNOWN)
    client.force_login(shouting)
    assert (
        world["workspace"].name in client.get(reverse("invitations")).content.decode()
    )


def test_declining_leaves_nothing(client, world, ming):
    _invite(_as(world["users"]["owner"]), world, KNOWN)
    invitation = _invitation(world)
    client.force_login(ming)
    client.post(reverse("invitation_decline", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not world["workspace"].memberships.filter(user=ming).exists()
    response = client.post(reverse("invitation_accept", args=[invitation.pk]))
    assert response.url == reverse("invitations")
    assert not world["workspace"].memberships.filter(user=ming).exists()


@pytest.mark.parametrize(
    "closing, says",
    [
        ("expires_at", "This invitation has expired."),
        ("cancelled_at", "This invitation was cancelled by its sender."),
    ],
)
def test_an_expired_or_cancelled_invitation_cannot_be_accepted(
    client, world, ming, closing, says
):
    _invite(_as(world["users"]["owner"]), world, KNOWN)
    invitation = _invitation(world)
    Invitation.objects.filter(pk=invitation.pk).update(
        **{closing: timezone.now() - timedelta(seconds=1)}
    )
    client.force_login(ming)
    assert world["workspace"].name not in (
        client.get(reverse("invitations")).content.decode()
    )
    assert says in client.get(_link(invitation)).content.decode()
    page = client.post(reverse("invitation_accept", args=[invitation.pk]), follow=True)
    assert says in page.content.decode()
    assert not world["workspace"].memberships.filter(user=ming).exists()
    assert selectors.pending_invitation_count(user=ming) == 0


# ----------------------------------------------------------------- who may do what

OTHERS = ["pending_invitee", "consultant", "former_consultant", "member", "outsider"]


@pytest.fixture
def invited(world, ming):
    """The owner's invitation to ming, and someone else with a pending invitation of
    their own."""
    _invite(_as(world["users"]["owner"]), world, KNOWN)
    pat = UserFactory(username="pat", email="pat@example.com")
    _as(world["users"]["outsider"]).post(
        reverse("accounts:person_invite", args=[world["other_workspace"].pk]),
        {"email": pat.email, "role": "member"},
    )
    world["users"]["pending_invitee"] = pat
    return _invitation(world)


@pytest.mark.parametrize("role", OTHERS)
def test_others_cannot_see_answer_or_cancel_an_invitation(client, world, invited, role):
    people = set(world["workspace"].memberships.values_list("user_id", "role"))
    client.force_login(world["users"][role])
    for name in ("invitation_accept", "invitation_decline"):
        assert client.post(reverse(name, args=[invited.pk])).status_code == 404
    cancel = reverse("accounts:invitation_cancel", args=[invited.pk])
    assert client.post(cancel).status_code == 404
    assert KNOWN not in client.get(reverse("invitations")).content.decode()
    page = client.get(_link(invited)).content.decode()
    assert "This invitation is not for this account" in page
    # The page's own content names nothing (the consultant's navigation lists the
    # clients they already reach, this one included).
    main = page.split('<main id="main"', 1)[1]
    assert world["workspace"].name not in main and KNOWN not in page
    assert reverse("invitation_accept", args=[invited.pk]) not in page
    invited.refresh_from_db()
    assert invited.is_pending
    assert set(world["workspace"].memberships.values_list("user_id", "role")) == people


@pytest.mark.parametrize("role", ["member", "consultant", "outsider"])
def test_only_owners_see_the_invitations_a_workspace_sent(client, world, invited, role):
    url = reverse("accounts:workspace", args=[world["workspace"].pk])
    client.force_login(world["users"]["owner"])
    assert KNOWN in client.get(url).content.decode()
    client.force_login(world["users"][role])
    response = client.get(url)
    assert KNOWN not in response.content.decode()
    assert response.status_code == (404 if role == "outsider" else 200)


def test_the_owner_cancels_and_the_invitee_is_told(client, world, invited, ming):
    client.force_login(world["users"]["owner"])
    page = client.post(
        reverse("accounts:invitation_cancel", args=[invited.pk]), follow=True
    ).content.decode()
    assert f"Invitation to {KNOWN} cancelled." in page
    assert page.count(KNOWN) == 1  # no longer listed
    invited.refresh_from_db()
    assert invited.status == "cancelled"
    response = _as(ming).post(
        reverse("invitation_accept", args=[invited.pk]), follow=True
    )
    assert "cancelled by its sender" in response.content.decode()
    assert not world["workspace"].memberships.filter(user=ming).exists()


def test_the_token_link_lets_its_addressee_answer_and_no_one_else(
    client, invited, ming
):
    anonymous = client.get(_link(invited))
    page = anonymous.content.decode()
    assert anonymous.status_code == 200
    assert "Sign in with the e-mail address this invitation was sent to" in page
    assert f"?next=/invitations/{invited.token}/" in page
    assert invited.workspace.name not in page and KNOWN not in page

    client.force_login(ming)
    page = client.get(_link(invited)).content.decode()
    assert invited.workspace.name in page
    assert reverse("invitation_accept", args=[invited.pk]) in page
    assert client.get("/invitations/not-a-token/").status_code == 404


def test_removing_an_owner_cancels_what_they_sent(client, world, ming):
    second = UserFactory(username="second_owner")
    MembershipFactory(user=second, workspace=world["workspace"])
    _invite(_as(second), world, KNOWN)
    membership = world["workspace"].memberships.get(user=second)
    _as(world["users"]["owner"]).post(
        reverse("accounts:membership_remove", args=[membership.pk])
    )
    assert _invitation(world).status == "cancelled"


def test_someone_already_in_keeps_their_role(client, world):
    member = world["users"]["member"]
    _invite(_as(world["users"]["owner"]), world, member.email, role="owner")
    _as(member).post(
        reverse("invitation_accept", args=[_invitation(world, member.email).pk])
    )
    assert world["workspace"].memberships.get(user=member).role == "member"


# -------------------------------------------------------------- consultant firms


def _invite_firm(world, firm):
    return _as(world["users"]["owner"]).post(
        reverse("accounts:firm_invite", args=[world["workspace"].pk]),
        {"consultancy": firm.pk},
    )


def test_a_firm_gets_access_only_when_its_owner_accepts(client, world, lotus):
    firm = lotus["firm"]
    response = _invite_firm(world, firm)
    assert response.status_code == 302
    assert not ClientLink.objects.filter(consultancy=firm).exists()
    invitation = Invitation.objects.get(kind="firm", firm=firm)
    [message] = mail.outbox
    assert message.to == [lotus["owner"].email]
    assert _link(invitation) in message.body

    workspace_url = reverse("accounts:workspace", args=[world["workspace"].pk])
    client.force_login(lotus["owner"])
    assert client.get(workspace_url).status_code == 404
    assert (
        world["workspace"].name in client.get(reverse("invitations")).content.decode()
    )
    response = client.post(reverse("invitation_accept", args=[invitation.pk]))
    assert response.url == reverse("accounts:workspace", args=[firm.pk])
    link = ClientLink.objects.active().get(consultancy=firm)
    assert link.client == world["workspace"]
    assert link.granted_by == world["users"]["owner"]
    invitation.refresh_from_db()
    assert invitation.client_link == link
    assert client.get(workspace_url).status_code == 200
    assert _as(lotus["member"]).get(workspace_url).status_code == 200


@pytest.mark.parametrize("role", ["lotus_member", "consultant", "member", "owner"])
def test_only_the_invited_firms_owners_answer_a_firm_invitation(
    client, world, lotus, role
):
    _invite_firm(world, lotus["firm"])
    invitation = Invitation.objects.get(kind="firm")
    users = {**world["users"], "lotus_member": lotus["member"]}
    client.force_login(users[role])
    for name in ("invitation_accept", "invitation_decline"):
        assert client.post(reverse(name, args=[invitation.pk])).status_code == 404
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()
    assert "This invitation is not for this account" in (
        client.get(_link(invitation)).content.decode()
    )


def test_a_declined_firm_invitation_leaves_no_link(client, world, lotus):
    _invite_firm(world, lotus["firm"])
    invitation = Invitation.objects.get(kind="firm")
    client.force_login(lotus["owner"])
    client.post(reverse("invitation_decline", args=[invitation.pk]))
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()
    assert selectors.pending_invitation_count(user=lotus["owner"]) == 0


def test_the_seller_cancels_a_firm_invitation_from_the_workspace_page(world, lotus):
    _invite_firm(world, lotus["firm"])
    owner = _as(world["users"]["owner"])
    page = owner.get(reverse("accounts:workspace", args=[world["workspace"].pk]))
    invitation = Invitation.objects.get(kind="firm")
    cancel = reverse("accounts:invitation_cancel", args=[invitation.pk])
    assert cancel in page.content.decode()
    owner.post(cancel)
    assert _as(lotus["owner"]).post(
        reverse("invitation_accept", args=[invitation.pk])
    ).url == reverse("invitations")
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()


def _request_access(world, lotus, email):
    return _as(lotus["member"]).post(
        reverse("accounts:access_request", args=[lotus["firm"].pk]), {"email": email}
    )


def test_an_access_request_accepted_by_the_seller_links_until_revoked(
    client, world, lotus
):
    owner = world["users"]["owner"]
    assert _request_access(world, lotus, owner.email.upper()).status_code == 302
    invitation = Invitation.objects.get(kind="access")
    assert invitation.email == owner.email
    [message] = mail.outbox
    assert message.to == [owner.email] and _link(invitation) in message.body
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()

    consultant = _as(lotus["member"])
    workspace_url = reverse("accounts:workspace", args=[world["workspace"].pk])
    assert consultant.get(workspace_url).status_code == 404

    client.force_login(owner)
    listing = client.get(reverse("invitations")).content.decode()
    assert "Lotus Appeals" in listing and "Workspace to share" in listing
    response = client.post(
        reverse("invitation_accept", args=[invitation.pk]),
        {f"inv{invitation.pk}-workspace": world["workspace"].pk},
    )
    assert response.url == workspace_url
    link = ClientLink.objects.active().get(consultancy=lotus["firm"])
    assert link.client == world["workspace"] and link.granted_by == owner
    assert consultant.get(workspace_url).status_code == 200

    client.post(reverse("accounts:client_link_revoke", args=[link.pk]))
    assert consultant.get(workspace_url).status_code == 404


def test_the_seller_shares_only_a_workspace_they_own(client, world, lotus):
    owner = world["users"]["owner"]
    _request_access(world, lotus, owner.email)
    invitation = Invitation.objects.get(kind="access")
    client.force_login(owner)
    field = f"inv{invitation.pk}-workspace"
    for choice in (world["other_workspace"].pk, lotus["firm"].pk, ""):
        response = client.post(
            reverse("invitation_accept", args=[invitation.pk]), {field: choice}
        )
        assert response.status_code == 400
        assert response.context["cards"][0]["form"].has_error("workspace")
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()


def test_a_member_who_owns_no_seller_workspace_can_only_decline(client, world, lotus):
    member = world["users"]["member"]
    _request_access(world, lotus, member.email)
    invitation = Invitation.objects.get(kind="access")
    client.force_login(member)
    page = client.get(reverse("invitations")).content.decode()
    assert "you own none" in page
    assert reverse("invitation_accept", args=[invitation.pk]) not in page
    response = client.post(
        reverse("invitation_accept", args=[invitation.pk]),
        {f"inv{invitation.pk}-workspace": world["workspace"].pk},
    )
    assert response.status_code == 400
    assert not ClientLink.objects.filter(consultancy=lotus["firm"]).exists()


def test_only_the_firms_members_ask_for_access_or_cancel_a_request(
    client, world, lotus
):
    url = reverse("accounts:access_request", args=[lotus["firm"].pk])
    for role in ("owner", "consultant", "member"):
        client.force_login(world["users"][role])
        assert client.post(url, {"email": UNKNOWN}).status_code == 404
    _request_access(world, lotus, UNKNOWN)
    invitation = Invitation.objects.get(kind="access")
    cancel = reverse("accounts:invitation_cancel", args=[invitation.pk])
    client.force_login(world["users"]["consultant"])
    assert client.post(cancel).status_code == 404
    # The firm's page shows its open requests to its members, who may cancel them.
    page = _as(lotus["owner"]).get(
        reverse("accounts:workspace", args=[lotus["firm"].pk])
    )
    assert UNKNOWN in page.content.decode() and cancel in page.content.decode()
    assert _as(lotus["owner"]).post(cancel).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "cancelled"


# ------------------------------------------------------------------ the badge


def test_the_badge_counts_every_kind_in_one_query(
    client, world, lotus, django_assert_num_queries
):
    lotus["owner"].email = KNOWN
    lotus["owner"].save()
    _invite(_as(world["users"]["owner"]), world, KNOWN)  # to the address
    _invite_firm(world, lotus["firm"])  # to a firm the user owns
    _as(world["users"]["consultant"]).post(  # another firm asks the address
        reverse("accounts:access_request", args=[world["firm"].pk]), {"email": KNOWN}
    )
    with django_assert_num_queries(1):
        assert selectors.pending_invitation_count(user=lotus["owner"]) == 3
    assert selectors.pending_invitation_count(user=lotus["member"]) == 0
    client.force_login(lotus["owner"])
    page = client.get(reverse("accounts:workspaces")).content.decode()
    assert 'badge text-bg-warning">3<' in page


def test_pages_without_the_navigation_count_nothing(rf, world):
    from accounts.context_processors import navigation

    request = rf.get("/")
    request.user = world["users"]["owner"]
    with CaptureQueriesContext(connection) as queries:
        context = navigation(request)
    assert queries.captured_queries == []
    assert int(str(context["pending_invitations"])) == 0
