"""The production environment documented in the README passes `check --deploy`, and
gunicorn serves the app with it: collected, hashed static files and /healthz."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "reinstate.example.com"

# Keep in step with "Production environment" in README.md.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7Qp2vX9sL4mR8tW1yB6nD3fH5jZ0cA_e-uG7iO2pE9rT4wY6qU1sK3dF8gJ5hL0",
    "ALLOWED_HOSTS": HOST,
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    "DATABASE_URL": "postgres://app:app@127.0.0.1:5432/app",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "STATICFILES_BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "smtp.example.com",
    "DEFAULT_FROM_EMAIL": "Reinstate <noreply@example.com>",
}


def _env(**extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith("DJANGO_")
    }
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="config.settings", **extra)
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_production_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "no issues" in output


def test_check_deploy_flags_the_development_defaults():
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path, headers=None, method="GET", body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response, response.read()


def _cookies(response) -> dict:
    jar = {}
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    return jar


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """Two gunicorn workers on a migrated SQLite file with the production settings."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = _env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for args in (
        ["collectstatic", "--noinput"],
        ["migrate", "--noinput"],
        ["createcachetable"],
    ):
        result = _manage(*args, env=env)
        assert result.returncode == 0, result.stderr
    create_user = (
        "from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_user('probe', password='Probe-pass-2026')"
    )
    assert _manage("shell", "-c", create_user, env=env).returncode == 0
    port = _free_port()
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                _get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_gunicorn_serves_healthz_and_hashed_static_files_in_production(gunicorn):
    response, body = _get(gunicorn, "/healthz")
    assert response.status == 200, body
    https = {"Host": HOST, "X-Forwarded-Proto": "https"}
    response, body = _get(gunicorn, "/accounts/login/", https)
    assert response.status == 200
    css = re.search(rb'href="(/static/css/app\.[0-9a-f]{12}\.css)"', body)
    assert css, "the page should link the hashed stylesheet"
    response, _ = _get(gunicorn, css.group(1).decode(), https)
    assert response.status == 200
    assert "max-age=315360000" in response.getheader("Cache-Control", "")
    response, _ = _get(gunicorn, "/accounts/login/", {"Host": HOST})
    assert response.status == 301  # plain HTTP is sent to HTTPS


def test_a_session_started_on_one_worker_works_on_every_worker(gunicorn):
    https = {"Host": HOST, "X-Forwarded-Proto": "https"}
    response, body = _get(gunicorn, "/accounts/login/", https)
    csrf = _cookies(response)["csrftoken"]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = (
        f"csrfmiddlewaretoken={token.decode()}&username=probe&password=Probe-pass-2026"
    )
    response, _ = _get(
        gunicorn,
        "/accounts/login/",
        {
            **https,
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"https://{HOST}/accounts/login/",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
        body=form,
    )
    assert response.status == 302, "sign-in should redirect"
    session = _cookies(response)["sessionid"]
    # New connections land on either worker; each must know the session.
    for _ in range(8):
        response, body = _get(
            gunicorn, "/workspace/", {**https, "Cookie": f"sessionid={session}"}
        )
        assert response.status == 200
        assert b"probe" in body


def _dockerfile() -> str:
    return (BASE_DIR / "Dockerfile").read_text()


def test_dockerfile_builds_a_slim_non_root_image_with_a_health_check():
    text = _dockerfile()
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    for package in ["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-wqy-microhei"]:
        assert package in text
    assert (
        "STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage"
        in text
    )
    assert "manage.py compile_catalogues" in text
    assert "manage.py collectstatic --noinput" in text
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", text, re.M)
    assert "gunicorn config.wsgi:application" in text


def test_ci_script_updates_once_installs_what_the_suite_needs_and_runs_both_databases():
    text = (BASE_DIR / ".ci" / "run").read_text()
    assert text.count("apt-get update") == 1
    for package in ["chromium", "poppler-utils", "fonts-wqy-microhei", "gettext"]:
        assert package in text
    assert "make test" in text
    assert "pg_ctlcluster 15 main start" in text
    assert "DATABASE_URL=postgres://app:app@127.0.0.1:5432/app" in text
    assert text.index("make test") < text.index("DATABASE_URL=postgres")
