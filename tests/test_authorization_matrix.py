"""The authorization matrix: every URL pattern of the project, every role, GET and POST.

``MATRIX`` declares, for each URL pattern (its route, as ``get_resolver()`` lists it),
the status each role gets with GET and with POST on the objects of the seller
workspace "A" (tests/accounts/conftest.py ``world``). docs/security.md says the same
in words. The columns are the roles:

    owner       owns workspace A
    member      a member (not owner) of A
    consultant  a member of a firm with an active client link to A
    revoked     a member of a firm whose link to A was revoked
    curator     library staff (the "Library curators" group), no workspace
    outsider    owns another seller workspace, "B"
    anon        not signed in

Objects of another workspace: every URL that names an object is also requested with
the matching object of workspace B. B's owner is the outsider, so there the outsider
must get what the owner gets on A, and every other signed-in role what the outsider
gets on A (a stranger's answer, 404 as for a missing object); anonymous is unchanged.

POSTs carry an empty body (``POST_BODIES`` names the one exception): enough to see
the authorization answer (a stranger's 404 comes before any validation; 400 is a form
refusing the empty body, which means the request got through). Each request runs in a
transaction that is rolled back, so no request changes what the next one sees.

A URL pattern without a row fails ``test_every_url_pattern_has_a_row`` with its name;
a row without a pattern fails it too. Adding a row is one line in ``MATRIX``. Admin
URLs: the standard pages of each ModelAdmin (list, add, change, history, delete) share
that class's permission hooks, so they have one row, ``admin/<app>/<model>/*``, tried
on the list page; the admin's own extra views have a row each.
"""

import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The seller workspace and everyone around it (a fixture, used by its imported name).
from tests.accounts.conftest import world as seller_world  # noqa: F401

KNOWN_CODES = {"200", "302", "LOG", "400", "403", "404", "405"}
ROLES = ("owner", "member", "consultant", "revoked", "curator", "outsider", "anon")

# fmt: off
# Codes that recur. The columns are ROLES, in order. LOG is a redirect (302) to a
# sign-in page (the site's, or the admin's); 302 is any other redirect.
#                   own mem con rev cur out anon
SCOPED =           "200 200 200 404 404 404 LOG"  # an object of A: its people and its firm
SCOPED_302 =       "302 302 302 404 404 404 LOG"  # ... a write that redirects when done
SCOPED_400 =       "400 400 400 404 404 404 LOG"  # ... a write whose form refuses {}
POST_ONLY =        "405 405 405 405 405 405 LOG"  # GET on a POST-only view (after sign-in)
OWNER =            "200 404 404 404 404 404 LOG"  # A's owners only
OWNER_302 =        "302 404 404 404 404 404 LOG"
OWNER_400 =        "400 404 404 404 404 404 LOG"
OWN_PAGE =         "200 200 200 200 200 200 LOG"  # signed in; shows only what one reaches
OWN_PAGE_302 =     "302 302 302 302 302 302 LOG"
PUBLIC =           "200 200 200 200 200 200 200"
NO_POST =          "405 405 405 405 405 405 405"
CURATOR =          "LOG LOG LOG LOG 200 LOG LOG"  # admin: curators in, others to its sign-in
CURATOR_302 =      "LOG LOG LOG LOG 302 LOG LOG"  # ... curators in, and sent on
SUPERUSER =        "LOG LOG LOG LOG 403 LOG LOG"  # admin, superusers only: curators refused
SUPERUSER_404 =    "LOG LOG LOG LOG 404 LOG LOG"
CURATOR_405 =      "LOG LOG LOG LOG 405 LOG LOG"

