"""Scope reads are remembered for one request only (accounts.scope)."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import selectors
from accounts.scope import ScopeMemoMiddleware
from tests.factories import ClientLinkFactory, MembershipFactory, seller


def consultant_with_client():
    user, _ws, _store = seller("consultant")
    link = ClientLinkFactory()
    MembershipFactory(user=user, workspace=link.consultancy)
    return user, link


def in_request(view):
    """Run ``view()`` as a request would, inside the memo's middleware."""
    found = {}

    def get_response(request):
        found["value"] = view()
        return HttpResponse("ok")

    ScopeMemoMiddleware(get_response)(None)
    return found["value"]


def scope_reads(user):
    return [
        sorted(selectors.workspace_ids_for(user=user)),
        sorted(selectors.client_ids_for(user=user)),
        sorted(selectors.firm_ids_for(user=user)),
        sorted(selectors.member_workspace_ids_for(user=user)),
    ]


def test_the_memo_is_in_the_middleware_after_authentication():
    chain = settings.MIDDLEWARE
    assert chain.index("accounts.scope.ScopeMemoMiddleware") > chain.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_within_a_request_each_scope_is_read_once(db):
    user, link = consultant_with_client()

    def three_times():
        with CaptureQueriesContext(connection) as queries:
            reads = [scope_reads(user) for _ in range(3)]
        return reads, len(queries)

    (first, *again), count = in_request(three_times)
    assert all(r == first for r in again)
    assert link.client_id in first[0] and first[1] == [link.client_id]
    # workspace ids (two queries), clients, firms, memberships: five, not fifteen
    assert count == 5


def test_outside_a_request_nothing_is_remembered(db, django_assert_num_queries):
    user, link = consultant_with_client()
    with django_assert_num_queries(10):
        scope_reads(user)
        scope_reads(user)
    link.revoked_at = timezone.now()
    link.save()
    assert link.client_id not in selectors.workspace_ids_for(user=user)


def test_a_revocation_within_the_request_counts_at_once(db):
    user, link = consultant_with_client()

    def revoke_between_reads():
        before = selectors.workspace_ids_for(user=user)
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        return before, selectors.workspace_ids_for(user=user)

    before, after = in_request(revoke_between_reads)
    assert link.client_id in before
    assert link.client_id not in after


def test_a_caller_cannot_change_what_the_next_caller_reads(db):
    user, _link = consultant_with_client()

    def mutate():
        selectors.workspace_ids_for(user=user).append(-1)
        selectors.client_ids_for(user=user).add(-1)
        return scope_reads(user)

    assert -1 not in sum(in_request(mutate), [])


def test_the_dashboard_reads_the_workspace_scope_once(client, db):
    user, _ws, _store = seller("owner")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    memberships = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "accounts_membership"."workspace_id"')
    ]
    assert len(memberships) == 1, memberships
