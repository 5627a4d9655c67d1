import os
import shutil

import pytest

# Playwright drives Chromium from the test thread while live_server serves Django in
# another; Django's async-safety check would otherwise fail teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        # In CI a missing browser is a failure, never a silent skip.
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; install Debian's chromium package."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "accept_downloads": True, "locale": "en-US"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues(django_db_blocker):
    """Compile the .po catalogues once, so translated pages work without `make`."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("compile_catalogues", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():
    """A page in 简体中文 activates Chinese for the thread; the next test starts in
    the default language, whatever ran before it."""
    yield
    from django.utils import translation

    translation.activate("en")
