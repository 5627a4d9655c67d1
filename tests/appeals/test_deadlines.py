"""Deadlines: 17 days from Amazon's notice (per appeal), two rejections, and a warning
when a round would be sent too soon after the last one."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from appeals import deadlines
from appeals.models import Appeal
from appeals.services import appeal_create, appeal_set_outcome, round_submit
from library.answers import Answers
from tests.factories import seller

from .test_views import current, post_step


def test_deadline_is_the_notice_date_plus_the_appeals_days():
    notice = date(2026, 11, 10)
    due = deadlines.deadline(notice, 17, today=date(2026, 11, 20))
    assert (due.due, due.days_left, due.overdue, due.this_week) == (
        date(2026, 11, 27),
        7,
        False,
        True,
    )
    late = deadlines.deadline(notice, 17, today=date(2026, 11, 30))
    assert (late.overdue, late.days_overdue) == (True, 3)
    assert deadlines.deadline(None, 17, today=notice) is None


def test_strikes_and_cooldown():
    assert deadlines.strikes(["rejected", "more_info", "rejected", "pending"]) == 2
    today = date(2026, 11, 25)
    assert deadlines.too_soon(today - timedelta(days=1), today, 2) == 1
    assert deadlines.too_soon(today - timedelta(days=2), today, 2) is None
    assert deadlines.too_soon(None, today, 2) is None


def test_the_notice_date_saved_in_the_wizard_sets_the_deadline(client, owner, appeal):
    client.force_login(owner[0])
    post_step(
        client,
        appeal,
        "situation",
        {"causes": ["odr-a-to-z-claims"], "notice_date": "2026-11-20"},
    )
    appeal.refresh_from_db()
    assert appeal.notice_date == date(2026, 11, 20)
    assert appeal.deadline(date(2026, 11, 25)).due == date(2026, 12, 7)


def test_the_dashboard_lists_this_weeks_deadlines_and_only_the_users(client, owner):
    user, store = owner
    today = timezone.localdate()
    soon = appeal_create(
        user=user, store=store, answers=Answers(notice_date=today - timedelta(days=12))
    )
    overdue = appeal_create(
        user=user, store=store, answers=Answers(notice_date=today - timedelta(days=20))
    )
    later = appeal_create(
        user=user, store=store, answers=Answers(notice_date=today - timedelta(days=1))
    )
    done = appeal_create(
        user=user, store=store, answers=Answers(notice_date=today - timedelta(days=15))
    )
    round_submit(round=current(done), submitted_on=today)
    appeal_set_outcome(
        round=current(done), outcome="reinstated", reply_received_on=today
    )
    stranger, _ws, their_store = seller("stranger")
    theirs = appeal_create(
        user=stranger,
        store=their_store,
        answers=Answers(notice_date=today - timedelta(days=12)),
    )
    client.force_login(user)
    page = client.get(reverse("dashboard"))
    listed = [a.pk for a in page.context["due_soon"]]
    assert listed == [overdue.pk, soon.pk]  # soonest (most overdue) first
    assert later.pk not in listed and done.pk not in listed
    assert theirs.pk not in listed
    html = page.content.decode()
    assert "Overdue by 3 days" in html and "5 days left" in html


def test_the_overview_shows_the_deadline_strikes_and_a_cooldown_warning(client, owner):
    user, store = owner
    today = timezone.localdate()
    appeal = appeal_create(
        user=user, store=store, answers=Answers(notice_date=today - timedelta(days=3))
    )
    client.force_login(user)
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert page.context["due"].days_left == 14 and page.context["strikes"] == 0
    assert page.context["too_soon"] is None
    first = current(appeal)
    round_submit(round=first, submitted_on=today - timedelta(days=1))
    client.post(
        reverse("appeals:next_round", args=[appeal.pk]),
        {
            "outcome": "rejected",
            "amazon_reply": "We need more detail.",
            "reply_received_on": today.isoformat(),
        },
    )
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert Appeal.objects.get(pk=appeal.pk).status == Appeal.Status.REJECTED
    assert page.context["strikes"] == 1
    assert page.context["too_soon"] == 1
    assert 'id="cooldown"' in page.content.decode()
