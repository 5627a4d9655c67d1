"""“Check a letter I wrote”: anyone signed in pastes a letter and sees its findings."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("appeals:check_letter")
LETTER = "It was the buyer's fault.\nThanks, {store_name}. <script>alert(1)</script>\n"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_findings_are_listed_and_marked_in_the_escaped_text(client):
    client.force_login(UserFactory())
    page = client.post(URL, {"shape": "classic", "text": LETTER}).content.decode()
    assert "presents buyers, Amazon or a carrier as the cause" in page
    assert "A gap was left unfilled." in page
    assert '<mark class="finding-blocker">' in page
    assert "{store_name}</mark>" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "It was the buyer&#x27;s fault.</mark>" in page


def test_messages_are_shown_in_chinese(client):
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.post(URL, {"shape": "classic", "text": LETTER}).content.decode()
    assert "有一处空白没有填写。" in page
    assert "必须修改" in page


def test_a_buyer_message_is_checked_as_one(client):
    client.force_login(UserFactory())
    text = (
        "Sorry for the delay. Please leave us a 5-star review! Call us: +1 415 555 0100"
    )
    page = client.post(URL, {"shape": "message", "text": text}).content.decode()
    assert "may not ask for reviews" in page
    assert "may not send buyers to e-mail, phone" in page


def test_a_text_over_the_limit_is_refused_and_kept(client):
    client.force_login(UserFactory())
    text = "We fixed it. " * 4000
    response = client.post(URL, {"shape": "classic", "text": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert "at most 50000 characters" in body or "50,000" in body
    assert "We fixed it. We fixed it." in body
