import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# Playwright drives Chromium from the test thread while live_server serves Django in
# another; Django's async-safety check would otherwise fail teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On SQLite, the test database is a file (in memory-backed /dev/shm when there is
    one), not Django's in-memory default. With an in-memory database the live server
    hands every request thread the test's one connection, so two requests at once (a
    page and its live letter preview) race on it and a page fails at random; with a
    file each thread opens its own connection."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        shm = Path("/dev/shm")
        folder = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        folder = folder or Path(tempfile.gettempdir())
        test = db.setdefault("TEST", {})
        test["NAME"] = str(folder / f"reinstate-tests-{os.getpid()}.sqlite3")


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


#: The PDF renderer's process as tests start it: with sockets disabled before the
#: worker runs, like the test process itself (pyproject's --disable-socket), so a
#: renderer that fetched anything over the network would fail the suite.
OFFLINE_PDF_WORKER = (
    sys.executable,
    "-c",
    "import runpy, pytest_socket; pytest_socket.disable_socket(); "
    "runpy.run_module('appeals.pdf_worker', run_name='__main__', alter_sys=True)",
)


@pytest.fixture(scope="session", autouse=True)
def _offline_pdf_worker():
    from appeals import pdf

    pdf.pdf_worker_stop()
    pdf.WORKER_COMMAND = OFFLINE_PDF_WORKER


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
