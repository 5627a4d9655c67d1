"""Client tests of the appeal wizard: steps, saving, conflicts, exports, rounds, access."""

import json
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from appeals.models import Appeal, Round
from library.answers import Answers
from metrics.models import Defect, Order
from tests.browser_forms import form_data
from tests.factories import ClientLinkFactory, MembershipFactory, UserFactory, seller

# The fixtures ``version``, ``owner`` and ``appeal`` are in conftest.py.


def step_url(appeal, name):
    return reverse("appeals:step", args=[appeal.pk, name])


def current(appeal) -> Round:
    return appeal.rounds.order_by("-number").first()


def post_step(client, appeal, name, data, **extra):
    """Post ``data`` as the step page would: with its revision and the management
    forms of its formsets, read from the page."""
    page = client.get(step_url(appeal, name))
    management = {
        k: v
        for k, v in form_data(page.content, form_id="step-form")
        if k.endswith("_FORMS")
    }
    payload = {"revision": current(appeal).revision, **management, **data}
    return client.post(step_url(appeal, name), payload, **extra)


def test_dashboard_starts_an_appeal_for_a_store(client, owner):
    user, store = owner
    client.force_login(user)
    response = client.post(reverse("appeals:start"), {"store": store.pk})
    appeal = Appeal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == step_url(appeal, "situation")
    assert current(appeal).answers["signature"]["store_name"] == store.name


def test_cannot_start_an_appeal_for_another_workspaces_store(client, owner):
    _user, store = owner
    outsider, _ws, _store = seller("outsider")
    client.force_login(outsider)
    response = client.post(reverse("appeals:start"), {"store": store.pk})
    assert response.status_code == 302
    assert not Appeal.objects.exists()


def test_situation_step_saves_causes_and_computes_the_rate(client, owner, appeal):
    client.force_login(owner[0])
    response = post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims", "late-shipment-rate"],
            "notice_date": "2026-11-10",
            "notice_text": "Your account has been deactivated.",
            "metrics-0-metric": "odr",
            "metrics-0-period": "60",
            "metrics-0-defects": "2",
            "metrics-0-orders": "126",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == step_url(appeal, "orders")
    answers = Answers.from_dict(current(appeal).answers)
    assert answers.causes == ["odr-a-to-z-claims", "late-shipment-rate"]
    assert str(answers.metrics[0].value) == "1.59"
    assert answers.notice_date == date(2026, 11, 10)


