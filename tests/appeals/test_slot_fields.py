"""Fact slots in the wizard: a ticked suggestion's fields, what they save, and the gap
an empty one leaves on the review step and at export."""

import pytest
from django.urls import reverse
from django.utils import translation

from library.answers import Answers

from .test_views import current, post_step, step_url

CARRIER_RC = "odr-a-to-z-claims/unreliable-carrier-tracking"
CARRIER_ACTION = f"{CARRIER_RC}/switched-to-tracked-carrier"


def row_of(page, ref):
    return next(r for r in page.context["form"].rows if r["suggestion"].ref == ref)


@pytest.fixture
def seller_client(client, owner, appeal):
    client.force_login(owner[0])
    post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-0-metric": "odr",
            "metrics-0-value": "1.59",
            "metrics-0-period": "60",
        },
    )
    post_step(client, appeal, "orders", {"order_ids": "111-1111111-1111111"})
    return client


def test_a_suggestion_offers_a_field_per_slot_in_the_interface_language(
    seller_client, appeal
):
    page = seller_client.get(step_url(appeal, "root-causes"))
    row = row_of(page, CARRIER_RC)
    field = row["slots"][0]
    assert field.html_name == f"{row['prefix']}-slot_old_carrier"
    assert field.label == "Previous carrier or service"
    assert "e.g. China Post Ordinary Small Packet" in field.help_text
    assert "(MISSING: previous carrier or service)" in row["text"].value()
    seller_client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        page = seller_client.get(step_url(appeal, "root-causes"))
    field = row_of(page, CARRIER_RC)["slots"][0]
    assert field.label != "Previous carrier or service"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in field.label)


def pick_carrier(client, appeal, slot_value: str, text: str | None = None):
    page = client.get(step_url(appeal, "root-causes"))
    row = row_of(page, CARRIER_RC)
    prefix = row["prefix"]
    data = {
        f"{prefix}-pick": "on",
        f"{prefix}-text": row["text"].value() if text is None else text,
        f"{prefix}-slot_old_carrier": slot_value,
    }
    return post_step(client, appeal, "root-causes", data)


def test_filled_slots_are_saved_and_the_wording_stays_the_librarys(
    seller_client, appeal
):
    assert pick_carrier(seller_client, appeal, "  China Post  ").status_code == 302
    rc = Answers.from_dict(current(appeal).answers).root_causes[0]
    assert rc.ref == CARRIER_RC
    assert rc.text is None
    assert rc.slots == {"old_carrier": "China Post"}
    page = seller_client.get(step_url(appeal, "root-causes"))
    shown = row_of(page, CARRIER_RC)["text"].value()
    assert "China Post" in shown and "MISSING" not in shown
    # Posting that filled wording back unchanged keeps following the library.
    pick_carrier(seller_client, appeal, "China Post", text=shown)
    assert Answers.from_dict(current(appeal).answers).root_causes[0].text is None


def test_rewording_a_suggestion_keeps_the_sellers_words(seller_client, appeal):
    pick_carrier(seller_client, appeal, "", text="Our old carrier lost parcels.")
    rc = Answers.from_dict(current(appeal).answers).root_causes[0]
    assert rc.text == "Our old carrier lost parcels."


def plan_with_carrier_action(client, appeal, new_carrier: str):
    page = client.get(step_url(appeal, "plan"))
    data = {}
    for row in next(page.context["form"].bound_groups())["rows"]:
        if row["suggestion"] and row["suggestion"].ref == CARRIER_ACTION:
            prefix = row["prefix"]
            data[f"{prefix}-pick"] = "on"
            data[f"{prefix}-done_on"] = "2026-11-02"
            data[f"{prefix}-slot_old_carrier"] = "China Post"
            data[f"{prefix}-slot_new_carrier"] = new_carrier
    return post_step(client, appeal, "plan", data)