MATRIX = {
    # route                                                    GET              POST
    "":                                                        ("302 302 302 302 302 302 200", "302 302 302 302 302 302 200"),  # to the dashboard
    "dashboard/":                                              (OWN_PAGE,       OWN_PAGE),
    "healthz":                                                 (PUBLIC,         PUBLIC),
    "i18n/setlang/":                                           ("302 302 302 302 302 302 302", "302 302 302 302 302 302 302"),
    # Django's sign-in, sign-out and password pages
    "accounts/login/":                                         (PUBLIC,         PUBLIC),
    "accounts/logout/":                                        (NO_POST,        "LOG LOG LOG LOG LOG LOG LOG"),
    "accounts/password_change/":                               (OWN_PAGE,       OWN_PAGE),
    "accounts/password_change/done/":                          (OWN_PAGE,       POST_ONLY),
    "accounts/password_reset/":                                (PUBLIC,         PUBLIC),
    "accounts/password_reset/done/":                           (PUBLIC,         NO_POST),
    "accounts/reset/<uidb64>/<token>/":                        (PUBLIC,         PUBLIC),
    "accounts/reset/done/":                                    (PUBLIC,         NO_POST),
    # workspaces, stores, people, consultant links
    "workspace/":                                              (OWN_PAGE,       OWN_PAGE),
    "workspace/new/":                                          (OWN_PAGE,       OWN_PAGE),
    "workspace/<int:pk>/":                                     (SCOPED,         SCOPED),
    "workspace/<int:pk>/stores/new/":                          (OWNER,          OWNER),
    "workspace/<int:pk>/consultants/invite/":                  (POST_ONLY,      OWNER_400),
    "workspace/links/<int:pk>/revoke/":                        (OWNER,          OWNER_302),
    "workspace/<int:pk>/people/invite/":                       (POST_ONLY,      OWNER_400),
    "workspace/people/<int:pk>/remove/":                       (OWNER,          OWNER_302),
    "workspace/<int:pk>/clients/request/":                     (POST_ONLY,      "404 404 404 404 404 404 LOG"),  # a firm's members only; A is a seller
    "workspace/invitations/<int:pk>/cancel/":                  (POST_ONLY,      OWNER_302),
    # invitations, answered by the person (or firm) they are addressed to
    "invitations/":                                            (OWN_PAGE,       OWN_PAGE),
    "invitations/<str:token>/":                                (PUBLIC,         PUBLIC),  # not for them: a neutral page, sign in with the invited address
    "invitations/<int:pk>/accept/":                            (POST_ONLY,      "404 404 404 404 404 404 LOG"),  # addressed to none of them
    "invitations/<int:pk>/decline/":                           (POST_ONLY,      "404 404 404 404 404 404 LOG"),
    # appeals: lists, clients, the audit log, starting one
    "appeals/":                                                (OWN_PAGE,       OWN_PAGE),
    "appeals/export.csv":                                      (OWN_PAGE,       OWN_PAGE),
    "appeals/clients/":                                        (OWN_PAGE,       OWN_PAGE),
    "appeals/clients/<int:pk>/":                               ("404 404 200 404 404 404 LOG", "404 404 200 404 404 404 LOG"),  # the firm's view of a client
    "appeals/audit/<int:pk>/":                                 (OWNER,          OWNER),
    "appeals/start/":                                          (POST_ONLY,      OWN_PAGE_302),  # back to the dashboard: no store given
    "appeals/check/":                                          (OWN_PAGE,       OWN_PAGE),
    "appeals/start/from-metrics/<int:store_id>/":              ("405 405 405 404 404 404 LOG", SCOPED_302),
    "appeals/start/from-incident/<int:store_id>/":             ("405 405 405 404 404 404 LOG", SCOPED_302),
    # one appeal
    "appeals/<int:pk>/":                                       (SCOPED,         SCOPED),
    "appeals/<int:pk>/step/<slug:name>/":                      (SCOPED,         SCOPED),
    "appeals/<int:pk>/live-letter/<slug:name>/":               (POST_ONLY,      SCOPED),
    "appeals/<int:pk>/letter/edit/":                           (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/letter/shape/":                          (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/export/<slug:fmt>/":                     (SCOPED,         SCOPED),
    "appeals/<int:pk>/submit/":                                (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/next-round/":                            (POST_ONLY,      SCOPED_400),
    "appeals/<int:pk>/outcome/":                               (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/history/":                               (SCOPED,         SCOPED),
    "appeals/<int:pk>/clone/":                                 (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/settings/":                              (POST_ONLY,      SCOPED_400),
    "appeals/<int:pk>/notes/":                                 (POST_ONLY,      SCOPED_400),
    "appeals/<int:pk>/notes/<int:note_pk>/share/":             (POST_ONLY,      "404 404 302 404 404 404 LOG"),  # the note's firm only
    "appeals/<int:pk>/withdraw/":                              (POST_ONLY,      SCOPED_302),
    "appeals/<int:pk>/anonymised/":                            (SCOPED,         SCOPED),
    "appeals/<int:pk>/escalate/":                              (POST_ONLY,      SCOPED_302),  # not escalable: back to the overview
    # a store's figures and imports
    "metrics/":                                                (OWN_PAGE,       OWN_PAGE),
    "metrics/stores/<int:store_id>/":                          (SCOPED,         SCOPED),
    "metrics/stores/<int:store_id>/upload/":                   (SCOPED,         SCOPED),
    "metrics/stores/<int:store_id>/claims/":                   (SCOPED,         SCOPED),
    "metrics/stores/<int:store_id>/imports/<int:pk>/":         (SCOPED,         SCOPED_302),
    "metrics/stores/<int:store_id>/incident/":                 (SCOPED,         SCOPED),
    "metrics/stores/<int:store_id>/incident/messages.csv":     (SCOPED_302,     SCOPED_302),
    # the admin: library curators (staff) and superusers
    "admin/":                                                  (CURATOR,        CURATOR),
    "admin/login/":                                            ("200 200 200 200 302 200 200", PUBLIC),
    "admin/logout/":                                           ("302 302 302 302 405 302 302", "302 302 302 302 LOG 302 302"),
    "admin/password_change/":                                  (CURATOR,        CURATOR),
    "admin/password_change/done/":                             (CURATOR,        CURATOR_405),
    "admin/autocomplete/":                                     (SUPERUSER,      CURATOR_405),  # curators: 403 without a field
    "admin/jsi18n/":                                           (CURATOR,        CURATOR_405),
    "admin/r/<path:content_type_id>/<path:object_id>/":        (CURATOR_302,    CURATOR_302),  # see docs/security.md
    "admin/^(?P<app_label>auth|axes|accounts|library|appeals|metrics)/$": (SUPERUSER_404, SUPERUSER_404),
    "admin/(?P<url>.*)$":                                      (SUPERUSER_404,  SUPERUSER_404),
    "admin/auth/group/*":                                      (SUPERUSER,      SUPERUSER),
    "admin/auth/user/*":                                       (SUPERUSER,      SUPERUSER),
    "admin/auth/user/<id>/password/":                          (SUPERUSER,      SUPERUSER),
    "admin/accounts/workspace/*":                              (SUPERUSER,      SUPERUSER),
    "admin/accounts/clientlink/*":                             (SUPERUSER,      SUPERUSER),
    "admin/accounts/invitation/*":                             (SUPERUSER,      SUPERUSER),
    "admin/axes/accessattempt/*":                              (SUPERUSER,      SUPERUSER),  # django-axes: sign-in failures
    "admin/axes/accessfailurelog/*":                           (SUPERUSER,      SUPERUSER),
    "admin/axes/accesslog/*":                                  (SUPERUSER,      SUPERUSER),
    "admin/appeals/appeal/*":                                  (SUPERUSER,      SUPERUSER),
    "admin/appeals/round/*":                                   (SUPERUSER,      SUPERUSER),
    "admin/metrics/reportimport/*":                            (SUPERUSER,      SUPERUSER),
    "admin/metrics/order/*":                                   (SUPERUSER,      SUPERUSER),
    "admin/metrics/defect/*":                                  (SUPERUSER,      SUPERUSER),
    "admin/metrics/accounthealthsnapshot/*":                   (SUPERUSER,      SUPERUSER),
    "admin/metrics/buyercontact/*":                            (SUPERUSER,      SUPERUSER),
    "admin/metrics/pendingimport/*":                           (SUPERUSER,      SUPERUSER),
    "admin/library/checkerrule/*":                             (CURATOR,        CURATOR),
    "admin/library/document/*":                                (CURATOR,        CURATOR),
    "admin/library/slot/*":                                    (CURATOR,        CURATOR),
    "admin/library/suspensioncause/*":                         (CURATOR,        CURATOR),
    "admin/library/suspensioncause/<path:object_id>/sample/":  (CURATOR,        CURATOR),
    "admin/library/rootcause/*":                               (CURATOR,        CURATOR),
    "admin/library/rootcause/<path:object_id>/sample/":        (CURATOR,        CURATOR),
    "admin/library/action/*":                                  (CURATOR,        CURATOR),
    "admin/library/action/<path:object_id>/sample/":           (CURATOR_302,    CURATOR_302),  # to its root cause's sample
    "admin/library/phrase/*":                                  (CURATOR,        CURATOR),
    "admin/library/phrase/<path:object_id>/sample/":           (CURATOR,        CURATOR),
    "admin/library/lettershape/*":                             (CURATOR,        CURATOR),
    "admin/library/lettershape/<path:object_id>/sample/":      (CURATOR,        CURATOR),
    "admin/library/libraryversion/*":                          (CURATOR,        CURATOR),
    "admin/library/libraryversion/publish/":                   (CURATOR,        CURATOR),
    "admin/library/libraryversion/export/":                    (CURATOR,        CURATOR),
    "admin/library/libraryversion/import/":                    (CURATOR,        CURATOR),
    "admin/library/libraryversion/import/confirm/":            (CURATOR_302,    CURATOR_302),  # nothing uploaded: to the import page
    "admin/library/libraryversion/<int:pk>/changes/":          (CURATOR,        CURATOR),
    "admin/library/libraryversion/<int:pk>/download/":         (CURATOR,        CURATOR),
}
# fmt: on

#: The few POSTs that need a field to get past "nothing was asked" to an answer.
POST_BODIES = {
    # A figure that is not there is a 404 for all alike; a malformed one is sent back
    # to the store's page (302), which those who reach the store see.
    "appeals/start/from-metrics/<int:store_id>/": {"metric": "odr", "days": "x"},
}

#: Patterns left out of the matrix, each with its reason. Empty: every pattern has a row.
EXCLUDED: dict[str, str] = {}


# --- the URL patterns -------------------------------------------------------------

_MODEL_ADMIN = re.compile(
    r"^admin/(?P<app>\w+)/(?P<model>\w+)/"
    r"(|add/|<path:object_id>/(|history/|delete/|change/))$"
)


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str  # "namespace:name", or "" for an unnamed pattern

    @property
    def key(self) -> str:
        """The pattern's row in MATRIX: its route, or its ModelAdmin's row."""
        found = _MODEL_ADMIN.match(self.route)
        standard = found and self.name in (
            "",  # "<object_id>/", which redirects to the change page
            *(
                f"admin:{found['app']}_{found['model']}_{view}"
                for view in ("changelist", "add", "history", "delete", "change")
            ),
        )
        return f"admin/{found['app']}/{found['model']}/*" if standard else self.route


def url_patterns(resolver=None, prefix="", namespace="") -> list[Pattern]:
    """Every URL pattern of the project, walked from the root resolver."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += url_patterns(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append(Pattern(route, name))
    return found


def missing_rows(patterns: list[Pattern]) -> list[str]:
    """One line for each pattern with neither a row nor an exclusion."""
    lines = [
        f"{p.route!r} (name {p.name or 'none'}): add the row {p.key!r} to MATRIX"
        for p in patterns
        if p.key not in MATRIX and p.key not in EXCLUDED
    ]
    return sorted(dict.fromkeys(lines))


def test_every_url_pattern_has_a_row():
    patterns = url_patterns()
    missing = missing_rows(patterns)
    assert not missing, "URL patterns without a row in the authorization matrix:\n" + (
        "\n".join(missing)
    )
    keys = {p.key for p in patterns}
    stale = sorted(set(MATRIX) - keys) + sorted(set(EXCLUDED) - keys)
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"
    assert not set(MATRIX) & set(EXCLUDED), "a pattern is both in MATRIX and EXCLUDED"


def test_a_new_pattern_without_a_row_is_named():
    new = Pattern("appeals/<int:pk>/forward/", "appeals:forward")
    admin = Pattern("admin/library/newthing/<path:object_id>/change/", "")
    assert missing_rows([*url_patterns(), new, admin]) == [
        "'admin/library/newthing/<path:object_id>/change/' (name none): add the row "
        "'admin/library/newthing/*' to MATRIX",
        "'appeals/<int:pk>/forward/' (name appeals:forward): add the row "
        "'appeals/<int:pk>/forward/' to MATRIX",
    ]


def test_every_row_is_seven_known_codes():
    for key, methods in MATRIX.items():
        assert len(methods) == 2, key
        for codes in methods:
            assert len(codes.split()) == len(ROLES), key
            assert set(codes.split()) <= KNOWN_CODES, key


# --- the world: workspace A (``world``) and B, with an object of each kind ---------


@pytest.fixture
def two_workspaces(request, django_db_setup, db):
    """``world`` (workspace A and everyone around it) plus, in A and in B, one object
    of each kind a URL names: an appeal, a note, a client link, a member's
    membership, an import waiting for confirmation. The shipped library is the
    working copy and published, so the admin's pages have something to show."""
    from accounts.models import Membership, Workspace
    from accounts.services import person_invite
    from appeals.services import appeal_create, note_add
    from library.answers import Answers, OrderRef
    from library.services import curator_group_sync, library_import, library_publish
    from metrics.services.imports import pending_import_from_claims
    from tests.appeals.conftest import load_library
    from tests.factories import (
        ClientLinkFactory,
        MembershipFactory,
        UserFactory,
        WorkspaceFactory,
    )

    world = request.getfixturevalue("seller_world")
    curator_group_sync()  # what every migrate does: the curators' permissions
    library_import(data=load_library())
    version = library_publish(note="matrix")
    users = world["users"]
    users["revoked"] = users.pop("former_consultant")

    rival = WorkspaceFactory(name="Rival Appeals", kind=Workspace.Kind.CONSULTANCY)
    b_member = UserFactory(username="b_member")
    MembershipFactory(
        user=b_member, workspace=world["other_workspace"], role=Membership.Role.MEMBER
    )
    sides = {}
    for side, owner, workspace, store, link, member, firm, writer in (
        ("A", users["owner"], world["workspace"], world["store"], world["link"],
         users["member"], world["firm"], users["consultant"]),
        ("B", users["outsider"], world["other_workspace"], world["other_store"],
         ClientLinkFactory(consultancy=rival, client=world["other_workspace"]),
         b_member, rival, users["outsider"]),
    ):  # fmt: skip
        # A cause and an order: a plan naming no order is refused at export (409).
        answers = Answers(
            causes=["odr-a-to-z-claims"],
            orders=[OrderRef(f"11{'2' if side == 'A' else '3'}-1234567-7654321")],
        )
        appeal = appeal_create(user=owner, store=store, answers=answers)
        invited = person_invite(
            workspace=workspace,
            email=f"newcomer-{side.lower()}@example.com",  # none of the roles
            role=Membership.Role.MEMBER,
            invited_by=owner,
            base_url="http://testserver",
        ).invitation
        sides[side] = {
            "invitation": invited,
            "workspace": workspace,
            "store": store,
            "link": link,
            "membership": Membership.objects.get(user=member, workspace=workspace),
            "appeal": appeal,
            # a firm's own note: only that firm shares it
            "note": note_add(
                appeal=appeal, author=writer, firm=firm, text="Firm only.", shared=False
            ),
            "pending": pending_import_from_claims(
                store=store,
                user=owner,
                kind="claims",
                text="113-4830001-5830007,2026-11-01",
            ),
        }
    return {"users": users, "sides": sides, "version": version}


# --- the URL of a pattern for each side --------------------------------------------

#: (route prefix, parameter) -> the object (of the side's) whose id fills it; the
#: first match wins. A pattern with a parameter not listed here fails with its name.
OBJECT_PARAMS = (
    ("workspace/invitations/", "pk", "invitation"),
    ("invitations/", "pk", "invitation"),
    ("invitations/", "token", "invitation"),
    ("workspace/links/", "pk", "link"),
    ("workspace/people/", "pk", "membership"),
    ("workspace/", "pk", "workspace"),
    ("appeals/clients/", "pk", "workspace"),
    ("appeals/audit/", "pk", "workspace"),
    ("appeals/", "pk", "appeal"),
    ("appeals/", "note_pk", "note"),
    ("appeals/", "store_id", "store"),
    ("metrics/", "store_id", "store"),
    ("metrics/", "pk", "pending"),
)
#: Parameters that name no workspace's object: the same value on both sides.
FIXED_PARAMS = {
    "name": "situation",  # a wizard step
    "fmt": "txt",
    "uidb64": "MQ",
    "token": "set-password",
    "app_label": "appeals",
    "url": "no-such-page/",
}
_PARAM = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def params_of(route: str) -> list[str]:
    return [a or b for a, b in _PARAM.findall(route)]


def is_object_route(route: str) -> bool:
    return any(
        route.startswith(prefix) and param in params_of(route)
        for prefix, param, _kind in OBJECT_PARAMS
    )


def admin_value(route: str, param: str, world) -> str:
    """The admin's own views name global objects (library items, versions, users)."""
    if param == "pk" and "/libraryversion/" in route:
        return str(world["version"].pk)
    if param == "object_id" and route.endswith("/sample/"):
        model = route.split("/")[2]
        return str(apps.get_model("library", model).objects.first().pk)
    if param == "id":  # a user's password page
        return str(world["users"]["owner"].pk)
    if param == "content_type_id":  # "view on site" for an appeal of A
        return str(ContentType.objects.get(app_label="appeals", model="appeal").pk)
    if param == "object_id":
        return str(world["sides"]["A"]["appeal"].pk)
    raise LookupError(param)


def url_for(pattern: "Pattern", world, side: str) -> str:
    """The URL of ``pattern`` filled with the objects of workspace ``side``."""
    if pattern.key != pattern.route:  # a ModelAdmin's row: its list page
        app, model = pattern.key.split("/")[1:3]
        return reverse(f"admin:{app}_{model}_changelist")
    values = {}
    for param in params_of(pattern.route):
        kind = next(
            (
                k
                for prefix, p, k in OBJECT_PARAMS
                if p == param and pattern.route.startswith(prefix)
            ),
            None,
        )
        if kind:
            found = world["sides"][side][kind]
            values[param] = str(found.token if param == "token" else found.pk)
        elif param in FIXED_PARAMS:
            values[param] = FIXED_PARAMS[param]
        elif pattern.route.startswith("admin/"):
            values[param] = admin_value(pattern.route, param, world)
        else:
            raise LookupError(
                f"{pattern.route!r}: no value for <{param}>; add it to OBJECT_PARAMS "
                "or FIXED_PARAMS"
            )
    if pattern.name:
        return reverse(pattern.name, kwargs=values)
    return "/admin/" + values["url"]  # the admin's catch-all, the one unnamed route


# --- the walk ------------------------------------------------------------------------


def answer(response) -> str:
    """The status as MATRIX writes it: LOG for a redirect to a sign-in page."""
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        if target in (resolve_url(settings.LOGIN_URL), reverse("admin:login")):
            return "LOG"
    return str(response.status_code)


def expected(key: str, method: str, role: str, side: str) -> str:
    codes = MATRIX[key][0 if method == "GET" else 1].split()
    column = dict(zip(ROLES, codes, strict=True))
    if side == "B" and role != "anon":
        # B's owner is the outsider; to everyone else B is a stranger's workspace.
        column = column["owner"] if role == "outsider" else column["outsider"]
    else:
        column = column[role]
    return column


def walk(client: Client, world, role: str) -> list[str]:
    """Every pattern's URL on each side, GET and POST; the mismatches, as lines."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    seen, wrong = set(), []
    for pattern in url_patterns():
        if pattern.key in seen or pattern.key in EXCLUDED or pattern.key not in MATRIX:
            continue
        seen.add(pattern.key)
        for side in ("A", "B") if is_object_route(pattern.route) else ("A",):
            url = url_for(pattern, world, side)
            for method in ("GET", "POST"):
                client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
                with transaction.atomic():
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, POST_BODIES.get(pattern.key, {}))
                    transaction.set_rollback(True)
                want = expected(pattern.key, method, role, side)
                got = answer(response)
                if got != want:
                    wrong.append(
                        f"{method} {url} ({pattern.key}, objects of {side}): "
                        f"{role} expected {want}, got {got}"
                    )
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(two_workspaces, role):
    client = Client(raise_request_exception=False)
    if role != "anon":
        client.force_login(two_workspaces["users"][role])
    wrong = walk(client, two_workspaces, role)
    assert not wrong, f"{len(wrong)} answers differ from MATRIX:\n" + "\n".join(wrong)
