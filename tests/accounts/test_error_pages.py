"""Error pages are friendly, translated and never show a stack trace."""

import pytest
from django.test import Client
from django.urls import path


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom)]


@pytest.fixture
def boom_urls(settings):
    settings.ROOT_URLCONF = __name__


def test_server_error_page_is_friendly_and_hides_the_exception(db, boom_urls):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_server_error_page_speaks_chinese(db, boom_urls):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = client.get("/boom/").content.decode()
    assert "我们这边出了问题" in page


def test_expired_form_gets_a_friendly_csrf_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form expired" in response.content.decode()


def test_not_found_page_offers_a_way_back(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()
