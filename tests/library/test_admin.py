"""The library admin: curators' lists, previews, validation, import/export, publishing,
and what curators may not see."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from appeals.models import Appeal
from appeals.services import appeal_create
from library import samples
from library import services as library
from library.models import (
    Action,
    LetterShape,
    LibraryVersion,
    Phrase,
    RootCause,
    SuspensionCause,
)
from library.selectors import version_current
from library.services import LIBRARY_MODELS
from tests.factories import PASSWORD, UserFactory, curator, seller

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"
SAMPLE_ORDER = samples.ORDERS[0].id
STORE = samples.SIGNATURE.store_name


@pytest.fixture
def shipped_library(db):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())


@pytest.fixture
def curator_client(client, shipped_library):
    client.force_login(curator())
    return client


def url(name, *args):
    return reverse(f"admin:{name}", args=args)


def upload(content: bytes, name="library.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


# -------------------------------------------------------------------- lists


def test_curator_sees_every_shipped_cause_in_the_cause_list(curator_client):
    response = curator_client.get(url("library_suspensioncause_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 12
    for cause in SuspensionCause.objects.all():
        assert cause.name in response.text


def test_root_cause_and_action_lists_filter_by_cause_and_kind(curator_client):
    cause = SuspensionCause.objects.get(slug="odr-a-to-z-claims")
    response = curator_client.get(
        url("library_rootcause_changelist"), {"cause__id__exact": cause.pk}
    )
    assert response.context["cl"].result_count == cause.root_causes.count()
    response = curator_client.get(
        url("library_action_changelist"),
        {"root_cause__cause__id__exact": cause.pk, "kind__exact": "preventive"},
    )
    expected = Action.objects.filter(root_cause__cause=cause, kind="preventive")
    assert response.context["cl"].result_count == expected.count()


def test_phrase_list_filters_by_section_and_cause(curator_client):
    response = curator_client.get(
        url("library_phrase_changelist"), {"section__exact": "closing"}
    )
    assert response.context["cl"].result_count == (
        Phrase.objects.filter(section="closing").count()
    )
    cause = Phrase.objects.exclude(cause=None).first().cause
    response = curator_client.get(
        url("library_phrase_changelist"), {"cause__id__exact": cause.pk}
    )
    assert response.context["cl"].result_count == cause.phrases.count()


def test_cause_page_shows_its_root_causes_with_their_actions(curator_client):
    cause = SuspensionCause.objects.get(slug="odr-a-to-z-claims")
    response = curator_client.get(url("library_suspensioncause_change", cause.pk))
    assert response.status_code == 200
    action = Action.objects.filter(root_cause__cause=cause).first()
    assert action.default_timeframe in response.text
    assert url("library_suspensioncause_sample", cause.pk) in response.text


def test_deactivate_action_marks_selected_phrases_inactive(curator_client):
    phrases = list(Phrase.objects.filter(section="closing")[:2])
    response = curator_client.post(
        url("library_phrase_changelist"),
        {"action": "make_inactive", "_selected_action": [p.pk for p in phrases]},
        follow=True,
    )
    assert "2 items are now inactive" in response.text
    assert not Phrase.objects.filter(pk__in=[p.pk for p in phrases], is_active=True)
    curator_client.post(
        url("library_phrase_changelist"),
        {"action": "make_active", "_selected_action": [phrases[0].pk]},
    )
    assert Phrase.objects.get(pk=phrases[0].pk).is_active


# ------------------------------------------------------------- validation


def phrase_form(text, key="test-closing"):
    return {
        "key": key,
        "section": "closing",
        "cause": "",
        "text": text,
        "position": 10,
        "is_active": "on",
    }


def test_phrase_with_an_unknown_placeholder_is_refused_with_its_name(curator_client):
    response = curator_client.post(
        url("library_phrase_add"), phrase_form("Thank you, {shop_name}.")
    )
    assert response.status_code == 200
    assert "Unknown placeholder(s) or slot(s): {shop_name}" in response.text
    assert "Thank you, {shop_name}." in response.text  # what was typed is kept
    assert not Phrase.objects.filter(key="test-closing").exists()


def test_phrase_with_a_known_placeholder_is_saved(curator_client):
    response = curator_client.post(
        url("library_phrase_add"), phrase_form("Thank you for reviewing {store_name}.")
    )
    assert response.status_code == 302
    assert Phrase.objects.get(key="test-closing").text.endswith("{store_name}.")


def test_phrase_with_a_link_is_refused(curator_client):
    response = curator_client.post(
        url("library_phrase_add"), phrase_form("See [our policy](https://x.example).")
    )
    assert "Links and images are not allowed in letter text." in response.text
    assert not Phrase.objects.filter(key="test-closing").exists()


def test_phrase_form_lists_the_allowed_placeholders(curator_client):
    response = curator_client.get(url("library_phrase_add"))
    assert "{metric_value}" in response.text
    assert "The affected order IDs, comma-separated" in response.text


def inline_data(root: RootCause, action_text: str) -> dict:
    data = {
        "cause": root.cause_id,
        "title": root.title,
        "slug": root.slug,
        "explanation": root.explanation,
        "position": root.position,
        "is_active": "on",
    }
    for prefix, rows in (
        ("variants", list(root.variants.all())),
        ("actions", list(root.actions.all())),
    ):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": len(rows),
                f"{prefix}-INITIAL_FORMS": len(rows),
                f"{prefix}-MIN_NUM_FORMS": 0,
                f"{prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for n, row in enumerate(rows):
            data[f"{prefix}-{n}-id"] = row.pk
            data[f"{prefix}-{n}-root_cause"] = root.pk
            data[f"{prefix}-{n}-position"] = row.position
            if prefix == "variants":
                data[f"{prefix}-{n}-explanation"] = row.explanation
            else:
                data[f"{prefix}-{n}-kind"] = row.kind
                data[f"{prefix}-{n}-slug"] = row.slug
                data[f"{prefix}-{n}-text"] = action_text if n == 0 else row.text
                data[f"{prefix}-{n}-default_timeframe"] = row.default_timeframe
                if row.is_active:
                    data[f"{prefix}-{n}-is_active"] = "on"
    return data


def test_inline_action_with_an_unknown_placeholder_is_refused(curator_client):
    root = RootCause.objects.first()
    before = root.actions.order_by("position", "id").first().text
    response = curator_client.post(
        url("library_rootcause_change", root.pk),
        inline_data(root, "We now check {tracking_number} daily."),
    )
    assert response.status_code == 200
    assert "Unknown placeholder(s) or slot(s): {tracking_number}" in response.text
    assert root.actions.order_by("position", "id").first().text == before


def test_inline_action_with_known_placeholders_is_saved(curator_client):
    root = RootCause.objects.first()
    response = curator_client.post(
        url("library_rootcause_change", root.pk),
        inline_data(root, "We refunded all {order_count} affected orders."),
    )
    assert response.status_code == 302
    first = root.actions.order_by("position", "id").first()
    assert first.text == "We refunded all {order_count} affected orders."


# ---------------------------------------------------------------- previews


def test_preview_of_a_letter_phrase_shows_it_in_the_sample_letter(curator_client):
    phrase = Phrase.objects.create(
        key="test-closing",
        section="closing",
        text="We remain committed to {store_name} meeting every standard.",
        position=5,
    )
    response = curator_client.get(url("library_phrase_sample", phrase.pk))
    assert response.status_code == 200
    filled = f"We remain committed to {STORE} meeting every standard."
    # On its own, and inside the letter where it was forced into its section.
    assert response.context["phrase_text"] == filled
    assert filled in response.context["letter_html"]
    assert filled in response.context["letter_text"]
    assert SAMPLE_ORDER in response.text


def test_preview_of_a_buyer_message_shows_the_message_filled_in(curator_client):
    phrase = Phrase.objects.filter(section="buyer_message").first()
    response = curator_client.get(url("library_phrase_sample", phrase.pk))
    assert response.status_code == 200
    assert "The message as the seller will send it" in response.text
    assert "letter-sample" not in response.text
    assert "{" not in response.context["phrase_text"]


def test_preview_of_a_shape_assembles_the_whole_sample_letter(curator_client):
    shape = LetterShape.objects.get(slug="amazon_form")
    response = curator_client.get(url("library_lettershape_sample", shape.pk))
    assert response.status_code == 200
    assert "Actions taken to resolve the issue" in response.text
    assert SAMPLE_ORDER in response.text
    classic = LetterShape.objects.get(slug="classic")
    response = curator_client.get(url("library_lettershape_sample", classic.pk))
    assert STORE in response.text and "Plan of action" in response.text


def test_preview_of_a_root_cause_shows_its_actions_in_the_letter(curator_client):
    root = RootCause.objects.get(
        cause__slug="odr-a-to-z-claims", slug=RootCause.objects.first().slug
    )
    root.actions.filter(position=root.actions.first().position).update(
        text="We replaced every courier that failed to scan parcels."
    )
    response = curator_client.get(url("library_rootcause_sample", root.pk))
    assert response.status_code == 200
    assert "We replaced every courier that failed to scan parcels." in response.text
    assert SAMPLE_ORDER in response.text
    assert len(response.context["wordings"]) == 1 + root.variants.count()


def test_preview_shows_working_copy_edits_before_they_are_published(curator_client):
    shape = LetterShape.objects.get(slug="classic")
    Phrase.objects.filter(section="closing").update(
        text="Unpublished closing for {store_name}."
    )
    response = curator_client.get(url("library_lettershape_sample", shape.pk))
    assert f"Unpublished closing for {STORE}." in response.text
    assert "Unpublished closing" not in json.dumps(version_current().data)


def test_preview_of_an_action_opens_its_root_cause_sample(curator_client):
    action = Action.objects.first()
    response = curator_client.get(url("library_action_sample", action.pk))
    assert response.status_code == 302
    assert response.url == url("library_rootcause_sample", action.root_cause_id)


def test_preview_of_another_shape_and_wording_via_query(curator_client):
    cause = SuspensionCause.objects.get(slug="odr-a-to-z-claims")
    response = curator_client.get(
        url("library_suspensioncause_sample", cause.pk),
        {"shape": "amazon_form", "seed": "x"},
    )
    assert response.status_code == 200
    assert response.context["shape"] == "amazon_form"
    assert response.context["seed"] == 1


def test_preview_of_a_missing_object_is_404(curator_client):
    assert curator_client.get(url("library_phrase_sample", 999999)).status_code == 404


# ------------------------------------------------------------ import/export


def test_export_downloads_the_working_copy_as_library_json(curator_client):
    response = curator_client.get(url("library_export"))
    assert response.status_code == 200
    assert 'filename="library.json"' in response["Content-Disposition"]
    assert json.loads(response.content) == library.library_export()


def test_admin_import_round_trip_gives_identical_json(curator_client):
    exported = curator_client.get(url("library_export")).content
    Phrase.objects.filter(section="closing").delete()
    response = curator_client.post(url("library_import"), {"file": upload(exported)})
    assert response.status_code == 302
    confirm = curator_client.get(response.url)
    assert "Phrases" in confirm.text and "added" in confirm.text
    assert not Phrase.objects.filter(section="closing").exists()  # not yet
    response = curator_client.post(
        url("library_import_confirm"),
        {"checksum": confirm.context["form"].initial["checksum"]},
    )
    assert response.status_code == 302
    assert curator_client.get(url("library_export")).content == exported


def test_admin_import_of_a_broken_file_lists_every_error_and_changes_nothing(
    curator_client,
):
    before = library.library_export()
    data = json.loads(library.library_dumps(before))
    data["phrases"][0]["text"] = "Hello {shop_name}"
    data["causes"][1]["root_causes"][0]["actions"][0]["kind"] = "maybe"
    response = curator_client.post(
        url("library_import"),
        {"file": upload(json.dumps(data).encode())},
    )
    assert response.status_code == 200
    assert "Every problem found is listed below" in response.text
    assert "phrases[0]: unknown placeholder(s) shop_name" in response.text
    assert (
        "causes[1].root_causes[0].actions[0]: kind must be corrective or preventive"
        in response.text
    )
    assert library.library_export() == before
    assert curator_client.get(url("library_import_confirm")).status_code == 302


@pytest.mark.parametrize(
    "content", [b"\x89PNG\r\n\x1a\n", b'{"format": "reinstate-library/1", "causes": ']
)
def test_admin_import_of_a_file_that_is_not_json_explains_it(curator_client, content):
    response = curator_client.post(url("library_import"), {"file": upload(content)})
    assert response.status_code == 200
    assert "This file cannot be imported" in response.text


def test_admin_import_refuses_a_file_over_the_size_limit(curator_client):
    big = b" " * (library.MAX_FILE_BYTES + 1)
    response = curator_client.post(url("library_import"), {"file": upload(big)})
    assert "larger than 5 MB" in response.text


def test_admin_import_confirmation_with_a_stale_checksum_is_refused(curator_client):
    exported = curator_client.get(url("library_export")).content
    curator_client.post(url("library_import"), {"file": upload(exported)})
    response = curator_client.post(
        url("library_import_confirm"), {"checksum": "0" * 64}
    )
    assert response.status_code == 403


# -------------------------------------------------------------- publishing


def test_publish_page_shows_the_changes_since_the_newest_version(curator_client):
    phrase = Phrase.objects.filter(section="closing").first()
    phrase.text = "A brand new closing sentence."
    phrase.save()
    response = curator_client.get(url("library_publish"))
    assert response.status_code == 200
    assert phrase.key in response.text
    assert "<ins>" in response.text and "brand" in response.text


def test_publishing_creates_a_version_with_note_and_author(curator_client):
    Phrase.objects.filter(section="closing").update(text="Fresh closing.")
    page = curator_client.get(url("library_publish"))
    checksum = page.context["form"].initial["checksum"]
    response = curator_client.post(
        url("library_publish"), {"note": "New closings", "checksum": checksum}
    )
    assert response.status_code == 302
    version = LibraryVersion.objects.latest_published()
    assert (version.number, version.note) == (2, "New closings")
    assert version.published_by.username == "curator"
    changes = curator_client.get(url("library_libraryversion_changes", version.pk))
    assert changes.status_code == 200
    assert "<ins>Fresh" in changes.text


def test_publishing_refuses_when_the_library_changed_after_review(curator_client):
    page = curator_client.get(url("library_publish"))
    checksum = page.context["form"].initial["checksum"]
    Phrase.objects.filter(section="closing").update(text="Changed meanwhile.")
    response = curator_client.post(
        url("library_publish"), {"note": "x", "checksum": checksum}
    )
    assert response.status_code == 200
    assert "changed while you were reviewing" in response.text
    assert LibraryVersion.objects.count() == 1


def test_publishing_nothing_new_is_refused(curator_client):
    page = curator_client.get(url("library_publish"))
    assert "No differences" in page.text
    checksum = page.context["form"].initial["checksum"]
    curator_client.post(url("library_publish"), {"note": "x", "checksum": checksum})
    assert LibraryVersion.objects.count() == 1


def test_staff_without_publish_permission_cannot_publish(client, shipped_library):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url("library_publish")).status_code == 403
    assert client.get(url("library_import")).status_code == 403
    assert client.get(url("library_export")).status_code == 403


def test_version_history_is_read_only_and_cannot_be_deleted(curator_client):
    version = LibraryVersion.objects.get()
    changelist = curator_client.get(url("library_libraryversion_changelist"))
    assert changelist.status_code == 200
    assert "delete_selected" not in changelist.text
    assert url("library_publish") in changelist.text
    page = curator_client.get(url("library_libraryversion_change", version.pk))
    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert not page.context["has_delete_permission"]
    assert 'name="_save"' not in page.text
    post = curator_client.post(
        url("library_libraryversion_change", version.pk), {"note": "rewritten"}
    )
    assert post.status_code == 403
    delete = curator_client.post(
        url("library_libraryversion_delete", version.pk), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert curator_client.get(url("library_libraryversion_add")).status_code == 403
    version.refresh_from_db()
    assert version.note != "rewritten"


def test_a_published_version_downloads_as_a_library_file(curator_client):
    version = LibraryVersion.objects.get()
    response = curator_client.get(url("library_libraryversion_download", version.pk))
    assert json.loads(response.content) == version.data
    assert 'filename="library-v1.json"' in response["Content-Disposition"]


# ---------------------------------------------------- what curators never see


def test_curator_has_no_module_permission_outside_the_library(curator_client):
    request = RequestFactory().get("/admin/")
    request.user = curator("curator")
    outside = []
    for model, model_admin in admin.site._registry.items():
        in_library = (
            model._meta.app_label == "library"
            and model._meta.model_name in LIBRARY_MODELS
        )
        if in_library:
            assert model_admin.has_module_permission(request), model
            continue
        outside.append(model)
        assert not model_admin.has_module_permission(request), model
        assert not model_admin.has_view_permission(request), model
    assert Appeal in outside


def test_curator_gets_no_admin_page_of_seller_data(curator_client):
    user, _, store = seller()
    appeal = appeal_create(user=user, store=store)
    pages = [url("appeals_appeal_change", appeal.pk)]
    for model in admin.site._registry:
        meta = model._meta
        if meta.app_label == "library" and meta.model_name in LIBRARY_MODELS:
            continue
        info = meta.app_label, meta.model_name
        pages += [url("{}_{}_changelist".format(*info)), url("{}_{}_add".format(*info))]
    for page in pages:
        response = curator_client.get(page)
        assert response.status_code in (302, 403, 404), page
        if response.status_code == 302:
            assert "/login/" in response.url, page


def test_curator_index_shows_the_library_and_no_appeals(curator_client):
    response = curator_client.get(url("index"))
    assert response.status_code == 200
    for name in ("Suspension causes", "Root causes", "Phrases", "Letter shapes"):
        assert name in response.text
    assert url("library_suspensioncause_changelist") in response.text
    assert url("appeals_appeal_changelist") not in response.text
    assert url("appeals_round_changelist") not in response.text
    assert "/admin/accounts/" not in response.text
    assert "/admin/metrics/" not in response.text
    assert url("library_publish") in response.text


def test_curator_gets_404_on_seller_pages(curator_client):
    user, workspace, store = seller()
    appeal = appeal_create(user=user, store=store)
    assert curator_client.get(f"/appeals/{appeal.pk}/").status_code == 404
    assert curator_client.get(f"/workspace/{workspace.pk}/").status_code == 404


def test_superuser_sees_appeals_in_admin(client, shipped_library):
    user, _, store = seller()
    appeal = appeal_create(user=user, store=store)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get(url("appeals_appeal_changelist")).status_code == 200
    assert client.get(url("appeals_appeal_change", appeal.pk)).status_code == 200
    assert client.get(url("appeals_round_changelist")).status_code == 200


def test_anonymous_user_is_sent_to_the_admin_login(client, shipped_library):
    response = client.get(url("library_publish"))
    assert response.status_code == 302 and "/admin/login/" in response.url
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    assert not admin.site._registry[Appeal].has_module_permission(request)


def test_curator_password_login_reaches_the_library(client, shipped_library):
    curator("librarian")
    assert client.login(
        request=RequestFactory().get("/"), username="librarian", password=PASSWORD
    )
    assert client.get(url("library_phrase_changelist")).status_code == 200


def test_library_admin_pages_have_no_inline_script(curator_client):
    phrase = Phrase.objects.first()
    pages = [
        url("index"),
        url("library_phrase_change", phrase.pk),
        url("library_phrase_sample", phrase.pk),
        url("library_suspensioncause_change", SuspensionCause.objects.first().pk),
        url("library_publish"),
        url("library_import"),
        url("library_libraryversion_changelist"),
        url("library_libraryversion_changes", LibraryVersion.objects.get().pk),
    ]
    for page in pages:
        response = curator_client.get(page)
        assert response.status_code == 200, page
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), page
        assert " onclick=" not in response.text, page


def test_discarding_an_uploaded_library_changes_nothing(curator_client):
    before = library.library_export()
    data = json.loads(library.library_dumps(before))
    data["phrases"] = [p for p in data["phrases"] if p["section"] != "closing"]
    curator_client.post(
        url("library_import"), {"file": upload(json.dumps(data).encode())}
    )
    response = curator_client.post(
        url("library_import_confirm"), {"discard": "1"}, follow=True
    )
    assert "nothing changed" in response.text
    assert library.library_export() == before
    assert curator_client.get(url("library_import_confirm")).status_code == 302


def test_version_list_action_downloads_one_selected_version(curator_client):
    version = LibraryVersion.objects.get()
    response = curator_client.post(
        url("library_libraryversion_changelist"),
        {"action": "download_selected", "_selected_action": [version.pk]},
    )
    assert response.status_code == 200
    assert json.loads(response.content) == version.data


def test_preview_of_an_escalation_phrase_shows_it_filled_in(curator_client):
    phrase = Phrase.objects.filter(section="escalation_team").first()
    response = curator_client.get(url("library_phrase_sample", phrase.pk))
    assert response.status_code == 200
    assert response.context["phrase_text"]
    assert "{" not in response.context["phrase_text"]
