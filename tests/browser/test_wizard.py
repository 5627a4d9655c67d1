"""The wizard as a seller walks it in Chromium: five real situations, resume, two tabs, axe."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session

from appeals.models import Appeal
from library import services as library
from library.models import LibraryVersion
from tests.browser.axe import assert_no_violations
from tests.factories import PASSWORD, seller

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIBRARY = library.normalize(
    json.loads(
        (Path(__file__).resolve().parents[2] / "fixtures" / "library.json").read_text(
            "utf-8"
        )
    )
)
TITLES = {
    f"{c['slug']}/{rc['slug']}": rc["title"]
    for c in LIBRARY["causes"]
    for rc in c["root_causes"]
}
CLOSINGS = {
    p["key"]: p["text"] for p in LIBRARY["phrases"] if p["section"] == "closing"
}


def _ids(prefix: int, n: int) -> list[str]:
    return [
        f"{prefix:03d}-{(1000000 + i * 7919) % 10**7:07d}-{(2000000 + i * 104729) % 10**7:07d}"
        for i in range(n)
    ]


# The five situations of domain.md, as a seller would answer them.
SITUATIONS = {
    "promotion-error": {
        "causes": ["promotion-pricing-error"],
        "metric": ("cancellation_rate", "", "7", "300", "412"),
        "figure": "72.82%",
        "orders": _ids(113, 300),
        "root_causes": [
            "promotion-pricing-error/promo-code-misconfigured",
            "promotion-pricing-error/no-order-volume-alert",
        ],
        "closing": "closing-what-else-needed",
    },
    "holiday-a-to-z": {
        "causes": ["odr-a-to-z-claims"],
        "metric": ("odr", "1.8", "60", "", ""),
        "figure": "1.8%",
        "orders": _ids(114, 4),
        "root_causes": [
            "odr-a-to-z-claims/holiday-closure-listings-active",
            "odr-a-to-z-claims/listing-photos-mismatch",
            "odr-a-to-z-claims/slow-problem-investigation",
        ],
        "closing": "closing-committed",
    },
    "new-account": {
        "causes": ["new-account-late-unavailable"],
        "metric": ("late_shipment_rate", "9.5", "30", "", ""),
        "figure": "9.5%",
        "orders": _ids(111, 6),
        "root_causes": [
            "new-account-late-unavailable/disorganised-inventory",
            "new-account-late-unavailable/too-many-items",
            "new-account-late-unavailable/slow-reactive-communication",
        ],
        "closing": "closing-changes-in-place",
    },
    "wrong-condition": {
        "causes": ["wrong-condition"],
        "metric": None,
        "figure": None,
        "orders": _ids(112, 3),
        "root_causes": [
            "wrong-condition/upload-file-error",
            "wrong-condition/condition-guidelines-not-applied",
            "wrong-condition/vendor-inventory-unreviewed",
        ],
        "closing": "closing-wrong-condition",
    },
    "odr-not-received": {
        "causes": ["odr-a-to-z-claims"],
        "metric": ("odr", "", "60", "2", "126"),
        "figure": "1.59%",
        "orders": _ids(115, 3),
        "root_causes": [
            "odr-a-to-z-claims/early-shipment-confirmation",
            "odr-a-to-z-claims/unreliable-carrier-tracking",
        ],
        "closing": "closing-confident",
    },
}


@pytest.fixture
def published(db):
    return LibraryVersion.objects.create(
        number=1, data=LIBRARY, checksum=library.checksum(LIBRARY)
    )


@pytest.fixture
def shopper(published):
    user, workspace, store = seller("lihua")
    return user, store


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/dashboard/"))


def next_step(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Save and continue").click()


def fill_situation(page, s):
    for cause in s["causes"]:
        page.locator(f"input[name=causes][value='{cause}']").check()
    page.locator("input[name=notice_date]").fill("2026-11-10")
    if s["metric"]:
        metric, value, period, defects, orders = s["metric"]
        page.locator("#id_metric_1").select_option(metric)
        page.locator("#id_value_1").fill(value)
        page.locator("#id_period_1").fill(period)
        page.locator("#id_defects_1").fill(defects)
        page.locator("#id_orders_1").fill(orders)


def fill_facts(row):
    """Fill the fact-slot fields a ticked suggestion shows, as a seller would."""
    for n, field in enumerate(row.locator(".slot-fields input").all()):
        field.fill(f"Sample fact {n + 1}")


def fill_root_causes(page, refs):
    for n, ref in enumerate(refs, start=1):
        row = page.locator(f".rc-row[data-ref='{ref}']")
        row.locator("input[type=checkbox]").check()
        row.locator("input[type=number]").fill(str(n))
        fill_facts(row)


def fill_plan(page):
    """Use the first corrective (done on a date) and first preventive action of each cause."""
    for group in page.locator("#step-form fieldset[id^=rc-]").all():
        corrective = group.locator(
            ".action-row[data-kind=corrective]:not([data-ref=''])"
        ).first
        corrective.locator("input[type=checkbox]").check()
        corrective.locator("input[type=date]").fill("2026-11-12")
        fill_facts(corrective)
        preventive = group.locator(
            ".action-row[data-kind=preventive]:not([data-ref=''])"
        ).first
        preventive.locator("input[type=checkbox]").check()
        fill_facts(preventive)


def download(page, name) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return Path(info.value.path()).read_bytes()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("situation", list(SITUATIONS))
def test_seller_walks_a_real_situation_to_pdf_and_text(
    page, live_server, shopper, situation, tmp_path
):
    s = SITUATIONS[situation]
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    fill_situation(page, s)
    next_step(page)
    page.get_by_label("Affected order IDs").fill("\n".join(s["orders"]))
    next_step(page)
    fill_root_causes(page, s["root_causes"])
    next_step(page)
    fill_plan(page)
    next_step(page)
    assert "/step/documents/" in page.url
    first = page.locator(".evidence-row").first
    first.locator("input[type=checkbox]").check()
    document = first.locator(".form-check-label").inner_text()
    next_step(page)
    page.locator(f"input[name=closing][value='{s['closing']}']").check()
    page.get_by_label("Your name").fill("Li Hua")
    next_step(page)
    assert "/step/review/" in page.url

    text = download(page, "Download text").decode("utf-8")
    pdf_path = tmp_path / "appeal.pdf"
    pdf_path.write_bytes(download(page, "Download PDF"))
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for output in (flat(text), flat(pdf_text)):
        for order_id in s["orders"]:
            assert order_id in output
        if s["figure"]:
            assert s["figure"] in output
        for ref in s["root_causes"]:
            assert flat(TITLES[ref]) in output
        assert flat(CLOSINGS[s["closing"]])[:60] in output
        assert flat(document) in output  # the document ticked
    numbered = re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)
    assert len(numbered) >= 2 * len(s["root_causes"])


def test_answers_survive_an_expired_session(page, live_server, shopper):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    fill_situation(page, SITUATIONS["odr-not-received"])
    page.get_by_label("Amazon's notice (optional)").fill(
        "Your selling privileges were removed."
    )
    next_step(page)
    page.get_by_label("Affected order IDs").fill(
        "115-1111111-2222222\n115-3333333-4444444"
    )
    page.get_by_label("What happened to each order (optional)").fill(
        "115-1111111-2222222 A-to-z claim: item not received"
    )
    next_step(page)
    Session.objects.all().delete()  # the session expires on the server

    page.goto(f"{live_server.url}/dashboard/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Username").fill("lihua")
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Sign in").click()
    page.locator("#worklist tbody a").first.click()  # the appeal, by its title
    page.get_by_role("link", name="Continue the letter").click()
    assert page.locator("input[name=causes][value='odr-a-to-z-claims']").is_checked()
    assert page.get_by_label("Amazon's notice (optional)").input_value() == (
        "Your selling privileges were removed."
    )
    assert page.locator("#id_defects_1").input_value() == "2"
    assert page.locator("#id_orders_1").input_value() == "126"
    next_step(page)
    assert page.get_by_label("Affected order IDs").input_value() == (
        "115-1111111-2222222\n115-3333333-4444444"
    )
    assert (
        "A-to-z claim: item not received"
        in page.get_by_label("What happened to each order (optional)").input_value()
    )


def test_two_tabs_editing_one_draft_get_a_conflict_message(page, live_server, shopper):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    appeal = Appeal.objects.get()
    url = f"{live_server.url}/appeals/{appeal.pk}/step/orders/"
    other = page.context.new_page()
    page.goto(url)
    other.goto(url)
    page.get_by_label("Affected order IDs").fill("111-1111111-1111111")
    next_step(page)
    other.get_by_label("Affected order IDs").fill("222-2222222-2222222")
    next_step(other)
    assert (
        other.get_by_role("alert")
        .filter(has_text="changed in another tab")
        .is_visible()
    )
    assert (
        other.get_by_label("Affected order IDs").input_value() == "222-2222222-2222222"
    )
    saved = appeal.rounds.get().answers["orders"]
    assert [o["id"] for o in saved] == ["111-1111111-1111111"]


def test_every_wizard_step_passes_axe_in_english_and_chinese(
    page, live_server, shopper
):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    s = SITUATIONS["holiday-a-to-z"]
    fill_situation(page, s)
    next_step(page)
    page.get_by_label("Affected order IDs").fill("\n".join(s["orders"]) + "\nnot-an-id")
    next_step(page)  # stays, listing the bad entry
    assert_no_violations(page, "orders with a bad entry")
    page.get_by_role("button", name="Continue without these entries").click()
    fill_root_causes(page, s["root_causes"])
    next_step(page)
    fill_plan(page)
    next_step(page)
    appeal = Appeal.objects.get()
    steps = [
        "situation",
        "orders",
        "root-causes",
        "plan",
        "documents",
        "closing",
        "review",
    ]
    for language in ("en", "zh-hans"):
        if language == "zh-hans":
            with page.expect_navigation():
                page.get_by_role("button", name="简体中文").click()
        for step in steps:
            page.goto(f"{live_server.url}/appeals/{appeal.pk}/step/{step}/")
            if language == "zh-hans":
                assert page.locator("html").get_attribute("lang") == "zh-hans"
            assert_no_violations(page, f"{step} ({language})")
        page.goto(
            f"{live_server.url}/appeals/{appeal.pk}/step/review/?shape=amazon_form"
        )
        assert_no_violations(page, f"review amazon form ({language})")
        page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
        assert_no_violations(page, f"overview ({language})")


def test_live_letter_follows_typing_without_saving(page, live_server, shopper):
    sign_in(page, live_server, "lihua")
    page.get_by_role("button", name="Start an appeal").click()
    page.goto(page.url.replace("/situation/", "/orders/"))
    page.get_by_label("Affected order IDs").fill("116-1234567-7654321")
    page.locator("#letter-preview").get_by_text("116-1234567-7654321").wait_for()
    assert Appeal.objects.get().rounds.get().answers["orders"] == []
