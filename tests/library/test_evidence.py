"""The evidence checklist: checks that need no file, and the letter naming exactly the
documents the seller ticked."""

from datetime import date, timedelta

import pytest

from library import exports, letters
from library.answers import Answers, EvidenceItem, Signature
from library.evidence import TOO_FEW_UNITS, TOO_OLD, evidence_warnings
from library.readmodel import Library
from tests.appeals.conftest import load_library

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_data(load_library())


def codes(items, library, units=None):
    return [
        (w.document, w.code)
        for w in evidence_warnings(items, library, today=TODAY, units_sold=units)
    ]


def test_an_invoice_older_than_365_days_warns_and_inside_the_limit_does_not(library):
    old = EvidenceItem("invoice", dated=TODAY - timedelta(days=400))
    assert codes([old], library) == [("invoice", TOO_OLD)]
    fresh = EvidenceItem("invoice", dated=TODAY - timedelta(days=365))
    assert codes([fresh], library) == []
    warning = evidence_warnings([old], library, today=TODAY)[0]
    assert warning.message % warning.params == (
        "Supplier invoices is dated 2025-10-21, 400 days ago: Amazon accepts it only "
        "from the last 365 days. Ask for a newer one."
    ).replace("Supplier invoices", library.document("invoice").name)


def test_a_utility_bill_older_than_90_days_warns_and_inside_the_limit_does_not(
    library,
):
    assert codes(
        [EvidenceItem("utility-bill", dated=TODAY - timedelta(days=120))], library
    ) == [("utility-bill", TOO_OLD)]
    assert (
        codes([EvidenceItem("utility-bill", dated=TODAY - timedelta(days=90))], library)
        == []
    )


def test_invoice_quantities_below_the_units_sold_warn_and_enough_do_not(library):
    short = EvidenceItem("invoice", dated=TODAY, quantity=480)
    assert codes([short], library, units=500) == [("invoice", TOO_FEW_UNITS)]
    enough = EvidenceItem("invoice", dated=TODAY, quantity=500)
    assert codes([enough], library, units=500) == []
    # No imported reports: nothing to compare with, no warning.
    assert codes([short], library, units=None) == []


def test_documents_without_a_limit_never_warn(library):
    old = EvidenceItem("product-photos", dated=TODAY - timedelta(days=2000))
    assert codes([old], library, units=10**6) == []


@pytest.mark.parametrize("shape", ["classic", "amazon_form"])
def test_the_letter_names_exactly_the_ticked_documents(library, shape):
    cause = library.cause("inauthentic-invoices-requested")
    wanted = [library.document(slug) for slug in cause.documents]
    assert len(wanted) >= 2
    ticked = [EvidenceItem(wanted[0].slug, note="from our supplier", quantity=500)]
    answers = Answers(
        causes=[cause.slug],
        evidence=ticked,
        signature=Signature(name="Li Wei", store_name="Sunny Audio"),
    )
    letter = letters.assemble(answers, library, shape=shape, today=TODAY, seed=1)
    text = exports.to_text(letter)
    assert f"{wanted[0].name} (from our supplier; 500 units)" in text
    for other in library.documents:
        if other.slug != wanted[0].slug:
            assert other.name not in text, other.name


def test_a_plan_naming_an_unticked_document_is_reported_once(library):
    from library.answers import ChosenAction, ChosenRootCause
    from library.evidence import unticked_documents

    named = [
        (a, rc)
        for c in library.causes
        for rc in c.root_causes
        for a in rc.actions
        if a.documents
    ]
    assert len(named) >= 20  # the shipped actions say which documents they name
    action, rc = named[0]
    answers = Answers(
        causes=[action.ref.split("/")[0]],
        root_causes=[
            ChosenRootCause(
                ref=rc.ref,
                actions=[ChosenAction(kind=action.kind, ref=action.ref)] * 2,
            )
        ],
    )
    assert unticked_documents(answers, library) == [
        (slug, action.ref) for slug in action.documents
    ]
    answers.evidence = [EvidenceItem(slug) for slug in action.documents]
    assert unticked_documents(answers, library) == []
    # The seller's own wording of the action is theirs: not checked.
    answers.evidence = []
    answers.root_causes[0].actions = [
        ChosenAction(kind=action.kind, ref=action.ref, text="We fixed it.")
    ]
    assert unticked_documents(answers, library) == []
