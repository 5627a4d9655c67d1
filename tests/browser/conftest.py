import pytest
from django.core.management import call_command


@pytest.fixture
def demo(transactional_db):
    """The demo accounts from `make run`, in the database live_server serves."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def csp_errors(page):
    """Collect every Content-Security-Policy violation the browser reports."""
    errors = []
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return errors


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
