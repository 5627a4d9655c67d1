"""Nothing a user saved is lost by saving again: every form round-trips, in every language.

For each form a user can submit, a test loads the real page in English and in 简体中文,
reads the form as a browser would send it (tests/browser_forms.py: a date input whose
value is not ISO is sent empty, as Chromium does), posts it back and checks that what
was saved is what was there. Create forms are checked the way a user meets them: a
first submission with a mistake re-renders the page, and the rendered values posted
back (with the mistake corrected) save exactly what the user typed.

``COVERED`` maps every form class of the project, and every admin registered for one
of its models, to the test that round-trips it; ``test_every_form_has_a_roundtrip_test``
fails when a new form has none.
"""

import gc
import importlib
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django import forms as django_forms
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import ClientLink, Invitation, Membership, Store, Workspace
from appeals.models import Appeal, Round
from appeals.services import (
    appeal_create,
    round_edit_text,
    round_save_answers,
    round_submit,
)
from config.admin_base import RoundTripAdminMixin
from library import services as library
from library.answers import Answers, ChosenAction
from library.models import LibraryVersion, Phrase, SuspensionCause
from library.services import LIBRARY_MODELS
from metrics.models import PendingImport
from metrics.services import imports as metrics_services
from tests.appeals.conftest import odr_not_received
from tests.browser_forms import as_post, form_data, page_errors, replace
from tests.factories import UserFactory, WorkspaceFactory, curator, seller

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = json.loads((ROOT / "fixtures" / "library.json").read_text(encoding="utf-8"))
REPORTS = ROOT / "fixtures" / "reports"
OUR_APPS = ("accounts", "library", "appeals", "metrics", "config")
LANGUAGES = ["en", "zh-hans"]


