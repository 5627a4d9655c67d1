"""Escalating a rejected appeal: the overview's button, the round it makes (to the
suspending team, then executive seller relations, then no further), and the escalation
letter through review, live letter, checker, exports and submission."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from appeals import selectors
from appeals.models import Appeal, Round
from appeals.services import (
    appeal_create,
    appeal_set_outcome,
    round_edit_text,
    round_submit,
)
from library import exports
from library.answers import Answers, Signature
from library.concepts import addressee as addressees
from library.models import LibraryVersion
from library.services import checksum
from tests.factories import seller

from .conftest import load_library, odr_not_received

SP, TEAM, EXEC = (
    addressees.SELLER_PERFORMANCE,
    addressees.SUSPENDING_TEAM,
    addressees.EXECUTIVE,
)
BUTTON_TEAM = "Escalate to the suspending team"
BUTTON_EXEC = "Escalate to executive seller relations"


@pytest.fixture
def filled(owner):
    """An appeal with the answers of the fifth real case (ODR, two claims)."""
    user, store = owner
    return appeal_create(user=user, store=store, answers=odr_not_received())


def rounds(appeal) -> list[Round]:
    return list(appeal.rounds.order_by("number"))


def current(appeal) -> Round:
    return appeal.rounds.order_by("-number").first()


def detail(client, appeal):
    return client.get(reverse("appeals:detail", args=[appeal.pk]))


def escalate(client, appeal):
    return client.post(reverse("appeals:escalate", args=[appeal.pk]))


def answer(client, appeal, outcome, sent=date(2026, 11, 5), replied=date(2026, 11, 9)):
    """Send the current round and record Amazon's answer as the overview does (the
    next round opens with the letter copied)."""
    if current(appeal).submitted_on is None:  # a sent round is sent once
        round_submit(round=current(appeal), submitted_on=sent)
    response = client.post(
        reverse("appeals:next_round", args=[appeal.pk]),
        {
            "outcome": outcome,
            "amazon_reply": "Your appeal does not address the root cause.",
            "reply_received_on": replied.isoformat(),
        },
    )
    assert response.status_code == 302


def error_messages(response) -> list[str]:
    return [
        m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"
    ]


def test_no_escalation_before_a_rejection(client, owner, filled):
    client.force_login(owner[0])
    page = detail(client, filled)
    assert page.context["escalation"] is None
    assert BUTTON_TEAM not in page.content.decode()
    round_submit(round=current(filled), submitted_on=date(2026, 11, 5))  # pending
    assert BUTTON_TEAM not in detail(client, filled).content.decode()
    answer(client, filled, "more_info", sent=date(2026, 11, 5))
    page = detail(client, filled)
    assert page.context["escalation"] is None
    assert 'id="escalate"' not in page.content.decode()


def test_refused_when_not_rejected_with_a_message_and_no_round(client, owner, filled):
    client.force_login(owner[0])
    response = escalate(client, filled)
    assert (
        response.status_code == 302
        and response["Location"] == filled.get_absolute_url()
    )
    assert "cannot be escalated now" in error_messages(response)[0]
    assert [(r.number, r.addressee) for r in rounds(filled)] == [(1, SP)]
    answer(client, filled, "more_info")
    response = escalate(client, filled)
    assert error_messages(response)
    assert [(r.number, r.addressee) for r in rounds(filled)] == [(1, SP), (2, SP)]


def test_a_rejection_offers_the_suspending_team_and_the_open_round_becomes_it(
    client, owner, filled
):
    client.force_login(owner[0])
    answer(client, filled, "rejected")
    draft = current(filled)
    round_edit_text(
        round=draft,
        text="A letter for Seller Performance.",
        shape="classic",
        revision=draft.revision,
    )
    page = detail(client, filled)
    html = page.content.decode()
    assert BUTTON_TEAM in html and BUTTON_EXEC not in html
    assert page.context["escalation"].to.code == TEAM

    response = escalate(client, filled)
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:step", args=[filled.pk, "review"])
    assert [(r.number, r.addressee) for r in rounds(filled)] == [(1, SP), (2, TEAM)]
    escalation = current(filled)
    assert escalation.pk == draft.pk and escalation.submitted_on is None
    assert escalation.answers == rounds(filled)[0].answers
    assert escalation.edited_text == "" and escalation.revision > draft.revision
    assert Appeal.objects.get(pk=filled.pk).status == Appeal.Status.REJECTED

    page = detail(client, filled)
    html = page.content.decode()
    assert BUTTON_TEAM not in html and page.context["escalation"] is None
    assert (
        '<dd class="col-sm-8" id="round-addressee">Suspending team (escalation 1)'
        in html
    )
    assert "<td>Seller Performance</td>" in html
    assert "<td>Suspending team (escalation 1)</td>" in html


def test_a_rejected_current_round_gets_a_new_round_on_the_newest_library(
    client, owner, filled
):
    """Amazon's rejection recorded on the newest round itself (no open round after
    it): escalating adds the next round, as round_start_next would, pinned to the
    newest published library."""
    client.force_login(owner[0])
    first = current(filled)
    round_submit(round=first, submitted_on=date(2026, 11, 5))
    appeal_set_outcome(round=first, outcome="rejected", reply_received_on=None)
    data = load_library()
    newer = LibraryVersion.objects.create(number=2, data=data, checksum=checksum(data))
    assert BUTTON_TEAM in detail(client, filled).content.decode()

    escalate(client, filled)
    second = current(filled)
    assert (second.number, second.addressee) == (2, TEAM)
    assert second.library_version == newer and first.library_version != newer
    assert second.answers == first.answers and second.shape == "classic"


def test_level_two_after_a_rejected_level_one_and_nothing_after_level_two(
    client, owner, filled
):
    client.force_login(owner[0])
    answer(
        client, filled, "rejected", sent=date(2026, 11, 5), replied=date(2026, 11, 9)
    )
    escalate(client, filled)
    # The team asks for more: the next round still goes to the team.
    answer(
        client, filled, "more_info", sent=date(2026, 11, 12), replied=date(2026, 11, 14)
    )
    assert current(filled).addressee == TEAM
    assert detail(client, filled).context["escalation"] is None
    answer(
        client, filled, "rejected", sent=date(2026, 11, 16), replied=date(2026, 11, 19)
    )
    html = detail(client, filled).content.decode()
    assert BUTTON_EXEC in html and BUTTON_TEAM not in html

    escalate(client, filled)
    assert [r.addressee for r in rounds(filled)] == [SP, TEAM, TEAM, EXEC]

    answer(
        client, filled, "rejected", sent=date(2026, 11, 23), replied=date(2026, 11, 24)
    )
    page = detail(client, filled)
    assert page.context["escalation"] is None
    assert 'id="escalate"' not in page.content.decode()
    response = escalate(client, filled)
    assert "cannot be escalated now" in error_messages(response)[0]
    assert [r.addressee for r in rounds(filled)] == [SP, TEAM, TEAM, EXEC, EXEC]


def test_a_second_click_escalates_once(client, owner, filled):
    client.force_login(owner[0])
    first = current(filled)
    round_submit(round=first, submitted_on=date(2026, 11, 5))
    appeal_set_outcome(round=first, outcome="rejected", reply_received_on=None)
    escalate(client, filled)
    response = escalate(client, filled)
    assert error_messages(response)
    assert [r.addressee for r in rounds(filled)] == [SP, TEAM]


def test_another_workspaces_appeal_is_404_and_unchanged(client, owner, filled):
    client.force_login(owner[0])
    answer(client, filled, "rejected")
    outsider, _workspace, _store = seller("outsider")
    client.force_login(outsider)
    assert escalate(client, filled).status_code == 404
    assert client.get(reverse("appeals:escalate", args=[filled.pk])).status_code == 405
    assert [r.addressee for r in rounds(filled)] == [SP, SP]
    assert escalate(client, Appeal(pk=filled.pk + 1000)).status_code == 404


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_the_escalation_exports_with_its_history(client, owner, filled, fmt):
    client.force_login(owner[0])
    answer(
        client, filled, "rejected", sent=date(2026, 11, 5), replied=date(2026, 11, 9)
    )
    escalate(client, filled)
    response = client.get(
        reverse("appeals:export", args=[filled.pk, fmt]), {"confirm": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "History of this appeal" in body
    assert (
        "Sent to Seller Performance on 5 November 2026: rejected on 9 November 2026."
        in body
    )
    assert "Escalation to the team that suspended our account" in body
    assert "Our plan addresses 2 root causes:" in body
    assert "round2" in response["Content-Disposition"]


def test_review_live_letter_checker_and_submission_use_the_escalation(
    client, owner, filled
):
    client.force_login(owner[0])
    answer(client, filled, "rejected")
    escalate(client, filled)
    review = client.get(reverse("appeals:step", args=[filled.pk, "review"]))
    html = review.content.decode()
    assert "History of this appeal" in review.context["letter_text"]
    assert 'id="escalation-letter"' in html
    assert reverse("appeals:set_shape", args=[filled.pk]) not in html
    # The escalation names no orders or figures: those rules stay quiet for it.
    rules = {
        f.rule
        for f in selectors.round_findings(
            round=current(filled), text=review.context["letter_text"], shape="classic"
        )
    }
    assert not rules & {
        "no-order-ids",
        "metric-cause-without-figure",
        "orders-without-ids",
    }

    live = client.post(
        reverse("appeals:live_letter", args=[filled.pk, "closing"]),
        {"name": "Li Wei", "store_name": "Sunny Audio", "revision": 0},
    )
    assert "History of this appeal" in live.content.decode()

    client.post(
        reverse("appeals:submit", args=[filled.pk]), {"submitted_on": "2026-11-20"}
    )
    sent = current(filled)
    assert sent.submitted_on == date(2026, 11, 20)
    assert "History of this appeal" in sent.sent_text
    assert Appeal.objects.get(pk=filled.pk).status == Appeal.Status.SUBMITTED


def test_the_checker_runs_without_the_plan_rules_only_on_an_escalation(owner):
    """An appeal naming a metric cause without its figure or any order: the usual
    letter is warned, the escalation (which states neither) is not."""
    user, store = owner
    appeal = appeal_create(
        user=user,
        store=store,
        answers=Answers(
            causes=["odr-a-to-z-claims"], signature=Signature(store_name="S")
        ),
    )
    first = current(appeal)

    def rules(round):
        text = exports.to_text(selectors.letter_for(round=round))
        found = selectors.round_findings(round=round, text=text, shape="classic")
        return {f.rule for f in found}

    usual = rules(first)
    assert {"no-order-ids", "metric-cause-without-figure", "no-root-cause"} <= usual
    Round.objects.filter(pk=first.pk).update(addressee=TEAM)
    first.refresh_from_db()
    escalated = rules(first)
    assert not escalated & {
        "no-order-ids",
        "metric-cause-without-figure",
        "no-root-cause",
    }
