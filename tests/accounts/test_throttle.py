"""Sign-in lockout (django-axes) and the throttled password reset: a known and an
unknown account answer alike; the e-mail leaves after the answer."""

import pytest
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.throttle import PasswordResetView, client_ip
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.hostile, pytest.mark.django_db]


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client):
    UserFactory(username="li")
    for _ in range(4):
        assert sign_in(client, "li", "wrong").status_code == 200
    assert sign_in(client, "li", "wrong").status_code == 429  # the fifth
    response = sign_in(client, "li", PASSWORD)
    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_holds_for_the_username_from_another_address(client):
    UserFactory(username="li")
    for _ in range(5):
        sign_in(client, "li", "wrong")
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(elsewhere, "li", PASSWORD).status_code == 429


def test_the_lockout_holds_for_the_address_with_other_usernames(client):
    UserFactory(username="wang")
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong")
    assert sign_in(client, "wang", PASSWORD).status_code == 429
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert sign_in(elsewhere, "wang", PASSWORD).status_code == 302


def test_a_right_password_before_the_limit_signs_in_and_resets_the_count(client):
    UserFactory(username="li")
    for _ in range(4):
        sign_in(client, "li", "wrong")
    assert sign_in(client, "li", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "li", "wrong")
    assert sign_in(client, "li", PASSWORD).status_code == 302


def test_the_lockout_page_speaks_the_users_language(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    for _ in range(6):
        response = sign_in(client, "li", "wrong")
    assert response.status_code == 429
    assert '<html lang="zh-hans">' in response.content.decode()


def reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def test_reset_is_limited_per_address(client):
    UserFactory(username="li", email="li@example.com")
    for _ in range(3):
        assert reset(client, "li@example.com").status_code == 302
    response = reset(client, "li@example.com")
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == 3
    # Another address from the same client still gets its link.
    UserFactory(username="wang", email="wang@example.com")
    assert reset(client, "wang@example.com").status_code == 302


def test_reset_is_limited_per_client(client):
    for n in range(10):
        assert reset(client, f"someone{n}@example.com").status_code == 302
    assert reset(client, "someone-else@example.com").status_code == 429
    assert reset(Client(REMOTE_ADDR="203.0.113.9"), "x@example.com").status_code == 302


def test_thirty_quick_resets_send_at_most_three_mails(client):
    UserFactory(username="li", email="li@example.com")
    for _ in range(30):
        reset(client, "li@example.com")
    assert len(mail.outbox) == 3


def test_a_known_and_an_unknown_account_are_answered_alike(client):
    UserFactory(username="li", email="li@example.com")
    answers = []
    for email, address in (
        ("li@example.com", "198.51.100.1"),
        ("nobody@example.com", "198.51.100.2"),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = reset(Client(REMOTE_ADDR=address), email)
        answers.append((response.status_code, response["Location"], len(queries)))
    assert answers[0] == answers[1]
    assert len(mail.outbox) == 1


def test_the_reset_mail_leaves_after_the_answer(db):
    UserFactory(username="li", email="li@example.com")
    request = RequestFactory().post(
        "/accounts/password_reset/", {"email": "li@example.com"}
    )
    request._dont_enforce_csrf_checks = True
    response = PasswordResetView.as_view()(request)
    assert response.status_code == 302
    assert mail.outbox == []  # the page is answered with no mail sent yet
    response.close()  # what the WSGI server does once the answer is out
    assert [m.to for m in mail.outbox] == [["li@example.com"]]


def test_the_client_address_behind_the_proxy_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "10.0.0.2"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "198.51.100.7"
