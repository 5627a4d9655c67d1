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
