"""Hostile input to the wizard: NUL characters, tampered revisions and positions. Each
gets a message (or the conflict page) with the typed text kept; none is a 500."""

import pytest
from django.urls import reverse

from tests.appeals.test_views import current, post_step, step_url

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