@pytest.fixture(params=LANGUAGES)
def language(request, client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return request.param


@pytest.fixture
def published(db):
    library.library_import(data=LIBRARY)
    return library.library_publish(note="round-trip tests")


@pytest.fixture
def owner(client, published):
    user, workspace, store = seller("roundtrip")
    client.force_login(user)
    return user, workspace, store


def full_answers(version: LibraryVersion) -> Answers:
    """A domain situation with every field a step shows filled in, dates included, as
    the wizard stores it (a picked suggestion keeps its title and default timeframe)."""
    answers = odr_not_received()
    answers.notice_text = "Hello,\nYour account is at risk.\n\nSeller Performance"
    suggested = {
        f"{c['slug']}/{rc['slug']}": rc
        for c in version.data["causes"]
        for rc in c["root_causes"]
    }
    for rc in answers.root_causes:
        if rc.ref:
            rc.title = suggested[rc.ref]["title"]
            defaults = {
                f"{rc.ref}/{a['slug']}": a["timeframe"]
                for a in suggested[rc.ref]["actions"]
            }
            for action in rc.actions:
                action.timeframe = action.timeframe or defaults.get(action.ref, "")
        for k, action in enumerate(rc.actions):
            if action.kind == "corrective":
                action.done_on = date(2026, 11, 4 + k)
                action.timeframe = action.timeframe or "within 2 days"
        rc.actions.append(
            ChosenAction(
                kind="corrective",
                text="We called each affected buyer and offered a refund.",
                done_on=date(2026, 11, 6),
                timeframe="the same day",
            )
        )
    phrases = version.data["phrases"]
    for section in ("acknowledgement", "closing"):
        answers.phrases[section] = next(
            p["key"] for p in phrases if p["section"] == section and not p["cause"]
        )
    return answers


@pytest.fixture
def appeal(owner, published):
    user, _workspace, store = owner
    appeal = appeal_create(user=user, store=store)
    round = appeal.rounds.get()
    round_save_answers(
        round=round, answers=full_answers(published), revision=round.revision
    )
    return appeal


def _lines(data) -> list[str]:
    """Saved data as lines, so a failure names the line that changed."""
    return json.dumps(data, indent=1, sort_keys=True, default=str).splitlines()


def current(appeal) -> Round:
    return appeal.rounds.order_by("-number").first()


# ------------------------------------------------------------------ wizard steps


@pytest.mark.parametrize(
    "step", ["situation", "orders", "root-causes", "plan", "documents", "closing"]
)
def test_wizard_step_saves_back_what_it_shows(client, language, appeal, step):
    before = current(appeal).answers
    url = reverse("appeals:step", args=[appeal.pk, step])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content, form_id="step-form", submitter=("go", step))
    response = client.post(url, as_post(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    after = current(appeal)
    assert _lines(after.answers) == _lines(before)
    assert after.revision == 2  # it was saved, not skipped


def test_wizard_dates_are_iso_in_every_language(client, language, appeal):
    """The cause of the bug, checked where it shows: the rendered value attribute."""
    for step, name in (
        ("situation", "notice_date"),
        ("plan", "plan-0-suggested-0-done_on"),
    ):
        page = client.get(reverse("appeals:step", args=[appeal.pk, step]))
        values = dict(form_data(page.content, form_id="step-form"))
        assert values[name] in ("2026-11-03", "2026-11-04"), (language, step)


# ------------------------------------------------------------ review and overview


def test_review_hand_edit_saves_back_unchanged(client, language, appeal):
    round = current(appeal)
    round_edit_text(
        round=round,
        text="Dear Seller Performance team,\n\nWe fixed it.\n\nLi Wei",
        shape=Round.Shape.CLASSIC,
        revision=round.revision,
    )
    review = reverse("appeals:step", args=[appeal.pk, "review"])
    page = client.get(review)
    data = form_data(
        page.content, action=reverse("appeals:edit_letter", args=[appeal.pk])
    )
    response = client.post(
        reverse("appeals:edit_letter", args=[appeal.pk]), as_post(data)
    )
    assert response.status_code == 302
    after = current(appeal)
    assert after.edited_text == round.edited_text
    assert after.edited_shape == round.edited_shape == Round.Shape.CLASSIC


def test_review_shape_buttons_keep_the_chosen_shape(client, language, appeal):
    round = current(appeal)
    round.shape = Round.Shape.AMAZON_FORM
    round.save()
    page = client.get(reverse("appeals:step", args=[appeal.pk, "review"]))
    action = reverse("appeals:set_shape", args=[appeal.pk])
    data = form_data(page.content, action=action, submitter=("shape", round.shape))
    assert client.post(action, as_post(data)).status_code == 302
    assert current(appeal).shape == Round.Shape.AMAZON_FORM


def test_submit_form_saves_the_date_it_shows(client, language, appeal):
    today = timezone.localdate()
    for page_url in (
        reverse("appeals:detail", args=[appeal.pk]),
        reverse("appeals:step", args=[appeal.pk, "review"]),
    ):
        Round.objects.filter(appeal=appeal).update(submitted_on=None)
        action = reverse("appeals:submit", args=[appeal.pk])
        data = form_data(client.get(page_url).content, action=action)
        assert client.post(action, as_post(data)).status_code == 302
        assert current(appeal).submitted_on == today, page_url


def test_next_round_form_saves_the_reply_date_it_shows(client, language, appeal):
    round_submit(round=current(appeal), submitted_on=date(2026, 11, 12))
    action = reverse("appeals:next_round", args=[appeal.pk])
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    typed = {"outcome": Round.Outcome.MORE_INFO, "amazon_reply": "Provide more detail."}
    data = replace(form_data(page.content, action=action), **typed)
    assert client.post(action, as_post(data)).status_code == 302
    first = appeal.rounds.get(number=1)
    assert first.reply_received_on == timezone.localdate()
    assert first.amazon_reply == "Provide more detail."
    assert first.outcome == Round.Outcome.MORE_INFO


def test_outcome_form_saves_the_reply_date_it_shows(client, language, appeal):
    round_submit(round=current(appeal), submitted_on=date(2026, 11, 12))
    action = reverse("appeals:outcome", args=[appeal.pk])
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert (
        client.post(action, as_post(form_data(page.content, action=action))).status_code
        == 302
    )
    round = current(appeal)
    assert round.reply_received_on == timezone.localdate()
    assert round.outcome == Round.Outcome.REINSTATED


def test_start_form_starts_an_appeal_for_the_store_it_shows(client, language, owner):
    _user, _ws, store = owner
    action = reverse("appeals:start")
    page = client.get(reverse("dashboard"))
    assert (
        client.post(action, as_post(form_data(page.content, action=action))).status_code
        == 302
    )
    assert Appeal.objects.get().store == store


def test_clone_form_keeps_the_title_typed(client, language, appeal):
    action = reverse("appeals:clone", args=[appeal.pk])
    page = client.get(reverse("appeals:list"))
    data = replace(form_data(page.content, action=action), title="Template: ODR 2026")
    assert client.post(action, as_post(data)).status_code == 302
    clone = Appeal.objects.exclude(pk=appeal.pk).get()
    assert clone.title == "Template: ODR 2026"
    assert clone.store == appeal.store


def test_appeal_filter_shows_back_what_was_searched(client, language, appeal):
    today = timezone.localdate()
    query = [
        ("q", "roundtrip"),
        ("status", "draft"),
        ("cause", "odr-a-to-z-claims"),
        ("marketplace", appeal.store.marketplace),
        ("client", str(appeal.workspace_id)),
        ("assignee", "me"),
        ("started_from", (today - timedelta(days=30)).isoformat()),
        ("started_to", today.isoformat()),
        ("sort", "title"),
        ("anonymised", "on"),
    ]
    page = client.get(reverse("appeals:list"), as_post(query))
    assert form_data(page.content, action="") == query
    # A range that ends before it starts keeps everything typed beside its message.
    wrong = replace(query, started_from=today.isoformat(), started_to="2026-01-01")
    page = client.get(reverse("appeals:list"), as_post(wrong))
    assert page.status_code == 400
    assert form_data(page.content, action="") == wrong


def test_worklist_filter_shows_back_what_was_chosen(client, language, appeal):
    query = [("assignee", "none"), ("status", "draft"), ("due", "week")]
    page = client.get(reverse("dashboard"), as_post(query))
    assert [
        (k, v) for k, v in form_data(page.content, action="") if k in dict(query)
    ] == query


def test_appeal_settings_form_saves_what_it_shows(client, language, appeal, owner):
    user = owner[0]
    action = reverse("appeals:settings", args=[appeal.pk])
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    data = replace(
        form_data(page.content, action=action),
        assignee=str(user.pk),
        deadline_days="10",
    )
    assert client.post(action, as_post(data)).status_code == 302
    appeal.refresh_from_db()
    assert (appeal.assignee, appeal.deadline_days, appeal.title_custom) == (
        user,
        10,
        False,
    )
    # Saved back unchanged, nothing moves; a refused value keeps what was typed.
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    again = form_data(page.content, action=action)
    assert _typed(again) == _typed(data)
    wrong = replace(again, title="My own title", deadline_days="0")
    page = client.post(action, as_post(wrong))
    assert page.status_code == 400
    assert _typed(form_data(page.content, action=action)) == _typed(wrong)


def _typed(data):
    """A form's fields without the CSRF token (new on every page)."""
    return [(k, v) for k, v in data if k != "csrfmiddlewaretoken"]


def test_note_form_keeps_a_note_that_was_refused(client, language, appeal):
    action = reverse("appeals:note_add", args=[appeal.pk])
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    data = replace(form_data(page.content, action=action), text="x" * 5001)
    page = client.post(action, as_post(data))
    assert page.status_code == 400
    assert _typed(form_data(page.content, action=action)) == _typed(data)
    data = replace(data, text="Ask for the carrier's invoice.")
    assert client.post(action, as_post(data)).status_code == 302
    assert appeal.notes.get().text == "Ask for the carrier's invoice."


# ------------------------------------------------------------------------ metrics


def _report(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (REPORTS / name).read_bytes())


def test_upload_choices_survive_a_refused_file(client, language, owner):
    _user, _ws, store = owner
    url = reverse("metrics:upload", args=[store.pk])
    typed = {"keep_buyer_contact": "on", "contact_days": "60"}
    page = client.post(url, {**typed, "file": SimpleUploadedFile("empty.txt", b"")})
    assert page.status_code == 200  # refused: the file is empty
    data = form_data(page.content, action="")
    assert {k: v for k, v in data if k != "csrfmiddlewaretoken"} == typed
    response = client.post(
        url, {**as_post(data), "file": _report("promotion_error_orders.txt")}
    )
    assert response.status_code == 302
    pending = PendingImport.objects.get(store=store)
    assert pending.keep_buyer_contact is True
    assert pending.buyer_contact_days == 60


def test_claims_choice_survives_a_missing_text(client, language, owner):
    _user, _ws, store = owner
    url = reverse("metrics:claims", args=[store.pk])
    page = client.post(url, {"kind": "chargebacks", "text": ""})
    assert page.status_code == 200
    data = replace(
        form_data(page.content, action=""), text="112-4839201-5839201  2026-11-03"
    )
    assert dict(data)["kind"] == "chargebacks"
    assert client.post(url, as_post(data)).status_code == 302
    assert PendingImport.objects.get(store=store).kind == "chargebacks"


def _import(store, user, name):
    pending = metrics_services.pending_import_from_upload(
        store=store, user=user, upload=_report(name), keep_buyer_contact=True
    )
    return metrics_services.pending_import_commit(pending=pending)


def test_as_of_date_shows_back_what_was_chosen(client, language, owner):
    user, _ws, store = owner
    _import(store, user, "odr_126_orders.txt")
    query = [("as_of", "2026-11-10")]
    page = client.get(reverse("metrics:store", args=[store.pk]), as_post(query))
    assert page.status_code == 200
    assert form_data(page.content, action="") == query


def test_incident_filter_shows_back_what_was_chosen(client, language, owner):
    user, _ws, store = owner
    _import(store, user, "promotion_error_orders.txt")
    url = reverse("metrics:incident", args=[store.pk])
    first = form_data(client.get(url).content, action="")
    query = replace(
        first, date_from="2026-11-01", date_to="2026-11-20", max_price="1.00"
    )
    page = client.get(url, as_post(query))
    assert page.status_code == 200
    assert sorted(form_data(page.content, action="")) == sorted(query)


def test_letter_check_form_shows_back_what_was_pasted(client, language, owner):
    url = reverse("appeals:check_letter")
    typed = {
        "shape": "form",
        "text": "What caused the issue\nWe shipped late.\n\nDone.",
    }
    page = client.post(url, typed)
    assert page.status_code == 200
    data = form_data(page.content, action="")
    assert {k: v for k, v in data if k != "csrfmiddlewaretoken"} == {
        "shape": "form",
        "text": typed["text"].replace("\n", "\r\n"),
    }
    again = client.post(url, as_post(data))
    assert again.content.decode().count("finding finding-") == (
        page.content.decode().count("finding finding-")
    )


# ----------------------------------------------------------------------- accounts


def test_workspace_form_keeps_what_was_typed(client, language, owner):
    url = reverse("accounts:workspace_create")
    page = client.post(url, {"name": "   ", "kind": Workspace.Kind.SELLER})
    assert page.status_code == 200
    data = replace(form_data(page.content, action=""), name="Shenzhen Bright Trading")
    assert dict(data)["kind"] == Workspace.Kind.SELLER
    assert client.post(url, as_post(data)).status_code == 302
    assert Workspace.objects.filter(
        name="Shenzhen Bright Trading", kind=Workspace.Kind.SELLER
    ).exists()


def test_reset_form_keeps_the_address_typed(client, language, db):
    url = reverse("password_reset")
    page = client.post(url, {"email": "li@example"})  # not an address: shown again
    assert page.status_code == 200
    data = form_data(page.content, action="")
    assert dict(data)["email"] == "li@example"
    data = replace(data, email="li@example.com")
    assert client.post(url, as_post(data)).status_code == 302


def test_store_form_keeps_what_was_typed(client, language, owner):
    _user, workspace, _store = owner
    url = reverse("accounts:store_create", args=[workspace.pk])
    typed = {"name": "Harbour Home", "marketplace": "UK", "seller_id": "A1B2"}
    page = client.post(url, typed)
    assert page.status_code == 200  # seller ID too short
    data = replace(form_data(page.content, action=""), seller_id="A1B2C3D4E5F6G7")
    assert dict(data)["marketplace"] == "UK"
    assert client.post(url, as_post(data)).status_code == 302
    store = Store.objects.get(name="Harbour Home")
    assert (store.marketplace, store.seller_id) == ("UK", "A1B2C3D4E5F6G7")


def test_invite_form_keeps_what_was_typed(client, language, owner):
    _user, workspace, _store = owner
    url = reverse("accounts:person_invite", args=[workspace.pk])
    page = client.post(url, {"email": "colleague@", "role": Membership.Role.OWNER})
    assert page.status_code == 400  # not an address: the page says so
    data = form_data(page.content, action=url)
    assert dict(data)["email"] == "colleague@"
    assert dict(data)["role"] == Membership.Role.OWNER
    data = replace(data, email="colleague@example.com")
    assert client.post(url, as_post(data)).status_code == 302
    invitation = Invitation.objects.get(workspace=workspace)
    assert (invitation.email, invitation.role) == ("colleague@example.com", "owner")


def test_firm_invite_form_keeps_the_firm_chosen(client, language, owner):
    _user, workspace, _store = owner
    firm = WorkspaceFactory(name="Bright Consulting", kind=Workspace.Kind.CONSULTANCY)
    ClientLink.objects.create(consultancy=firm, client=workspace)
    url = reverse("accounts:firm_invite", args=[workspace.pk])
    page = client.post(url, {"consultancy": firm.pk})  # already linked: refused
    assert page.status_code == 400
    data = form_data(page.content, action=url)
    assert dict(data)["consultancy"] == str(firm.pk)
    workspace.consultant_links.update(revoked_at=timezone.now())
    assert client.post(url, as_post(data)).status_code == 302
    assert Invitation.objects.get(workspace=workspace).firm == firm


def test_access_request_form_keeps_what_was_typed(client, language, owner):
    user, _workspace, _store = owner
    firm = WorkspaceFactory(name="Bright Consulting", kind=Workspace.Kind.CONSULTANCY)
    Membership.objects.create(user=user, workspace=firm, role=Membership.Role.MEMBER)
    url = reverse("accounts:access_request", args=[firm.pk])
    page = client.post(url, {"email": "seller@example"})
    assert page.status_code == 400
    data = form_data(page.content, action=url)
    assert dict(data)["email"] == "seller@example"
    data = replace(data, email="seller@example.com")
    assert client.post(url, as_post(data)).status_code == 302
    assert Invitation.objects.get(workspace=firm).email == "seller@example.com"


def test_access_accept_form_keeps_the_workspace_chosen(client, language, owner):
    user, workspace, _store = owner
    second = WorkspaceFactory(name="Second business")
    Membership.objects.create(user=user, workspace=second, role=Membership.Role.OWNER)
    firm = WorkspaceFactory(name="Bright Consulting", kind=Workspace.Kind.CONSULTANCY)
    invitation = Invitation.objects.create(
        kind=Invitation.Kind.ACCESS,
        workspace=firm,
        email=user.email,
        token="roundtrip-token",
        expires_at=timezone.now() + timedelta(days=14),
    )
    url = reverse("invitation_accept", args=[invitation.pk])
    field = f"inv{invitation.pk}-workspace"
    page = client.get(reverse("invitations"))
    data = form_data(page.content, action=url)
    assert dict(data)[field] == ""  # two to choose from: none is chosen for them
    page = client.post(url, as_post(data))
    assert page.status_code == 400
    data = replace(form_data(page.content, action=url), **{field: str(second.pk)})
    page = client.post(url, as_post(data))
    assert page.status_code == 302
    assert ClientLink.objects.active().get(consultancy=firm).client == second


# -------------------------------------------------------------------------- admin


def _snapshot() -> dict:
    """Every row of our apps' tables, without the timestamps a save refreshes."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        skip = {
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False)
        }
        rows[model._meta.label] = [
            {k: v for k, v in row.items() if k not in skip}
            for row in model.objects.order_by("pk").values()
        ]
    return rows


@pytest.fixture
def world(owner, appeal, published):
    """One object of every model an admin can change."""
    user, workspace, store = owner
    _import(store, user, "odr_126_orders.txt")
    _import(store, user, "promotion_error_orders.txt")  # keeps buyer contacts
    _import(store, user, "feedback.txt")
    _import(store, user, "account_health.json")
    metrics_services.pending_import_from_upload(
        store=store, user=user, upload=_report("all_orders_utf8.txt")
    )
    firm = WorkspaceFactory(name="Bright Consulting", kind=Workspace.Kind.CONSULTANCY)
    ClientLink.objects.create(consultancy=firm, client=workspace)
    Invitation.objects.create(
        kind=Invitation.Kind.PERSON,
        workspace=workspace,
        email="colleague@example.com",
        role=Membership.Role.MEMBER,
        token="roundtrip-admin",
        created_by=user,
        expires_at=timezone.now() + timedelta(days=14),
    )
    round_submit(round=current(appeal), submitted_on=date(2026, 11, 12))
    Round.objects.filter(appeal=appeal).update(
        reply_received_on=date(2026, 11, 14), outcome=Round.Outcome.MORE_INFO
    )
    return appeal


def _registered() -> list[tuple[type[models.Model], admin.ModelAdmin]]:
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]


ADMIN_MODELS = sorted(m._meta.label for m, _a in _registered())


@pytest.mark.parametrize("label", ADMIN_MODELS)
def test_admin_change_form_saves_back_unchanged(client, language, world, label):
    """Superusers see every admin; each change form posted back changes no row."""
    model = apps.get_model(label)
    model_admin = admin.site._registry[model]
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    obj = model.objects.order_by("pk").first()
    assert obj is not None, f"the round-trip world has no {label}"
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
    )
    page = client.get(url)
    assert page.status_code == 200
    if not model_admin.has_change_permission(page.wsgi_request, obj):
        assert b'name="_save"' not in page.content  # read-only: nothing to post
        return
    before = _snapshot()
    data = form_data(page.content, form_id=f"{model._meta.model_name}_form")
    response = client.post(url, as_post(data))
    assert response.status_code == 302, page_errors(response.content)
    assert _lines(_snapshot()) == _lines(before)


def test_curator_change_forms_save_back_unchanged(client, language, published):
    """The curators' own view of the library forms (their permissions, their pages)."""
    client.force_login(curator())
    before = _snapshot()
    for model in library_working_copy_models():
        obj = model.objects.order_by("pk").first()
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
            args=[obj.pk],
        )
        page = client.get(url)
        data = form_data(page.content, form_id=f"{model._meta.model_name}_form")
        response = client.post(url, as_post(data))
        assert response.status_code == 302, (model, page_errors(response.content))
    assert _lines(_snapshot()) == _lines(before)


def library_working_copy_models():
    return [m for m in LIBRARY_MODELS if m in admin.site._registry]


def test_publish_form_keeps_the_note_typed(client, language, published):
    client.force_login(curator())
    phrase = Phrase.objects.order_by("pk").first()
    phrase.text = phrase.text + " Thank you."
    phrase.save()
    url = reverse("admin:library_publish")
    page = client.get(url)
    data = form_data(page.content, action="")
    checksum = dict(data)["checksum"]
    page = client.post(url, as_post(data))  # no note yet: refused, shown again
    assert page.status_code == 200
    data = replace(form_data(page.content, action=""), note="Warmer closing")
    assert dict(data)["checksum"] == checksum
    assert client.post(url, as_post(data)).status_code == 302
    assert LibraryVersion.objects.latest("number").note == "Warmer closing"


def test_import_confirm_form_imports_what_it_showed(client, language, published):
    client.force_login(curator())
    changed = json.loads(json.dumps(LIBRARY))
    changed["causes"][0]["name"] += " (renamed)"
    url = reverse("admin:library_import")
    upload = SimpleUploadedFile("library.json", json.dumps(changed).encode())
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    confirm = reverse("admin:library_import_confirm")
    page = client.get(confirm)
    data = form_data(page.content, action="")
    assert client.post(confirm, as_post(data)).status_code == 302
    assert SuspensionCause.objects.filter(name__endswith="(renamed)").exists()


# ------------------------------------------------------------------- the list


COVERED = {
    # wizard steps
    "appeals.forms.SituationForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.OrdersForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.RootCausesForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.PlanForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.ClosingForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.StepForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.MetricFigureForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.SuggestedRootCauseForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.OwnRootCauseForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.ActionForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.SuggestedActionForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.EvidenceForm": test_wizard_step_saves_back_what_it_shows,
    "appeals.forms.EvidenceRowForm": test_wizard_step_saves_back_what_it_shows,
    # review and overview
    "appeals.forms.EditLetterForm": test_review_hand_edit_saves_back_unchanged,
    "appeals.forms.SubmitForm": test_submit_form_saves_the_date_it_shows,
    "appeals.forms.NextRoundForm": test_next_round_form_saves_the_reply_date_it_shows,
    "appeals.forms.OutcomeForm": test_outcome_form_saves_the_reply_date_it_shows,
    "appeals.forms.StartAppealForm": test_start_form_starts_an_appeal_for_the_store_it_shows,
    "appeals.forms.CloneForm": test_clone_form_keeps_the_title_typed,
    "appeals.forms.AppealFilterForm": test_appeal_filter_shows_back_what_was_searched,
    "appeals.forms.WorklistFilterForm": test_worklist_filter_shows_back_what_was_chosen,
    "appeals.forms.AppealSettingsForm": test_appeal_settings_form_saves_what_it_shows,
    "appeals.forms.NoteForm": test_note_form_keeps_a_note_that_was_refused,
    "appeals.forms.LetterCheckForm": test_letter_check_form_shows_back_what_was_pasted,
    # metrics
    "metrics.forms.ReportUploadForm": test_upload_choices_survive_a_refused_file,
    "metrics.forms.ClaimsForm": test_claims_choice_survives_a_missing_text,
    "metrics.forms.AsOfForm": test_as_of_date_shows_back_what_was_chosen,
    "metrics.forms.KitFilterForm": test_incident_filter_shows_back_what_was_chosen,
    # accounts
    "accounts.forms.WorkspaceForm": test_workspace_form_keeps_what_was_typed,
    "accounts.forms.StoreForm": test_store_form_keeps_what_was_typed,
    "accounts.forms.InviteForm": test_invite_form_keeps_what_was_typed,
    "accounts.forms.FirmInviteForm": test_firm_invite_form_keeps_the_firm_chosen,
    "accounts.forms.AccessRequestForm": test_access_request_form_keeps_what_was_typed,
    "accounts.forms.AccessAcceptForm": test_access_accept_form_keeps_the_workspace_chosen,
    "accounts.throttle.ResetForm": test_reset_form_keeps_the_address_typed,
    # library admin workflow
    "library.admin.versions.PublishForm": test_publish_form_keeps_the_note_typed,
    "library.admin.versions.ImportForm": test_import_confirm_form_imports_what_it_showed,
    "library.admin.versions.ImportConfirmForm": test_import_confirm_form_imports_what_it_showed,
}
# Shape buttons post no form class (one hidden choice per button); listed for the reader.
BUTTON_FORMS = {"appeals:set_shape": test_review_shape_buttons_keep_the_chosen_shape}


def project_form_classes() -> set[str]:
    for app in OUR_APPS:
        for module in ("forms", "admin"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.{module}":
                    raise
    found, todo = set(), [django_forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in OUR_APPS:
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def test_every_form_has_a_roundtrip_test():
    assert project_form_classes() == set(COVERED)
    # Every admin of our models is walked by the parametrized admin test, and every
    # admin and inline shares the round-trip behaviour (line breaks, timestamps).
    assert ADMIN_MODELS
    for model, model_admin in _registered():
        assert isinstance(model_admin, RoundTripAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, RoundTripAdminMixin), inline


def test_the_list_fails_for_a_new_form_without_a_test():
    class UntestedForm(django_forms.Form):  # noqa: F841 (found through subclasses)
        when = django_forms.DateField()

    UntestedForm.__module__ = "appeals.forms"
    UntestedForm.__qualname__ = "UntestedForm"
    try:
        assert "appeals.forms.UntestedForm" in project_form_classes()
        assert project_form_classes() != set(COVERED)
    finally:
        del UntestedForm
        gc.collect()


# A date input that renders a localized value must fail these tests; this checks the
# helper itself sends such a value empty, as browsers do.
def test_a_localized_date_value_is_sent_empty():
    html = '<form id="f"><input type="date" name="d" value="2026/11/10"><input type="date" name="e" value="2026-11-10"></form>'
    assert form_data(html, form_id="f") == [("d", ""), ("e", "2026-11-10")]


def test_review_warns_about_a_corrective_action_without_a_date(
    client, language, appeal
):
    """Dates erased before the fix cannot be restored; the review step says so."""
    review = reverse("appeals:step", args=[appeal.pk, "review"])
    assert "has no date" not in client.get(review).content.decode()
    assert "没有日期" not in client.get(review).content.decode()
    round = current(appeal)
    answers = Answers.from_dict(round.answers)
    answers.root_causes[0].actions[0].done_on = None
    round_save_answers(round=round, answers=answers, revision=round.revision)
    page = client.get(review).content.decode()
    expected = "没有日期" if language == "zh-hans" else "corrective action has no date"
    assert expected in page
    assert reverse("appeals:step", args=[appeal.pk, "plan"]) in page