def test_plan_slots_are_saved_per_action(seller_client, appeal):
    pick_carrier(seller_client, appeal, "China Post")
    assert (
        plan_with_carrier_action(seller_client, appeal, "YunExpress").status_code == 302
    )
    action = Answers.from_dict(current(appeal).answers).root_causes[0].actions[0]
    assert action.ref == CARRIER_ACTION and action.text is None
    assert action.slots == {"old_carrier": "China Post", "new_carrier": "YunExpress"}
    page = seller_client.get(step_url(appeal, "review"))
    assert "moved all orders to YunExpress" in page.content.decode()


def test_an_empty_slot_is_a_blocker_on_review_that_links_to_its_root_cause(
    seller_client, appeal
):
    pick_carrier(seller_client, appeal, "China Post")
    plan_with_carrier_action(seller_client, appeal, "")
    page = seller_client.get(step_url(appeal, "review"))
    html = page.content.decode()
    assert "(MISSING: new carrier or service)" in html
    findings = [f for f in page.context["findings"] if "MISSING" in f.excerpt]
    assert [(f.severity, f.step, f.item) for f in findings] == [
        ("blocker", "plan", "rc-0")
    ]
    assert f'href="{step_url(appeal, "plan")}#rc-0"' in html
    plan = seller_client.get(step_url(appeal, "plan")).content.decode()
    assert 'id="rc-0"' in plan
    # Export asks for a confirm that names it; after the confirm the gap prints.
    export = seller_client.get(reverse("appeals:export", args=[appeal.pk, "txt"]))
    assert export.status_code == 200
    assert "(MISSING: new carrier or service)" in export.content.decode()
    assert export["Content-Type"].startswith("text/html")
    confirmed = seller_client.get(
        reverse("appeals:export", args=[appeal.pk, "txt"]) + "?confirm=1"
    )
    assert confirmed["Content-Type"].startswith("text/plain")
    assert "(MISSING: new carrier or service)" in confirmed.content.decode()
    assert "{new_carrier}" not in confirmed.content.decode()


def test_curated_slot_text_is_escaped_in_the_wizard(client, owner):
    from appeals.services import appeal_create
    from library.models import LibraryVersion
    from library.services import checksum

    data = {**LibraryVersion.objects.get().data}
    data["slots"] = [
        {**s, "hint": "<img src=x onerror=alert(1)>"}
        if s["name"] == "old_carrier"
        else s
        for s in data["slots"]
    ]
    LibraryVersion.objects.create(number=2, data=data, checksum=checksum(data))
    user, store = owner
    appeal = appeal_create(user=user, store=store)
    client.force_login(user)
    post_step(client, appeal, "situation", {"causes": ["odr-a-to-z-claims"]})
    html = client.get(step_url(appeal, "root-causes")).content.decode()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_review_step_names_documents_the_plan_claims_but_not_ticked(
    seller_client, appeal
):
    from library.answers import ChosenAction, ChosenRootCause, EvidenceItem
    from library.readmodel import Library

    library = Library.from_data(current(appeal).library_version.data)
    action = next(
        a
        for c in library.causes
        for rc in c.root_causes
        for a in rc.actions
        if a.documents
    )
    answers = Answers.from_dict(current(appeal).answers)
    answers.root_causes = [
        ChosenRootCause(
            ref=action.ref.rsplit("/", 1)[0],
            actions=[ChosenAction(kind=action.kind, ref=action.ref)],
        )
    ]
    from appeals.services import round_save_answers

    round_save_answers(
        round=current(appeal), answers=answers, revision=current(appeal).revision
    )
    page = seller_client.get(step_url(appeal, "review"))
    shown = [d["slug"] for d in page.context["unticked_documents"]]
    assert shown == list(action.documents)
    assert 'id="unticked-documents"' in page.content.decode()
    answers.evidence = [EvidenceItem(slug) for slug in action.documents]
    round_save_answers(
        round=current(appeal), answers=answers, revision=current(appeal).revision
    )
    page = seller_client.get(step_url(appeal, "review"))
    assert page.context["unticked_documents"] == []