def test_invalid_situation_keeps_every_word_typed(client, owner, appeal):
    client.force_login(owner[0])
    notice = "Dear seller, we have deactivated your account <b>today</b>."
    response = post_step(
        client,
        appeal,
        "situation",
        {
            "notice_text": notice,
            "metrics-0-metric": "odr",
            "metrics-0-defects": "9",
            "metrics-0-orders": "3",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose at least one cause." in body
    assert "more orders with a defect than orders" in body
    assert (
        "Dear seller, we have deactivated your account &lt;b&gt;today&lt;/b&gt;."
        in body
    )
    assert current(appeal).revision == 0


def test_same_step_submitted_twice_gives_one_saved_state(client, owner, appeal):
    client.force_login(owner[0])
    revision = current(appeal).revision
    first = client.post(
        step_url(appeal, "orders"),
        {"revision": revision, "order_ids": "111-1111111-1111111"},
    )
    second = client.post(
        step_url(appeal, "orders"),
        {"revision": revision, "order_ids": "222-2222222-2222222"},
    )
    assert first.status_code == 302
    assert second.status_code == 409
    assert "changed in another tab" in second.content.decode()
    assert "222-2222222-2222222" in second.content.decode()  # nothing typed is lost
    saved = current(appeal)
    assert saved.revision == revision + 1
    assert [o["id"] for o in saved.answers["orders"]] == ["111-1111111-1111111"]


def test_after_a_conflict_saving_again_deliberately_overwrites(client, owner, appeal):
    client.force_login(owner[0])
    revision = current(appeal).revision
    post_step(client, appeal, "orders", {"order_ids": "111-1111111-1111111"})
    conflict = client.post(
        step_url(appeal, "orders"),
        {"revision": revision, "order_ids": "222-2222222-2222222"},
    )
    fresh_revision = conflict.context["form"].data["revision"]
    again = client.post(
        step_url(appeal, "orders"),
        {"revision": fresh_revision, "order_ids": "222-2222222-2222222"},
    )
    assert again.status_code == 302
    assert current(appeal).answers["orders"][0]["id"] == "222-2222222-2222222"


def _order_ids(n, rng):
    return [
        f"{rng.randint(100, 999)}-{rng.randint(10**6, 10**7 - 1)}-{rng.randint(10**6, 10**7 - 1)}"
        for _ in range(n)
    ]


def test_2000_pasted_ids_keep_1985_valid_and_list_15_bad(client, owner, appeal):
    rng = random.Random(7)
    good = list(dict.fromkeys(_order_ids(2100, rng)))[:1985]
    bad = [f"BAD-{n}" for n in range(10)] + [
        "12-1234567-1234567",
        "123-123456-1234567",
        "123-1234567-123456",
        "1231234567123456",
        "123_1234567_1234567",
    ]
    pasted = good + bad
    rng.shuffle(pasted)
    separators = ["\n", ", ", "\t", " ", ";"]
    text = "order-id\n" + "".join(item + rng.choice(separators) for item in pasted)
    client.force_login(owner[0])
    response = post_step(client, appeal, "orders", {"order_ids": text})
    assert response.status_code == 200  # stays to list the bad entries
    saved = [o["id"] for o in current(appeal).answers["orders"]]
    assert sorted(saved) == sorted(good)
    body = response.content.decode()
    assert "15 entries are not Amazon order IDs" in body
    for entry in bad:
        assert f"<li>{entry}</li>" in body
    skip = post_step(client, appeal, "orders", {"order_ids": text, "skip_invalid": "1"})
    assert skip.status_code == 302
    assert skip["Location"] == step_url(appeal, "root-causes")


def test_order_notes_attach_to_their_orders(client, owner, appeal):
    client.force_login(owner[0])
    post_step(
        client,
        appeal,
        "orders",
        {
            "order_ids": "111-1111111-1111111\n222-2222222-2222222",
            "notes": "111-1111111-1111111 A-to-z claim: item not received",
        },
    )
    orders = current(appeal).answers["orders"]
    assert orders[0] == {
        "id": "111-1111111-1111111",
        "note": "A-to-z claim: item not received",
    }
    assert orders[1]["note"] == ""


def _choose_causes(client, appeal, causes):
    post_step(client, appeal, "situation", {"causes": causes})


def test_root_causes_pick_edit_reorder_and_write_own(client, owner, appeal):
    client.force_login(owner[0])
    _choose_causes(client, appeal, ["odr-a-to-z-claims"])
    page = client.get(step_url(appeal, "root-causes"))
    rows = page.context["form"].rows
    assert len(rows) >= 4
    first, second = rows[0]["suggestion"], rows[1]["suggestion"]
    response = post_step(
        client,
        appeal,
        "root-causes",
        {
            "suggested-0-pick": "on",
            "suggested-0-text": first.text,
            "suggested-0-order": "2",
            "suggested-1-pick": "on",
            "suggested-1-text": "We changed the wording: <b>our</b> own text {seller_id}.",
            "suggested-1-order": "3",
            "own-0-title": "Warehouse move",
            "own-0-text": "We moved warehouses and lost track of parcels for a week.",
            "own-0-order": "1",
        },
    )
    assert response.status_code == 302
    chosen = current(appeal).answers["root_causes"]
    assert [rc["title"] for rc in chosen] == [
        "Warehouse move",
        first.title,
        second.title,
    ]
    assert chosen[1]["ref"] == first.ref and chosen[1]["text"] is None
    assert (
        chosen[2]["text"] == "We changed the wording: <b>our</b> own text {seller_id}."
    )


def test_root_causes_step_requires_one(client, owner, appeal):
    client.force_login(owner[0])
    _choose_causes(client, appeal, ["wrong-condition"])
    response = post_step(client, appeal, "root-causes", {})
    assert response.status_code == 200
    assert "Choose at least one root cause" in response.content.decode()


def _plan_ready(client, appeal):
    _choose_causes(client, appeal, ["odr-a-to-z-claims"])
    post_step(
        client,
        appeal,
        "root-causes",
        {"suggested-0-pick": "on", "suggested-1-pick": "on"},
    )


def test_plan_warns_about_a_root_cause_without_both_kinds(client, owner, appeal):
    client.force_login(owner[0])
    _plan_ready(client, appeal)
    page = client.get(step_url(appeal, "plan"))
    group = next(page.context["form"].bound_groups())
    corrective = next(
        r for r in group["rows"] if r["kind"] == "corrective" and r["suggestion"]
    )
    post_step(
        client,
        appeal,
        "plan",
        {
            f"{corrective['prefix']}-pick": "on",
            f"{corrective['prefix']}-done_on": "2026-11-01",
        },
    )
    page = client.get(step_url(appeal, "plan"))
    assert "No preventive measure yet" in page.content.decode()
    actions = current(appeal).answers["root_causes"][0]["actions"]
    assert [a["kind"] for a in actions] == ["corrective"]
    assert actions[0]["done_on"] == "2026-11-01"


def test_plan_refuses_a_corrective_date_in_the_future(client, owner, appeal):
    client.force_login(owner[0])
    _plan_ready(client, appeal)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post_step(
        client,
        appeal,
        "plan",
        {
            "plan-0-own-corrective-0-text": "We refunded every buyer.",
            "plan-0-own-corrective-0-done_on": tomorrow,
        },
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.content.decode()
    assert "We refunded every buyer." in response.content.decode()


def test_back_button_saves_and_goes_back(client, owner, appeal):
    client.force_login(owner[0])
    response = post_step(
        client,
        appeal,
        "orders",
        {"order_ids": "111-1111111-1111111", "go": "situation"},
    )
    assert response["Location"] == step_url(appeal, "situation")
    assert current(appeal).answers["orders"][0]["id"] == "111-1111111-1111111"


def facts(row) -> dict:
    """A value for each fact slot of a suggestion row, as a seller fills them."""
    return {f.html_name: f"our fact {n}" for n, f in enumerate(row["slots"])}


def _complete(client, appeal):
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
    post_step(
        client,
        appeal,
        "orders",
        {"order_ids": "111-1111111-1111111 222-2222222-2222222"},
    )
    page = client.get(step_url(appeal, "root-causes"))
    first = page.context["form"].rows[0]
    post_step(client, appeal, "root-causes", {"suggested-0-pick": "on", **facts(first)})
    page = client.get(step_url(appeal, "plan"))
    data = {}
    for row in next(page.context["form"].bound_groups())["rows"]:
        if row["suggestion"]:
            data[f"{row['prefix']}-pick"] = "on"
            data.update(facts(row))
            if row["kind"] == "corrective":
                data[f"{row['prefix']}-done_on"] = "2026-11-02"
    post_step(client, appeal, "plan", data)
    post_step(
        client,
        appeal,
        "closing",
        {
            "name": "Li Wei",
            "store_name": "Brightsound Audio",
            "seller_id": "A2B3C4",
            "email": "li@example.com",
        },
    )


def test_review_shows_letter_in_both_shapes_with_copy_blocks(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    classic = client.get(step_url(appeal, "review")).content.decode()
    assert "111-1111111-1111111" in classic and "1.59%" in classic
    form = client.get(step_url(appeal, "review") + "?shape=amazon_form")
    blocks = form.context["blocks"]
    assert len(blocks) == 3
    assert all(b.chars == len(b.text) and b.text for b in blocks)
    assert "data-copy-target" in form.content.decode()


@pytest.mark.parametrize(
    "fmt,content_type",
    [
        ("txt", "text/plain"),
        ("md", "text/markdown"),
        ("docx", "application/vnd.openxml"),
    ],
)
def test_exports_download_the_letter(client, owner, appeal, fmt, content_type):
    client.force_login(owner[0])
    _complete(client, appeal)
    response = client.get(reverse("appeals:export", args=[appeal.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment;" in response["Content-Disposition"]
    if fmt != "docx":
        assert "222-2222222-2222222" in response.content.decode("utf-8")


def test_failed_pdf_render_gives_a_clear_message_and_keeps_the_draft(
    client, owner, appeal, monkeypatch
):
    from appeals import pdf

    def broken(*args, **kwargs):
        raise pdf.PdfRenderError("renderer crashed")

    monkeypatch.setattr(pdf, "to_pdf", broken)
    client.force_login(owner[0])
    _complete(client, appeal)
    before = current(appeal).answers
    response = client.get(
        reverse("appeals:export", args=[appeal.pk, "pdf"]), follow=True
    )
    assert "The PDF could not be made" in response.content.decode()
    assert current(appeal).answers == before
    assert (
        client.get(reverse("appeals:export", args=[appeal.pk, "txt"])).status_code
        == 200
    )


def test_hand_edit_is_kept_and_can_be_reset(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    edit_url = reverse("appeals:edit_letter", args=[appeal.pk])
    client.post(
        edit_url,
        {
            "revision": current(appeal).revision,
            "shape": "classic",
            "text": "My own letter.\n\n1. First step",
        },
    )
    # A hand edit is checked as its own text: this one has blockers, so the export
    # asks first; confirmed, it downloads as written.
    text = client.get(
        reverse("appeals:export", args=[appeal.pk, "txt"]) + "?confirm=1"
    ).content.decode()
    assert "My own letter." in text
    # Later step edits do not reach a hand-edited letter...
    post_step(client, appeal, "orders", {"order_ids": "333-3333333-3333333"})
    assert (
        "333-3333333-3333333"
        not in client.get(
            reverse("appeals:export", args=[appeal.pk, "txt"]) + "?confirm=1"
        ).content.decode()
    )
    # ...until the seller resets it.
    client.post(edit_url, {"reset": "1", "shape": "classic"})
    text = client.get(
        reverse("appeals:export", args=[appeal.pk, "txt"]) + "?confirm=1"
    ).content.decode()
    assert "My own letter." not in text and "333-3333333-3333333" in text


def test_rounds_submit_reply_highlight_and_history(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    client.post(
        reverse("appeals:submit", args=[appeal.pk]), {"submitted_on": "2026-11-05"}
    )
    first = current(appeal)
    assert (
        first.submitted_on == date(2026, 11, 5)
        and "111-1111111-1111111" in first.sent_text
    )
    reply = "We need more information. Please explain the root cause and how you will prevent it in the future."
    response = client.post(
        reverse("appeals:next_round", args=[appeal.pk]),
        {
            "outcome": "more_info",
            "reply_received_on": "2026-11-07",
            "amazon_reply": reply,
        },
    )
    second = current(appeal)
    assert second.number == 2 and second.answers == first.answers
    assert response["Location"] == step_url(appeal, "root-causes")
    page = client.get(step_url(appeal, "plan")).content.decode()
    assert "highlight-section" in page and "Amazon asked" in page
    post_step(client, appeal, "orders", {"order_ids": "444-4444444-4444444"})
    history = client.get(reverse("appeals:history", args=[appeal.pk])).content.decode()
    assert '<ins class="diff-add">' in history and "444-4444444-4444444" in history
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.MORE_INFO


def test_clone_starts_a_new_appeal_without_the_old_orders(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    response = client.post(
        reverse("appeals:clone", args=[appeal.pk]),
        {"store": owner[1].pk, "title": "Next case"},
    )
    clone = Appeal.objects.exclude(pk=appeal.pk).get()
    assert response["Location"] == step_url(clone, "situation")
    answers = current(clone).answers
    assert answers["orders"] == [] and answers["root_causes"]
    assert all(
        a["done_on"] is None for rc in answers["root_causes"] for a in rc["actions"]
    )
    assert clone.source == appeal


def test_appeal_list_filters_by_status_and_cause(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    listing = client.get(reverse("appeals:list"), {"cause": "odr-a-to-z-claims"})
    assert appeal in listing.context["page"].object_list
    listing = client.get(reverse("appeals:list"), {"cause": "wrong-condition"})
    assert appeal not in listing.context["page"].object_list
    listing = client.get(reverse("appeals:list"), {"status": "reinstated"})
    assert appeal not in listing.context["page"].object_list


def test_live_letter_follows_unsaved_answers(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    response = client.post(
        reverse("appeals:live_letter", args=[appeal.pk, "orders"]),
        {"order_ids": "555-5555555-5555555", "revision": 0},
    )
    assert response.status_code == 200
    assert "555-5555555-5555555" in response.content.decode()
    assert "555-5555555-5555555" not in json.dumps(current(appeal).answers)


APPEAL_URLS = [
    ("get", "appeals:detail", ()),
    ("get", "appeals:step", ("situation",)),
    ("get", "appeals:step", ("review",)),
    ("post", "appeals:step", ("orders",)),
    ("post", "appeals:live_letter", ("orders",)),
    ("post", "appeals:edit_letter", ()),
    ("post", "appeals:set_shape", ()),
    ("get", "appeals:export", ("txt",)),
    ("get", "appeals:export", ("pdf",)),
    ("post", "appeals:submit", ()),
    ("post", "appeals:next_round", ()),
    ("post", "appeals:outcome", ()),
    ("get", "appeals:history", ()),
    ("post", "appeals:clone", ()),
    ("post", "appeals:escalate", ()),
]


@pytest.mark.parametrize("method,name,args", APPEAL_URLS)
def test_other_workspace_gets_404(client, appeal, method, name, args):
    outsider, _ws, _store = seller("outsider")
    client.force_login(outsider)
    url = reverse(name, args=[appeal.pk, *args])
    response = getattr(client, method)(url)
    assert response.status_code == 404


@pytest.mark.parametrize("method,name,args", APPEAL_URLS)
def test_curator_gets_404(client, appeal, method, name, args):
    from django.contrib.auth.models import Group

    from accounts.selectors import CURATOR_GROUP

    curator = UserFactory(username="curator", is_staff=True)
    curator.groups.add(Group.objects.get_or_create(name=CURATOR_GROUP)[0])
    client.force_login(curator)
    response = getattr(client, method)(reverse(name, args=[appeal.pk, *args]))
    assert response.status_code == 404


def test_member_and_linked_consultant_reach_the_appeal_until_revoked(client, appeal):
    member = MembershipFactory(
        workspace=appeal.workspace, role=Membership.Role.MEMBER
    ).user
    client.force_login(member)
    assert client.get(step_url(appeal, "situation")).status_code == 200
    link = ClientLinkFactory(client=appeal.workspace)
    consultant = MembershipFactory(workspace=link.consultancy).user
    client.force_login(consultant)
    assert client.get(step_url(appeal, "situation")).status_code == 200
    link.revoked_at = timezone.now()
    link.save()
    assert client.get(step_url(appeal, "situation")).status_code == 404


def test_unknown_step_is_404(client, owner, appeal):
    client.force_login(owner[0])
    assert client.get(step_url(appeal, "nope")).status_code == 404


def test_situation_is_prefilled_from_imported_metrics(client, owner, appeal):
    _user, store = owner
    day = datetime(2026, 10, 1, 12, tzinfo=UTC)
    for n in range(126):
        Order.objects.create(
            store=store,
            order_id=f"111-{n:07d}-0000000",
            purchase_date=day,
            status="Shipped",
            fulfillment_channel="Merchant",
        )
    for n in (1, 2):
        Defect.objects.create(
            store=store,
            order_id=f"111-{n:07d}-0000000",
            kind=Defect.Kind.A_TO_Z_CLAIM,
            date=day.date(),
        )
    client.force_login(owner[0])
    page = client.get(step_url(appeal, "situation"))
    form = page.context["form"]
    assert form.prefilled
    figure = form.metrics.forms[0].initial
    assert figure["metric"] == "odr"
    assert str(figure["value"]) == "1.59"
    assert (figure["defects"], figure["orders"]) == (2, 126)
    assert "come from the order reports you imported" in page.content.decode()


def test_situation_keeps_the_sellers_own_figures_over_imported_ones(
    client, owner, appeal
):
    client.force_login(owner[0])
    post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-0-metric": "odr",
            "metrics-0-value": "2.5",
        },
    )
    form = client.get(step_url(appeal, "situation")).context["form"]
    assert not form.prefilled and str(form.metrics.forms[0].initial["value"]) == "2.5"


def test_situation_refuses_a_rate_that_contradicts_its_counts(client, owner, appeal):
    client.force_login(owner[0])
    response = post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-0-metric": "odr",
            "metrics-0-value": "1.20",
            "metrics-0-defects": "2",
            "metrics-0-orders": "126",
        },
    )
    assert response.status_code == 200
    assert "2 of 126 orders is 1.59%, not 1.20%" in response.content.decode()
    accepted = post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-0-metric": "odr",
            "metrics-0-value": "1.59",
            "metrics-0-defects": "2",
            "metrics-0-orders": "126",
        },
    )
    assert accepted.status_code == 302


def test_notes_for_orders_not_in_the_list_are_refused_not_dropped(
    client, owner, appeal
):
    client.force_login(owner[0])
    response = post_step(
        client,
        appeal,
        "orders",
        {
            "order_ids": "111-1111111-1111111",
            "notes": "999-9999999-9999999 A-to-z claim",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "not in the list above: 999-9999999-9999999" in body
    assert "999-9999999-9999999 A-to-z claim" in body  # kept as typed
    assert current(appeal).answers["orders"] == []


def test_more_order_ids_than_an_appeal_can_name_are_refused(client, owner, appeal):
    from appeals.forms import MAX_ORDER_IDS

    rng = random.Random(3)
    ids = list(dict.fromkeys(_order_ids(MAX_ORDER_IDS + 200, rng)))[: MAX_ORDER_IDS + 1]
    client.force_login(owner[0])
    response = post_step(client, appeal, "orders", {"order_ids": "\n".join(ids)})
    assert response.status_code == 200
    assert f"an appeal can name at most {MAX_ORDER_IDS}" in response.content.decode()
    assert current(appeal).answers["orders"] == []


def test_a_double_clicked_next_round_opens_one_round(client, owner, appeal):
    client.force_login(owner[0])
    _complete(client, appeal)
    client.post(
        reverse("appeals:submit", args=[appeal.pk]), {"submitted_on": "2026-11-05"}
    )
    reply = {
        "outcome": "rejected",
        "reply_received_on": "2026-11-07",
        "amazon_reply": "Please explain the root cause.",
    }
    client.post(reverse("appeals:next_round", args=[appeal.pk]), reply)
    second = client.post(
        reverse("appeals:next_round", args=[appeal.pk]), reply, follow=True
    )
    assert list(appeal.rounds.values_list("number", flat=True)) == [1, 2]
    assert current(appeal).amazon_reply == ""
    assert "Mark this round as submitted" in second.content.decode()


def test_an_appeal_without_rounds_answers_404_not_500(client, owner, appeal):
    appeal.rounds.all().delete()
    client.force_login(owner[0])
    for name in ("situation", "review"):
        assert client.get(step_url(appeal, name)).status_code == 404
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert client.post(reverse("appeals:clone", args=[appeal.pk])).status_code == 404


def test_a_clone_is_titled_after_its_own_store(client, owner, appeal):
    appeal.title = "Order Defect Rate — Other Client Store"
    appeal.save()
    client.force_login(owner[0])
    client.post(reverse("appeals:clone", args=[appeal.pk]), {"store": owner[1].pk})
    clone = Appeal.objects.exclude(pk=appeal.pk).get()
    # The default title: the new appeal's own store, then its causes; nothing of the
    # source's title, and it follows the answers until someone writes one.
    assert clone.title.startswith(owner[1].name)
    assert "Other Client" not in clone.title
    assert not clone.title_custom


def test_a_step_posted_without_or_with_tampered_management_forms_keeps_the_saved_plan(
    client, owner, appeal
):
    """A page from before the formsets (no management form) must not read as empty
    rows and wipe what was saved; a tampered row count is ignored."""
    client.force_login(owner[0])
    post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-0-metric": "odr",
            "metrics-0-defects": "2",
            "metrics-0-orders": "126",
        },
    )
    saved = current(appeal).answers["metrics"]
    assert saved and saved[0]["value"] == "1.59"
    response = client.post(
        step_url(appeal, "situation"),
        {"revision": current(appeal).revision, "causes": ["odr-a-to-z-claims"]},
    )
    assert response.status_code == 200  # refused with a message, nothing saved
    assert current(appeal).answers["metrics"] == saved
    response = post_step(
        client,
        appeal,
        "situation",
        {
            "causes": ["odr-a-to-z-claims"],
            "metrics-TOTAL_FORMS": "0",
            "metrics-0-metric": "odr",
            "metrics-0-defects": "2",
            "metrics-0-orders": "126",
        },
    )
    assert response.status_code == 302
    assert current(appeal).answers["metrics"] == saved
