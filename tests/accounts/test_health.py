from unittest import mock

from django.db import OperationalError


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, db):
    with mock.patch("accounts.views.connection") as connection:
        connection.cursor.return_value.__enter__.return_value.execute.side_effect = (
            OperationalError("could not connect to server")
        )
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError"}
    assert "could not connect" not in response.content.decode()


def test_healthz_is_not_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_probes_on_any_host_over_http(client, db, settings):
    """Probes call the container by its internal address; no 400 and no 301 for them."""
    settings.ALLOWED_HOSTS = ["reinstate.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    other = client.get("/accounts/login/", HTTP_HOST="10.0.0.7:8000")
    assert other.status_code == 400
