"""Settings come from the environment; security headers; no per-process state."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

BASE_DIR = Path(__file__).resolve().parent.parent
SETTING_VARS = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "STATICFILES_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CACHE_URL",
]


def settings_with_env(**env) -> dict:
    """Load config.settings in a fresh interpreter with only ``env`` set; plain values."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTING_VARS}
    clean.update({k: str(v) for k, v in env.items()})
    code = (
        "import json, django\n"
        "from django.conf import settings as s\n"
        "django.setup()\n"
        "print(json.dumps({\n"
        " 'DEBUG': s.DEBUG, 'ALLOWED_HOSTS': s.ALLOWED_HOSTS,\n"
        " 'CSRF_TRUSTED_ORIGINS': s.CSRF_TRUSTED_ORIGINS,\n"
        " 'DB': {k: s.DATABASES['default'][k] for k in ('ENGINE','NAME','HOST','PORT',"
        "'USER','ATOMIC_REQUESTS','CONN_MAX_AGE')},\n"
        " 'EMAIL': [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS],\n"
        " 'STATICFILES': s.STORAGES['staticfiles']['BACKEND'],\n"
        " 'CACHE': s.CACHES['default']['BACKEND'],\n"
        " 'SESSION_ENGINE': s.SESSION_ENGINE,\n"
        " 'PROXY': s.SECURE_PROXY_SSL_HEADER,\n"
        "}, default=str))\n"
    )
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_development_defaults_use_sqlite_and_console_email():
    s = settings_with_env()
    assert s["DEBUG"] is False
    assert s["DB"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["DB"]["NAME"].endswith("db.sqlite3")
    assert s["EMAIL"][0] == "django.core.mail.backends.console.EmailBackend"
    assert s["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert s["PROXY"] is None


def test_database_url_switches_to_postgresql():
    s = settings_with_env(
        DATABASE_URL="postgres://app:secret@db.internal:5433/reinstate",
        CONN_MAX_AGE="60",
    )
    assert s["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert (s["DB"]["NAME"], s["DB"]["HOST"], s["DB"]["PORT"]) == (
        "reinstate",
        "db.internal",
        5433,
    )
    assert s["DB"]["ATOMIC_REQUESTS"] is True
    assert s["DB"]["CONN_MAX_AGE"] == 60


def test_hosts_origins_email_and_static_storage_come_from_the_environment():
    s = settings_with_env(
        ALLOWED_HOSTS="reinstate.example.com,www.reinstate.example.com",
        CSRF_TRUSTED_ORIGINS="https://reinstate.example.com",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.example.com",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
        STATICFILES_BACKEND="whitenoise.storage.CompressedManifestStaticFilesStorage",
        SECURE_PROXY_SSL_HEADER="true",
    )
    assert s["ALLOWED_HOSTS"] == ["reinstate.example.com", "www.reinstate.example.com"]
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://reinstate.example.com"]
    assert s["EMAIL"] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.com",
        587,
        True,
    ]
    assert s["STATICFILES"].endswith("CompressedManifestStaticFilesStorage")
    assert s["PROXY"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_no_state_lives_in_one_process():
    """Sessions and cache live in the database, so several processes act as one app."""
    s = settings_with_env()
    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert s["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    storage = getattr(django_settings, "MESSAGE_STORAGE", "")
    assert "session" in storage or "fallback" in storage or storage == ""


# --- Content-Security-Policy -------------------------------------------------------


def test_pages_carry_a_csp_without_inline_scripts(client, db):
    response = client.get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(
        (d.split(" ", 1) + [""])[:2] for d in (p.strip() for p in policy.split(";"))
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_admin_allows_inline_styles_but_never_inline_scripts(client, db):
    policy = client.get("/admin/login/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy


def test_security_headers_are_set(client, db):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="" attribute'),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
]


@pytest.mark.parametrize(
    "template",
    sorted((BASE_DIR / "templates").rglob("*.html")),
    ids=lambda p: str(p.relative_to(BASE_DIR / "templates")),
)
def test_templates_have_nothing_the_csp_would_block(template):
    text = template.read_text(encoding="utf-8")
    found = [label for pattern, label in INLINE if pattern.search(text)]
    assert not found, f"{template.name}: {found}"


def test_anonymous_pages_create_no_session_rows(client, db):
    """Sessions cost a database row each; visitors who are not signed in get none."""
    from django.contrib.sessions.models import Session

    for url in ["/", "/accounts/login/", "/accounts/password_reset/", "/healthz"]:
        assert client.get(url).status_code == 200
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert Session.objects.count() == 0


@pytest.mark.hostile
@pytest.mark.parametrize(
    ("env", "starts"),
    [
        ({}, False),
        ({"DEBUG": "true"}, True),
        ({"SECRET_KEY": "a-real-key-" + "x" * 50}, True),
        ({"SECRET_KEY": "build-only-not-secret"}, True),
    ],
)
@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_the_app_refuses_to_serve_with_debug_off_and_the_development_key(
    env, starts, entry
):
    clean = {k: v for k, v in os.environ.items() if k not in SETTING_VARS}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run(
        [sys.executable, "-c", f"import {entry}"],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert (out.returncode == 0) is starts, out.stderr[-2000:]
    if not starts:
        assert "SECRET_KEY is the public development key" in out.stderr
