"""Policy suspensions: 28 causes with routes, documents and 简体中文 glosses; a letter for
each new cause in both shapes; the route shown before anything else."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from library import checker, evidence, exports, letters, samples
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    Signature,
)
from library.concepts import route as routes
from library.readmodel import Library
from tests.appeals.conftest import load_library
from tests.library.test_admin import FIXTURE

TODAY = date(2026, 11, 25)
#: the causes the library had before policy suspensions
METRIC_ERA = {
    "odr-a-to-z-claims",
    "odr-negative-feedback",
    "odr-chargebacks",
    "cancellation-stock-outs",
    "promotion-pricing-error",
    "late-shipment-rate",
    "valid-tracking-rate",
    "on-time-delivery",
    "wrong-condition",
    "not-as-described-returns",
    "packaging-shipping-damage",
    "new-account-late-unavailable",
}
LIBRARY = Library.from_data(load_library())
NEW_CAUSES = [c.slug for c in LIBRARY.causes if c.slug not in METRIC_ERA]
SHAPES = {"classic": "classic", "amazon_form": "form"}


def test_library_counts_json_reports_every_cause_with_its_route_and_documents(db):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    out = StringIO()
    call_command("library_counts", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"causes", "glosses_missing"}
    assert data["glosses_missing"] == 0
    assert len(data["causes"]) >= 28
    for cause in data["causes"]:
        assert set(cause) == {"slug", "route", "evidence", "root_causes"}
        assert cause["route"] in routes.ROUTES
        assert cause["evidence"] >= 1
        assert len(cause["root_causes"]) >= 4, cause["slug"]
        for rc in cause["root_causes"]:
            assert set(rc) == {"slug", "actions"}
            assert rc["actions"] >= 3, (cause["slug"], rc["slug"])


def test_the_new_causes_cover_the_policy_suspensions_with_their_routes():
    assert len(NEW_CAUSES) >= 16
    route = {c.slug: c.route for c in LIBRARY.causes}
    assert route["ip-trademark"] == routes.RETRACTION
    assert route["inauthentic-invoices-requested"] == routes.DOCUMENTS
    assert route["fair-pricing"] == routes.NO_APPEAL
    assert not LIBRARY.needs_plan(["ip-trademark"])
    assert LIBRARY.needs_plan(["ip-trademark", "odr-a-to-z-claims"])
    assert LIBRARY.needs_plan([])


def answers_for(slug: str) -> Answers:
    """Every root cause of the cause, its first corrective and first preventive
    action, every fact filled; the first two documents ticked."""
    cause = LIBRARY.cause(slug)
    root_causes = []
    for rc in cause.active_root_causes():
        actions = []
        for kind in ("corrective", "preventive"):
            a = next(a for a in rc.active_actions() if a.kind == kind)
            actions.append(
                ChosenAction(
                    kind=kind,
                    ref=a.ref,
                    done_on=date(2026, 11, 20) if kind == "corrective" else None,
                    slots=samples.examples(LIBRARY, a.slots),
                )
            )
        root_causes.append(
            ChosenRootCause(
                ref=rc.ref, actions=actions, slots=samples.examples(LIBRARY, rc.slots)
            )
        )
    # The first two documents the cause needs, and every document the chosen
    # actions' wording names (the letter may claim only ticked documents).
    named = [
        d
        for rc in root_causes
        for a in rc.actions
        for d in LIBRARY.action(a.ref).documents
    ]
    ticked = list(dict.fromkeys([*cause.documents[:2], *named]))
    return Answers(
        causes=[slug],
        notice_date=date(2026, 11, 18),
        root_causes=root_causes,
        evidence=[EvidenceItem(d) for d in ticked],
        signature=Signature(
            name="Li Wei", store_name="Sunny Audio", seller_id="A2K4TQ9ZP3XW7M"
        ),
    )


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("slug", NEW_CAUSES)
def test_a_letter_for_each_new_cause_is_complete_and_names_only_ticked_documents(
    slug, shape
):
    answers = answers_for(slug)
    for rc in answers.root_causes:
        assert {a.kind for a in rc.actions} == {"corrective", "preventive"}
    letter = letters.assemble(answers, LIBRARY, shape=shape, today=TODAY, seed=3)
    text = exports.to_text(letter)
    assert "MISSING" not in text
    assert not any(ch in text for ch in "{}[]")
    ticked = {e.document for e in answers.evidence}
    for doc in LIBRARY.documents:
        assert (doc.name in text) == (doc.slug in ticked), doc.slug
    assert evidence.unticked_documents(answers, LIBRARY) == []
    found = checker.check(
        text,
        shape=SHAPES[shape],
        answers=answers,
        metric_causes=LIBRARY.metric_cause_slugs(),
        plan_required=LIBRARY.needs_plan(answers.causes),
    )
    assert [(f.category, f.excerpt) for f in found if f.severity == "blocker"] == []


@pytest.mark.parametrize("slug", NEW_CAUSES)
def test_the_sample_letter_of_each_new_cause_raises_no_blocker(slug):
    answers = samples.sample_answers(LIBRARY, today=TODAY, cause=slug)
    for shape, checked_as in SHAPES.items():
        text = exports.to_text(
            letters.assemble(answers, LIBRARY, shape=shape, today=TODAY, seed=1)
        )
        found = checker.check(
            text,
            shape=checked_as,
            answers=answers,
            metric_causes=LIBRARY.metric_cause_slugs(),
            plan_required=LIBRARY.needs_plan(answers.causes),
        )
        assert [f.category for f in found if f.severity == "blocker"] == []


def test_a_documents_route_letter_without_a_plan_raises_no_plan_blocker():
    answers = answers_for("inauthentic-invoices-requested")
    answers.root_causes = []
    text = exports.to_text(
        letters.assemble(answers, LIBRARY, shape="classic", today=TODAY, seed=1)
    )
    found = checker.check(text, shape="classic", answers=answers, plan_required=False)
    assert [f.category for f in found if f.severity == "blocker"] == []
    planned = checker.check(text, shape="classic", answers=answers)
    assert "missing_corrective" in {f.category for f in planned}


def test_glosses_travel_through_import_export_publish_and_the_diff(db):
    from library import services as library
    from library.models import LibraryVersion, SuspensionCause

    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    version = LibraryVersion.objects.get()
    frozen = Library.from_data(version.data).cause("ip-trademark")
    assert frozen.name_zh and frozen.route == routes.RETRACTION
    assert frozen.documents[0] == "retraction"
    cause = SuspensionCause.objects.get(slug="ip-trademark")
    cause.name_zh = "知识产权：商标投诉（已修订）"
    cause.save()
    diff = library.library_diff(version.data, library.library_export())
    changes = [(c.kind, c.ref, [f.name for f in c.fields]) for c in diff.changes]
    assert changes == [("cause", "ip-trademark", ["name_zh"])]
    # The published version is frozen: its gloss did not move.
    assert Library.from_data(version.data).cause("ip-trademark").name_zh == (
        frozen.name_zh
    )


def test_guidance_markdown_is_rendered_and_sanitised_for_the_page():
    html = letters.safe_html(
        "**Ask** the owner.\n\n- one\n- two\n\n<script>x()</script> [a](https://x.example)"
    )
    assert "<strong>Ask</strong>" in html and "<li>one</li>" in html
    assert "<script" not in html and "<a" not in html and "href" not in html
