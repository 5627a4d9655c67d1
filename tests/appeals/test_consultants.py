"""The consultants' side of an appeal: titles, assignees, the work table, the library
of past appeals (filters, order, CSV, anonymised), withdrawal and the demo data."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Workspace
from appeals import selectors, services
from appeals.demo import demo_appeals_load
from appeals.models import Appeal, AuditEvent
from library.answers import Answers
from tests.appeals.conftest import odr_not_received
from tests.factories import (
    ClientLinkFactory,
    MembershipFactory,
    UserFactory,
    WorkspaceFactory,
    seller,
)


def _save(appeal: Appeal, answers: Answers) -> None:
    round = appeal.rounds.get()
    services.round_save_answers(round=round, answers=answers, revision=round.revision)


# --- titles ---------------------------------------------------------------------------


def test_the_default_title_follows_store_causes_and_notice_date(appeal):
    assert appeal.title == appeal.store.name
    _save(appeal, odr_not_received())
    appeal.refresh_from_db()
    assert appeal.title == (
        f"{appeal.store.name} · Order Defect Rate above 1% from A-to-z Guarantee "
        "claims · 3 November 2026"
    )
    services.appeal_update_settings(
        appeal=appeal, title="Sunny: carrier case", assignee=None, deadline_days=17
    )
    answers = odr_not_received()
    answers.notice_date = date(2026, 11, 4)
    round = appeal.rounds.get()
    services.round_save_answers(round=round, answers=answers, revision=round.revision)
    appeal.refresh_from_db()
    assert appeal.title == "Sunny: carrier case"  # a title someone wrote stays
    services.appeal_update_settings(
        appeal=appeal, title="", assignee=None, deadline_days=17
    )
    assert appeal.title.endswith("4 November 2026")  # empty: back to the default


def test_the_assignee_is_one_of_the_people_on_the_appeal(client, owner, appeal):
    user, _store = owner
    stranger = UserFactory(username="stranger")
    client.force_login(user)
    url = reverse("appeals:settings", args=[appeal.pk])
    page = client.post(
        url, {"title": "", "deadline_days": "17", "assignee": stranger.pk}
    )
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    appeal.refresh_from_db()
    assert appeal.assignee is None
    # A member of a firm linked to the workspace can be assigned.
    firm = WorkspaceFactory(name="Harbor", kind=Workspace.Kind.CONSULTANCY)
    consultant = UserFactory(username="dana")
    MembershipFactory(user=consultant, workspace=firm, role=Membership.Role.MEMBER)
    ClientLinkFactory(consultancy=firm, client=appeal.workspace)
    response = client.post(
        url, {"title": "", "deadline_days": "10", "assignee": consultant.pk}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.assignee, appeal.deadline_days) == (consultant, 10)


def test_an_edited_deadline_moves_the_due_date(appeal):
    _save(appeal, odr_not_received())
    appeal.refresh_from_db()
    today = date(2026, 11, 10)
    assert appeal.deadline(today).due == date(2026, 11, 20)
    services.appeal_update_settings(
        appeal=appeal, title="", assignee=None, deadline_days=7
    )
    assert appeal.deadline(today).due == date(2026, 11, 10)


# --- the work table -------------------------------------------------------------------


def test_the_work_table_lists_open_appeals_soonest_first_with_filters(owner, version):
    user, store = owner
    today = timezone.localdate()
    made = {}
    for name, days_ago in (("overdue", 20), ("week", 12), ("later", 1), ("none", None)):
        answers = odr_not_received()
        answers.notice_date = today - timedelta(days=days_ago) if days_ago else None
        made[name] = services.appeal_create(user=user, store=store, answers=answers)
    services.round_submit(
        round=made["week"].rounds.get(), submitted_on=today - timedelta(days=4)
    )
    closed = services.appeal_create(user=user, store=store)
    services.appeal_withdraw(appeal=closed)
    rows = selectors.worklist_for(user=user, today=today)
    assert [a.pk for a in rows] == [
        made[n].pk for n in ("overdue", "week", "later", "none")
    ]
    week = rows[1]
    assert (week.days_since_sent, week.due.days_left) == (4, 5)
    assert rows[0].open_documents >= 0
    overdue = selectors.worklist_for(user=user, today=today, due="overdue")
    assert [a.pk for a in overdue] == [made["overdue"].pk]
    soon = selectors.worklist_for(user=user, today=today, due="week")
    assert [a.pk for a in soon] == [made["overdue"].pk, made["week"].pk]
    withdrawn = selectors.worklist_for(user=user, today=today, status="withdrawn")
    assert [a.pk for a in withdrawn] == [closed.pk]
    services.appeal_update_settings(
        appeal=made["later"], title="", assignee=user, deadline_days=17
    )
    mine = selectors.worklist_for(user=user, today=today, assignee="me")
    assert [a.pk for a in mine] == [made["later"].pk]


def test_open_documents_count_what_the_causes_call_for_and_is_not_ticked(owner):
    user, store = owner
    answers = Answers(causes=["inauthentic-invoices-requested"])
    appeal = services.appeal_create(user=user, store=store, answers=answers)
    round = appeal.rounds.get()
    needed = selectors.open_documents(round=round)
    assert needed > 0
    answers = Answers.from_dict(round.answers)
    from library.answers import EvidenceItem
    from library.selectors import library_for

    first = library_for(round.library_version).documents_for(answers.causes)[0]
    answers.evidence = [EvidenceItem(first.slug)]
    _save(appeal, answers)
    assert selectors.open_documents(round=appeal.rounds.get()) == needed - 1


# --- the library of past appeals --------------------------------------------------------


@pytest.fixture
def library_rows(owner, version):
    """Three appeals of one seller: an ODR one reinstated, a UK one, a draft."""
    user, store = owner
    uk = store.workspace.stores.create(name="Sunny UK", marketplace="UK")
    odr = services.appeal_create(user=user, store=store, answers=odr_not_received())
    services.round_submit(round=odr.rounds.get(), submitted_on=date(2026, 11, 6))
    services.appeal_set_outcome(
        round=odr.rounds.get(),
        outcome="reinstated",
        reply_received_on=date(2026, 11, 9),
    )
    british = services.appeal_create(user=user, store=uk, title="=HYPERLINK(evil)")
    draft = services.appeal_create(user=user, store=store, title="Alpha draft")
    return user, {"odr": odr, "uk": british, "draft": draft}


def _listed(browser, **query) -> list[int]:
    page = browser.get(reverse("appeals:list"), query)
    assert page.status_code == 200
    return [a.pk for a in page.context["page"].object_list]


def test_the_list_filters_by_cause_marketplace_status_client_and_dates(
    client, library_rows
):
    user, rows = library_rows
    client.force_login(user)
    ids = {k: a.pk for k, a in rows.items()}
    assert _listed(client, cause="odr-a-to-z-claims") == [ids["odr"]]
    assert _listed(client, marketplace="UK") == [ids["uk"]]
    assert _listed(client, status="reinstated") == [ids["odr"]]
    assert set(_listed(client, client=rows["odr"].workspace_id)) == set(ids.values())
    today = timezone.localdate().isoformat()
    assert set(_listed(client, started_from=today, started_to=today)) == set(
        ids.values()
    )
    assert _listed(client, started_to="2000-01-01") == []
    assert _listed(client, sort="title")[0] == ids["uk"]  # "=HYPERLINK" sorts first
    assert _listed(client, sort="created") == [ids["odr"], ids["uk"], ids["draft"]]


def test_the_list_exports_as_csv_safely_and_anonymised(client, library_rows):
    user, rows = library_rows
    client.force_login(user)
    response = client.get(reverse("appeals:list_csv"), {"sort": "created"})
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in table] == [a.pk for a in rows.values()]
    assert table[1]["title"] == "'=HYPERLINK(evil)"  # no formula runs in a spreadsheet
    assert (
        table[0]["status"] == "Reinstated"
        and table[0]["last_submitted"] == "2026-11-06"
    )
    assert AuditEvent.objects.filter(action="exported").count() == 3
    # Filters that cannot be read give no file of something else: back to the list.
    wrong = client.get(
        reverse("appeals:list_csv"),
        {"started_from": "2026-12-01", "started_to": "2026-01-01"},
    )
    assert wrong.status_code == 302 and wrong.url.startswith(
        reverse("appeals:list") + "?"
    )
    anon = client.get(reverse("appeals:list_csv"), {"anonymised": "on"})
    text = anon.content.decode("utf-8-sig")
    assert "Sunny" not in text and "HYPERLINK" not in text
    assert "title" not in text.splitlines()[0] and "store" not in text.splitlines()[0]


def test_the_anonymised_list_and_letter_name_no_one(client, library_rows):
    user, rows = library_rows
    odr = rows["odr"]
    client.force_login(user)
    page = client.get(reverse("appeals:list"), {"anonymised": "on"}).content.decode()
    listed = page.split('id="appeal-list"', 1)[1]
    for name in ("Sunny UK", odr.title, odr.workspace.name):
        assert f">{name}<" not in listed
    letter = client.get(reverse("appeals:anonymised", args=[odr.pk])).content.decode()
    letter = letter.split('class="letter-preview', 1)[1]
    assert "&lt;" not in letter and "<section" in letter  # HTML, not escaped text
    answers = Answers.from_dict(odr.rounds.get().answers)
    hidden = [o.id for o in answers.orders] + [
        odr.store.name,
        "China Post Small Packet",
        "YunExpress tracked shipping",
        "two business days",
        answers.signature.seller_id,
        "carrier scans for the 3 orders",
    ]
    for value in hidden:
        assert value not in letter, value
    assert "[new carrier or service]" in letter or "[new carrier]" in letter
    assert "[order ID]" in letter


def test_withdrawing_leaves_the_work_table_and_reopening_restores_the_status(
    client, library_rows
):
    user, rows = library_rows
    client.force_login(user)
    odr = rows["odr"]
    url = reverse("appeals:withdraw", args=[odr.pk])
    client.post(url)
    odr.refresh_from_db()
    assert odr.status == "withdrawn" and not odr.is_open
    client.post(url)
    odr.refresh_from_db()
    assert odr.status == "reinstated"  # what the rounds say
    draft = rows["draft"]
    client.post(reverse("appeals:withdraw", args=[draft.pk]))
    client.post(reverse("appeals:withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"


# --- clients ----------------------------------------------------------------------------


def test_client_rows_give_open_appeals_nearest_deadline_and_last_outcome(library_rows):
    user, rows = library_rows
    consultant = UserFactory(username="dana")
    firm = WorkspaceFactory(name="Harbor", kind=Workspace.Kind.CONSULTANCY)
    MembershipFactory(user=consultant, workspace=firm)
    ClientLinkFactory(consultancy=firm, client=rows["odr"].workspace)
    _other, other_ws, _store = seller("nobody")
    (client,) = selectors.client_rows_for(user=consultant, today=date(2026, 11, 10))
    assert client.pk == rows["odr"].workspace_id != other_ws.pk
    assert client.open_count == 2  # the reinstated one is closed
    assert client.last_outcome == "reinstated"


# --- the demo ---------------------------------------------------------------------------


def test_the_demo_has_three_clients_a_dozen_appeals_and_deadlines(version):
    from accounts.demo import demo_load

    demo_load()
    today = date(2026, 11, 25)
    created = demo_appeals_load(today=today)
    assert "12 appeals" in created
    assert demo_appeals_load(today=today) == []  # idempotent
    from django.contrib.auth import get_user_model

    consultant = get_user_model().objects.get(username="consultant")
    clients = selectors.client_rows_for(user=consultant, today=today)
    assert len(clients) == 3
    rows = selectors.worklist_for(user=consultant, today=today)
    overdue = [a for a in rows if a.due and a.due.overdue]
    this_week = [a for a in rows if a.due and a.due.this_week and not a.due.overdue]
    assert len(overdue) == 1 and len(this_week) >= 2
    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert {
        "reinstated",
        "rejected",
        "more_info",
        "submitted",
        "draft",
        "withdrawn",
    } <= statuses
    # The outcomes taught the library: the ODR cause has a record.
    from library.selectors import outcome_record

    assert outcome_record(kind="cause")["odr-a-to-z-claims"][0] >= 2


# --- a submitted round is kept as sent ----------------------------------------------------


def test_a_submitted_round_cannot_be_edited_or_submitted_again(client, owner, appeal):
    user, _store = owner
    _save(appeal, odr_not_received())
    round = appeal.rounds.get()
    services.round_submit(round=round, submitted_on=date(2026, 11, 12))
    round.refresh_from_db()
    before = (round.answers, round.revision, round.sent_text, round.edited_text)
    client.force_login(user)
    step = reverse("appeals:step", args=[appeal.pk, "situation"])
    page = client.get(step)
    assert 'id="round-sent"' in page.content.decode()
    response = client.post(
        step, {"revision": round.revision, "causes": ["odr-chargebacks"]}
    )
    assert response.status_code == 302 and response.url == appeal.get_absolute_url()
    edit = reverse("appeals:edit_letter", args=[appeal.pk])
    client.post(edit, {"revision": round.revision, "shape": "classic", "text": "New"})
    client.post(edit, {"reset": "1", "shape": "classic"})
    again = client.post(
        reverse("appeals:submit", args=[appeal.pk]), {"submitted_on": "2026-11-13"}
    )
    assert again.status_code == 302
    round.refresh_from_db()
    assert (round.answers, round.revision, round.sent_text, round.edited_text) == before
    assert round.submitted_on == date(2026, 11, 12)
    overview = client.get(appeal.get_absolute_url()).content.decode()
    assert "kept as it was sent" in overview
    with pytest.raises(services.RoundSubmitted):
        services.round_save_answers(
            round=round, answers=Answers(), revision=round.revision
        )


def test_an_escalation_round_is_anonymised_as_the_escalation(client, owner, appeal):
    user, _store = owner
    _save(appeal, odr_not_received())
    services.round_submit(round=appeal.rounds.get(), submitted_on=date(2026, 11, 5))
    services.round_start_next(
        round=appeal.rounds.get(),
        outcome="rejected",
        amazon_reply="Not enough.",
        reply_received_on=date(2026, 11, 8),
    )
    escalated = services.round_escalate(appeal=appeal, user=user)
    assert escalated.is_escalation
    client.force_login(user)
    page = client.get(reverse("appeals:anonymised", args=[appeal.pk]))
    text = page.content.decode().split('class="letter-preview', 1)[1]
    full = selectors.letter_for(round=escalated)
    heading = full.subject.split(":")[0]  # "Escalation to the team that suspended ..."
    assert heading.startswith("Escalation") and heading in text
    assert "Sunny Audio" not in text and "[store]" in text
    assert "&lt;" not in text  # the letter's HTML is shown, not escaped
