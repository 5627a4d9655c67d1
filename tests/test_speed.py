"""Settings for speed (issue 15): database connections kept, templates cached, pages
and static files compressed, hashed static files cached forever, scripts deferred."""

import gzip
import re

from django.conf import settings
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from tests.test_deploy import HOST, _get, gunicorn  # noqa: F401  (the fixture)
from tests.test_settings import settings_with_env


def test_database_connections_are_kept_a_minute_and_checked_before_reuse():
    assert settings_with_env()["DB"]["CONN_MAX_AGE"] == 60
    assert settings_with_env(CONN_MAX_AGE="0")["DB"]["CONN_MAX_AGE"] == 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_templates_are_compiled_once_per_process():
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


def test_pages_are_gzipped_when_the_browser_accepts_it(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    page = gzip.decompress(response.content).decode()
    assert "<form" in page
    plain = client.get("/accounts/login/")
    assert not plain.has_header("Content-Encoding")


def test_gzip_wraps_the_app_but_not_whitenoise():
    chain = settings.MIDDLEWARE
    gzip_at = chain.index("django.middleware.gzip.GZipMiddleware")
    assert chain.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at
    assert gzip_at < chain.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_scripts_are_deferred(client, db):
    page = client.get("/accounts/login/").content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(" defer " in s for s in scripts), scripts
    assert page.index("bootstrap.bundle") < page.index("</head>")


def test_static_files_are_served_precompressed_and_cached_forever(gunicorn):  # noqa: F811
    https = {"Host": HOST, "X-Forwarded-Proto": "https"}
    _response, body = _get(gunicorn, "/accounts/login/", https)
    for pattern in (
        rb'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"',
        rb'src="(/static/vendor/bootstrap/bootstrap\.bundle\.min\.[0-9a-f]{12}\.js)"',
    ):
        path = re.search(pattern, body).group(1).decode()
        response, data = _get(gunicorn, path, {**https, "Accept-Encoding": "gzip"})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == "gzip", path
        assert "immutable" in response.getheader("Cache-Control", ""), path
        assert len(data) < 0.3 * len(gzip.decompress(data)), path


def test_the_benchs_plain_view_is_not_an_app_url(client, db):
    assert client.get("/bench/plain").status_code == 404
