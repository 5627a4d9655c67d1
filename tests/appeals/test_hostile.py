"""Hostile input to the wizard: NUL characters, tampered revisions and positions. Each
gets a message (or the conflict page) with the typed text kept; none is a 500."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from appeals.models import Appeal
from appeals.services import appeal_create
from tests.appeals.test_views import _complete, current, post_step, step_url
from tests.factories import seller

pytestmark = pytest.mark.hostile


def test_a_nul_in_a_step_field_is_refused_and_the_text_kept(client, owner, appeal):
    client.force_login(owner[0])
    response = post_step(
        client,
        appeal,
        "situation",
        {"notice_text": "We have deactivated\x00 your account", "causes": ["odr"]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Null characters are not allowed." in page
    assert "We have deactivated" in page
    assert current(appeal).revision == 0


@pytest.mark.parametrize("revision", ["2147483647", "9223372036854775807", "-1"])
def test_a_tampered_revision_gives_the_conflict_page_not_a_500(
    client, owner, appeal, revision
):
    client.force_login(owner[0])
    response = client.post(
        step_url(appeal, "orders"),
        {"revision": revision, "order_ids": "222-2222222-2222222"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed in another tab" in page
    assert "222-2222222-2222222" in page
    assert current(appeal).revision == 0
    # Saving again from that page saves, deliberately, over the current revision.
    again = client.post(
        step_url(appeal, "orders"),
        {"revision": "0", "order_ids": "222-2222222-2222222"},
    )
    assert again.status_code == 302


def test_a_tampered_revision_on_the_letter_edit_is_refused(client, owner, appeal):
    client.force_login(owner[0])
    response = client.post(
        reverse("appeals:edit_letter", args=[appeal.pk]),
        {"revision": "9223372036854775807", "shape": "classic", "text": "Dear team"},
    )
    assert response.status_code == 302
    assert current(appeal).edited_text == ""


def test_a_huge_position_for_a_root_cause_is_a_form_error(client, owner, appeal):
    client.force_login(owner[0])
    post_step(client, appeal, "situation", {"causes": ["odr-a-to-z-claims"]})
    first = client.get(step_url(appeal, "root-causes")).context["form"].rows[0]
    response = post_step(
        client,
        appeal,
        "root-causes",
        {
            "suggested-0-pick": "on",
            "suggested-0-text": first["suggestion"].text,
            "suggested-0-order": "9223372036854775807",
        },
    )
    assert response.status_code == 200
    assert "less than or equal to 10000" in response.content.decode()


def test_a_3_mb_notice_is_refused_with_a_message_and_kept(client, owner, appeal):
    client.force_login(owner[0])
    notice = "Dear seller, " + "x" * 3_000_000 + " the end of the notice"
    response = post_step(
        client, appeal, "situation", {"notice_text": notice, "causes": ["odr"]}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ensure this value has at most 20000 characters" in page
    assert "the end of the notice" in page  # every character typed comes back
    assert 'maxlength="20000"' not in page  # no browser cuts a paste short
    assert current(appeal).revision == 0


def test_a_request_over_the_upload_limit_gets_a_friendly_page(
    client, owner, appeal, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(owner[0])
    response = client.post(
        step_url(appeal, "situation"), {"revision": 0, "notice_text": "x" * 20_000}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Too much to send at once" in page
    assert "Back button" in page
    assert "Bad Request (400)" not in page


def test_the_too_big_page_is_in_the_users_language(client, owner, appeal, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(owner[0])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.post(
        step_url(appeal, "situation"), {"revision": 0, "notice_text": "x" * 20_000}
    )
    assert response.status_code == 400
    assert '<html lang="zh-hans">' in response.content.decode()


def _token_from(page) -> str:
    match = re.search(r'name="token" value="([0-9a-f-]{36})"', page.content.decode())
    assert match, "the form carries a one-time token"
    return match.group(1)


def test_a_double_clicked_start_makes_one_appeal(client, owner):
    user, store = owner
    client.force_login(user)
    token = _token_from(client.get(reverse("dashboard")))
    first = client.post(reverse("appeals:start"), {"store": store.pk, "token": token})
    second = client.post(reverse("appeals:start"), {"store": store.pk, "token": token})
    appeal = Appeal.objects.get()
    assert first["Location"] == second["Location"] == step_url(appeal, "situation")
    # The next rendered form is a new submission: a second appeal.
    again = _token_from(client.get(reverse("dashboard")))
    assert again != token
    client.post(reverse("appeals:start"), {"store": store.pk, "token": again})
    assert Appeal.objects.count() == 2


def test_a_double_clicked_clone_makes_one_clone_per_source(client, owner, appeal):
    user, store = owner
    client.force_login(user)
    other = appeal_create(user=user, store=store)
    token = _token_from(client.get(reverse("appeals:list")))
    for _ in range(2):
        for source in (appeal, other):
            client.post(
                reverse("appeals:clone", args=[source.pk]),
                {"store": store.pk, "token": token},
            )
    clones = Appeal.objects.filter(source__isnull=False)
    assert sorted(clones.values_list("source", flat=True)) == [appeal.pk, other.pk]


def test_another_users_token_starts_nothing_of_theirs(client, owner):
    """A token is the user's own: someone else's token cannot lead to their appeal."""
    user, store = owner
    stranger, _ws, stranger_store = seller("stranger")
    token = "6f1c1f1e-8a4b-4f7e-9a33-1d2b3c4d5e6f"
    client.force_login(stranger)
    client.post(reverse("appeals:start"), {"store": stranger_store.pk, "token": token})
    client.force_login(user)
    response = client.post(
        reverse("appeals:start"), {"store": store.pk, "token": token}
    )
    mine = Appeal.objects.get(created_by=user)
    assert response["Location"] == step_url(mine, "situation")
    assert mine.store == store


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_starts_with_one_token_make_one_appeal(owner):
    """Two requests at the same moment, each in its own thread, connection and
    transaction (ATOMIC_REQUESTS): the unique token lets one appeal through."""
    user, store = owner
    token = "0b7e9a52-3c1d-4e8f-a6b2-9d0c1e2f3a4b"
    barrier = threading.Barrier(2, timeout=30)
    answers: list = []
    signed_in = Client()
    signed_in.force_login(user)

    def post():
        client = Client(raise_request_exception=False)
        client.cookies = signed_in.cookies
        barrier.wait()
        try:
            response = client.post(
                reverse("appeals:start"), {"store": store.pk, "token": token}
            )
            answers.append((response.status_code, response.get("Location")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    appeal = Appeal.objects.get()
    assert answers == [(302, step_url(appeal, "situation"))] * 2


@pytest.mark.parametrize("fmt", ["pdf", "txt", "docx"])
def test_exports_are_private_and_never_stored(client, owner, appeal, fmt):
    client.force_login(owner[0])
    _complete(client, appeal)
    response = client.get(reverse("appeals:export", args=[appeal.pk, fmt]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "name", ["dashboard", "appeals:list", "appeals:list_csv", "metrics:index"]
)
def test_signed_in_pages_are_private_and_never_stored(client, owner, appeal, name):
    client.force_login(owner[0])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    step = client.get(step_url(appeal, "situation"))
    assert step["Cache-Control"] == "private, no-store"


def test_public_pages_stay_cacheable(client, db):
    assert not client.get(reverse("home")).has_header("Cache-Control")


@pytest.mark.parametrize("fmt", ["pdf", "txt", "docx", "md"])
def test_a_plan_naming_no_order_is_refused_at_every_export(client, owner, appeal, fmt):
    client.force_login(owner[0])
    _complete(client, appeal)
    post_step(client, appeal, "orders", {"order_ids": ""})
    assert current(appeal).answers["orders"] == []
    url = reverse("appeals:export", args=[appeal.pk, fmt])
    for query in ("", "?confirm=1"):
        response = client.get(url + query)
        assert response.status_code == 409
        assert not response.has_header("Content-Disposition")
        page = response.content.decode()
        assert "Not ready to download" in page
        assert "No affected order IDs yet" in page
        assert "Download it anyway" not in page
