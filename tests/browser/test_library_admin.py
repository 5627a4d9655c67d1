"""A curator previews and publishes the library in the admin, keyboard and axe clean."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from library.models import LetterShape, LibraryVersion, Phrase
from library.samples import SIGNATURE
from tests.browser.axe import assert_no_violations
from tests.factories import PASSWORD, curator

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_curator_previews_an_edit_and_publishes_it(page, live_server):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    curator("librarian")
    phrase = Phrase.objects.filter(section="closing", cause=None).first()
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("librarian")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    assert_no_violations(page, "admin index")

    page.goto(f"{live_server.url}/admin/library/suspensioncause/")
    page.get_by_role("link", name="Order Defect Rate", exact=False).first.click()
    page.wait_for_url("**/suspensioncause/*/change/")
    page.locator(".action-list li").first.wait_for()
    assert page.locator(".action-list li").count() >= 12
    assert_no_violations(page, "cause page")

    page.goto(f"{live_server.url}/admin/library/phrase/{phrase.pk}/change/")
    page.get_by_label("Text").fill("We look forward to serving buyers at {store_name}.")
    page.get_by_role("button", name="Save and continue editing").first.click()
    page.locator(".messagelist .success").wait_for()
    page.get_by_role("link", name="Sample letter").first.click()
    page.wait_for_url(f"**/phrase/{phrase.pk}/sample/")
    text = f"We look forward to serving buyers at {SIGNATURE.store_name}."
    assert page.locator(".letter-sample").get_by_text(text).count() == 1
    assert_no_violations(page, "phrase preview")

    shape = LetterShape.objects.get(slug="amazon_form")
    page.goto(f"{live_server.url}/admin/library/lettershape/{shape.pk}/sample/")
    assert page.get_by_text("Actions taken to resolve the issue").count() >= 1
    assert_no_violations(page, "shape preview")

    page.goto(f"{live_server.url}/admin/library/libraryversion/publish/")
    assert page.locator("ins").count() >= 1
    assert_no_violations(page, "publish page")
    page.get_by_label("What changed, in a sentence").fill("Warmer closing")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/library/libraryversion/")
    assert page.get_by_text("Published library version 2").count() == 1
    assert_no_violations(page, "version history")
    assert LibraryVersion.objects.latest_published().note == "Warmer closing"

    page.get_by_role("link", name="What changed").first.click()
    page.wait_for_url("**/libraryversion/*/changes/")
    page.get_by_text(
        "Warmer closing"
    ).first.wait_for()  # fails after the timeout if absent
    assert_no_violations(page, "what changed")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_curator_import_page_lists_errors_accessibly(page, live_server, tmp_path):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    curator("librarian")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("librarian")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/library/libraryversion/import/")
    assert_no_violations(page, "import page")
    broken = tmp_path / "library.json"
    broken.write_text('{"format": "reinstate-library/1", "phrases": [{"key": ""}]}')
    page.get_by_label("Library file (library.json)").set_input_files(str(broken))
    with page.expect_navigation():
        page.get_by_role("button", name="Check the file").click()
    assert page.get_by_text("phrases[0]: missing or duplicate key ''").count() == 1
    assert_no_violations(page, "import errors")
