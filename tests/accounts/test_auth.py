"""Sign in, sign out, password change and reset with Django's auth views."""

import re

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD
from tests.factories import PASSWORD, UserFactory


def test_demo_seller_signs_in_and_lands_on_the_dashboard(client, db):
    call_command("load_demo")
    response = client.post(
        reverse("login"), {"username": "seller", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_wrong_password_shows_an_error_and_keeps_the_username(client, db):
    UserFactory(username="li")
    response = client.post(reverse("login"), {"username": "li", "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="li"' in page
    assert "alert" in page


def test_sign_out_is_a_post_and_shows_the_signed_out_page(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_change_keeps_the_user_signed_in(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-long-pass-77",
            "new_password2": "Another-long-pass-77",
        },
        follow=True,
    )
    assert "Your password was changed." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("Another-long-pass-77")
    assert client.get(reverse("accounts:workspaces")).status_code == 200


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_password_reset_sends_a_working_link(client, db):
    user = UserFactory(username="li", email="li@example.com")
    response = client.post(reverse("password_reset"), {"email": "li@example.com"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["li@example.com"]
    assert message.subject.startswith("Choose a new password for")
    assert "Hello li," in message.body
    assert "ignore this e-mail" in message.body

    form_page = client.get(_reset_link(message), follow=True)
    assert form_page.context["validlink"] is True
    response = client.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "Fresh-long-pass-2026",
            "new_password2": "Fresh-long-pass-2026",
        },
    )
    assert response.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Fresh-long-pass-2026")


def test_a_used_reset_link_says_it_is_no_longer_valid(client, db):
    UserFactory(username="li", email="li@example.com")
    client.post(reverse("password_reset"), {"email": "li@example.com"})
    link = _reset_link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {
            "new_password1": "Fresh-long-pass-2026",
            "new_password2": "Fresh-long-pass-2026",
        },
    )
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False
    assert "no longer valid" in again.content.decode()


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_password_reset_email_is_in_the_users_language(client, db):
    UserFactory(username="li", email="li@example.com")
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    client.post(reverse("password_reset"), {"email": "li@example.com"})
    message = mail.outbox[0]
    assert "设置新密码" in message.subject
    assert "您好" in message.body
    assert "/accounts/reset/" in message.body


def test_load_demo_is_idempotent_and_gives_each_role_its_access(db):
    from django.contrib.auth import get_user_model

    from accounts import selectors
    from accounts.demo import demo_load

    first = demo_load()
    assert "user seller" in first
    assert demo_load() == []
    users = {u.username: u for u in get_user_model().objects.all()}
    seller_ws = selectors.workspaces_for(user=users["seller"])
    assert [w.name for w in seller_ws] == ["Shenzhen Brightsound Trading"]
    assert selectors.stores_for(user=users["consultant"]).count() == 2
    assert selectors.is_curator(user=users["curator"])
    assert users["curator"].is_staff and not users["curator"].is_superuser
    assert selectors.workspace_ids_for(user=users["curator"]) == []
