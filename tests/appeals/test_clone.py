"""Clone as a template: the plan travels to another client; that client's case does not.

A past appeal with every kind of client-specific answer (orders, figures, notice,
signature, documents, dates, fact slots, the old seller's own words) is cloned for
another store: the reasoning is copied, the facts are not, and what the copy could not
adapt (the old seller's own words) is flagged on the review step."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from appeals.models import Appeal
from appeals.services import appeal_clone, appeal_create
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    MetricFigure,
    OrderRef,
    Signature,
)
from tests.factories import StoreFactory

from .test_views import current, step_url

CARRIER = "odr-a-to-z-claims/unreliable-carrier-tracking"


def past_case() -> Answers:
    return Answers(
        causes=["odr-a-to-z-claims"],
        notice_date=date(2026, 10, 2),
        notice_text="Your account has been deactivated.",
        metrics=[MetricFigure("odr", Decimal("1.59"), 60, 2, 126)],
        orders=[OrderRef("113-4830000-5830000", note="claim")],
        root_causes=[
            ChosenRootCause(
                ref=CARRIER,
                slots={"old_carrier": "Brightsound's China Post account"},
                actions=[
                    ChosenAction(
                        kind="corrective",
                        ref=f"{CARRIER}/switched-to-tracked-carrier",
                        done_on=date(2026, 10, 5),
                        slots={
                            "old_carrier": "China Post",
                            "new_carrier": "YunExpress",
                        },
                    ),
                    ChosenAction(
                        kind="preventive",
                        text="Our supplier in Shenzhen now books tracked shipping.",
                        timeframe="for every order",
                    ),
                ],
            ),
            ChosenRootCause(
                title="Warehouse move",
                text="Brightsound moved its warehouse in September.",
            ),
        ],
        phrases={"closing": "closing-confident"},
        evidence=[EvidenceItem("tracking-records", note="Brightsound scans")],
        signature=Signature(name="Old Seller", store_name="Brightsound Audio"),
    )


def test_the_plan_is_copied_and_the_old_clients_facts_are_not(owner):
    user, store = owner
    source = appeal_create(user=user, store=store, answers=past_case())
    other = StoreFactory(workspace=store.workspace, name="Harbor Home")
    clone = appeal_clone(user=user, source=source, store=other)
    answers = Answers.from_dict(current(clone).answers)
    assert answers.causes == ["odr-a-to-z-claims"]
    assert [rc.ref or rc.title for rc in answers.root_causes] == [
        CARRIER,
        "Warehouse move",
    ]
    kept = answers.root_causes[0].actions
    assert [a.ref for a in kept] == [f"{CARRIER}/switched-to-tracked-carrier", ""]
    assert kept[1].timeframe == "for every order"
    assert answers.phrases == {"closing": "closing-confident"}
    # Not copied: orders, figures, notice, dates, filled slots, documents, signature.
    assert answers.orders == [] and answers.metrics == []
    assert answers.notice_date is None and answers.notice_text == ""
    assert all(a.done_on is None for rc in answers.root_causes for a in rc.actions)
    assert all(not rc.slots for rc in answers.root_causes)
    assert all(not a.slots for rc in answers.root_causes for a in rc.actions)
    assert answers.evidence == []
    assert answers.signature.name != "Old Seller" and "Brightsound" not in clone.title
    assert answers.signature.store_name == "Harbor Home"
    assert clone.source == source and clone.store == other


def test_the_review_step_flags_the_copied_own_words_and_the_empty_facts(client, owner):
    user, store = owner
    source = appeal_create(user=user, store=store, answers=past_case())
    clone = appeal_clone(user=user, source=source, store=store)
    client.force_login(user)
    page = client.get(step_url(clone, "review"))
    html = page.content.decode()
    copied = [item["text"] for item in page.context["copied_wording"]]
    assert copied == [
        "Our supplier in Shenzhen now books tracked shipping.",
        "Brightsound moved its warehouse in September.",
    ]
    assert 'id="copied-wording"' in html
    assert "China Post" not in html and "YunExpress" not in html
    assert "(MISSING: new carrier or service)" in html
    # The source itself shows no such box.
    page = client.get(step_url(source, "review"))
    assert page.context["copied_wording"] == []


def test_cloning_through_the_page_for_another_store(client, owner):
    user, store = owner
    source = appeal_create(user=user, store=store, answers=past_case())
    other = StoreFactory(workspace=store.workspace, name="Harbor Home")
    client.force_login(user)
    response = client.post(
        reverse("appeals:clone", args=[source.pk]), {"store": other.pk}
    )
    clone = Appeal.objects.exclude(pk=source.pk).get()
    assert response["Location"] == step_url(clone, "situation")
    assert Answers.from_dict(current(clone).answers).root_causes[0].slots == {}
