"""The checker where sellers meet it: the appeals list badge, the export confirm,
and Amazon's rejection replies raising what they ask about."""

import pytest
from django.urls import reverse

from appeals.services import (
    appeal_create,
    round_save_answers,
    round_start_next,
    round_submit,
)
from library import checker
from library import selectors as library_selectors
from library import services as library
from library.answers import Answers
from tests.appeals.conftest import odr_not_received
from tests.factories import seller
from tests.test_roundtrip import LIBRARY

pytestmark = pytest.mark.django_db

CANNED = {
    "root_causes": "Please provide greater detail on the root causes of the issue.",
    "corrective": "Please provide greater detail on the actions you have taken.",
    "preventive": "Please provide greater detail on the steps to prevent the issue.",
}


@pytest.fixture
def appeal(client):
    library.library_import(data=LIBRARY)
    library.library_publish(note="checker")
    user, _workspace, store = seller("checked")
    client.force_login(user)
    appeal = appeal_create(user=user, store=store)
    round = appeal.rounds.get()
    round_save_answers(round=round, answers=odr_not_received(), revision=round.revision)
    return appeal


def _drop_preventive(appeal):
    round = appeal.rounds.order_by("-number").first()
    answers = Answers.from_dict(round.answers)
    answers.root_causes[0].actions = [
        a for a in answers.root_causes[0].actions if a.kind != "preventive"
    ]
    round_save_answers(round=round, answers=answers, revision=round.revision)


def test_the_list_shows_blockers_and_warnings_per_appeal(client, appeal):
    page = client.get(reverse("appeals:list")).content.decode()
    assert "must fix" not in page
    _drop_preventive(appeal)
    page = client.get(reverse("appeals:list")).content.decode()
    assert "1 must fix" in page


def test_export_with_a_blocker_asks_for_a_confirm_that_names_it(client, appeal):
    _drop_preventive(appeal)
    url = reverse("appeals:export", args=[appeal.pk, "txt"])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    body = page.content.decode()
    assert "has no preventive measure" in body
    assert f"{url}?shape=classic&amp;confirm=1" in body
    download = client.get(url, {"confirm": "1"})
    assert download["Content-Disposition"].startswith("attachment")


def test_export_without_blockers_downloads_at_once(client, appeal):
    response = client.get(reverse("appeals:export", args=[appeal.pk, "md"]))
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("part", sorted(CANNED))
def test_a_canned_rejection_raises_the_sections_it_asks_about(client, appeal, part):
    """Each of Amazon's canned phrases raises its section's findings one severity and
    the steps say what greater detail means there."""
    _drop_preventive(appeal)
    round = appeal.rounds.get()
    answers = Answers.from_dict(round.answers)
    answers.root_causes[1].actions[0].done_on = None  # an undated corrective: warning
    answers.metrics = []  # an ODR cause without its figure: warning
    round_save_answers(round=round, answers=answers, revision=round.revision)
    round.refresh_from_db()
    round_submit(round=round, submitted_on=round.updated_at.date())
    round_start_next(
        round=round,
        outcome="more_info",
        amazon_reply=CANNED[part],
        reply_received_on=round.updated_at.date(),
    )
    text = "x"
    from appeals.rounds import reply_focus
    from appeals.selectors import round_findings

    assert reply_focus(CANNED[part]) == [part]
    current = appeal.rounds.get(number=2)
    found = round_findings(round=current, text=text, shape="classic", focus=[part])
    raised = {f.category for f in found if f.raised}
    assert raised and raised <= checker.FOCUS_CATEGORIES[part]
    undated = [f for f in found if f.category == "corrective_not_done"]
    assert undated[0].severity == (
        checker.BLOCKER if part == "corrective" else checker.WARNING
    )
    page = client.get(
        reverse("appeals:step", args=[appeal.pk, "plan"])
    ).content.decode()
    assert "Greater detail on" in page


def test_curators_switch_a_rule_off_change_its_severity_and_see_it_fire(client):
    from library.models import CheckerRule
    from tests.factories import curator

    library.checker_rules_sync()
    assert CheckerRule.objects.count() == len(checker.RULES)
    url = reverse("appeals:check_letter")
    text = "It was the buyer's fault. Thanks, {store_name}."
    client.force_login(curator())
    page = client.post(url, {"shape": "classic", "text": text}).content.decode()
    assert "A gap was left unfilled." in page
    assert CheckerRule.objects.get(rule="placeholder").fired == 1

    admin_list = reverse("admin:library_checkerrule_changelist")
    assert "placeholder" in client.get(admin_list).content.decode()
    rule = CheckerRule.objects.get(rule="placeholder")
    change = reverse("admin:library_checkerrule_change", args=[rule.pk])
    response = client.post(change, {"enabled": "", "severity": ""})
    assert response.status_code == 302
    page = client.post(url, {"shape": "classic", "text": text}).content.decode()
    assert "A gap was left unfilled." not in page

    blame = CheckerRule.objects.get(rule="blame")
    client.post(
        reverse("admin:library_checkerrule_change", args=[blame.pk]),
        {"enabled": "on", "severity": "tip"},
    )
    found = checker.check(text, settings=library_selectors.checker_settings())
    assert {f.category: f.severity for f in found}["blame"] == checker.TIP
    assert CheckerRule.objects.get(rule="blame").fired == 2


def test_a_hand_edited_letter_is_checked_as_its_text(client, appeal):
    from appeals.services import round_edit_text

    round = appeal.rounds.get()
    round_edit_text(
        round=round,
        text="We are sorry. We will ship the remaining orders next week.",
        shape="classic",
        revision=round.revision,
    )
    page = client.get(reverse("appeals:export", args=[appeal.pk, "txt"]))
    assert page["Content-Type"].startswith("text/html")
    assert "No action already taken is named" in page.content.decode()
