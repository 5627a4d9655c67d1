"""Take the README's screenshots of a running Reinstate with Playwright and Chromium.

Usage, with `make run PORT=8123` serving in another terminal:

    .venv/bin/python docs/take_screenshots.py http://127.0.0.1:8123

It adds one sample appeal for the demo seller (once) so the wizard and review pages have
something to show, then writes docs/screenshots/*.png.
"""

import os
import shutil
import sys
from datetime import date
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
OUT = BASE_DIR / "docs" / "screenshots"
PASSWORD = "reinstate-demo"
TITLE = "Order Defect Rate above 1%"


def sample_appeal_id() -> int:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from accounts.models import Store
    from appeals.models import Appeal
    from appeals.services import appeal_create
    from library.answers import Signature
    from library.samples import sample_answers
    from library.selectors import library_for, version_current

    seller = get_user_model().objects.get(username="seller")
    store = Store.objects.get(name="Brightsound Audio")
    existing = Appeal.objects.filter(store=store, title=TITLE).first()
    if existing:
        return existing.pk
    answers = sample_answers(library_for(version_current()), today=date.today())
    answers.signature = Signature()  # filled from the store and the seller
    return appeal_create(user=seller, store=store, answers=answers, title=TITLE).pk


def main(base: str) -> None:
    from playwright.sync_api import sync_playwright

    appeal = sample_appeal_id()
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=["--headless", "--no-sandbox", "--disable-background-networking"],
        )

        def session(username, locale="en-US"):
            context = browser.new_context(
                viewport={"width": 1280, "height": 860}, locale=locale
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            return page

        def shot(page, path, name, full=True):
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
            print(f"docs/screenshots/{name}.png  {path}")

        anonymous = browser.new_page(viewport={"width": 1280, "height": 720})
        shot(anonymous, "/accounts/login/", "sign-in", full=False)

        page = session("seller")
        shot(page, "/dashboard/", "dashboard")
        shot(page, f"/appeals/{appeal}/step/root-causes/", "wizard-step")
        shot(page, f"/appeals/{appeal}/step/review/", "review")
        shot(page, "/metrics/", "metrics")
        workspace = page.get_by_role("link", name="Shenzhen Brightsound Trading")
        page.goto(f"{base}/workspace/")
        workspace.click()
        page.wait_for_load_state()
        shot(page, page.url.removeprefix(base), "workspace")
        page.get_by_role("button", name="简体中文").click()
        page.wait_for_load_state()
        shot(page, page.url.removeprefix(base), "workspace-zh")
        page.get_by_role("button", name="English").click()

        curator = session("curator")
        shot(curator, "/admin/", "admin-library")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
