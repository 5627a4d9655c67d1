"""Search over past appeals, on whichever database the run uses (SQLite by default;
PostgreSQL with DATABASE_URL): what a document holds and where, what finds an appeal
(order IDs whole and in part, SKUs from imported orders and from the seller's notes, a
root cause's words, a phrase of the notice, a stemmed word), that no typed query breaks
it, that it never reaches past the user's workspaces, and that it follows every edit.
"""

import io
from datetime import UTC, date, datetime

import pytest
from django.core.management import call_command
from django.db import connection

from appeals.models import Appeal, AppealSearch
from appeals.search import index_appeal, matching, reindex_all
from appeals.searchdoc import RoundText, query_terms, search_document, sku_like
from appeals.selectors import appeals_for, letter_for, round_current
from appeals.services import (
    appeal_clone,
    appeal_create,
    round_edit_text,
    round_reset_text,
    round_save_answers,
    round_set_shape,
    round_start_next,
    round_submit,
)
from library import exports
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    OrderRef,
)
from metrics.models import Order
from tests.factories import StoreFactory, seller

from .conftest import as_library, load_library

CAUSE = "odr-a-to-z-claims"
CARRIER = f"{CAUSE}/unreliable-carrier-tracking"
ORDER = "112-3456789-1234567"
NOTICE = "We have deactivated your account after a Harbourmaster audit of late orders."


def case(
    packer_text: str = "Our packer mislabelled parcels during the move.",
) -> Answers:
    return Answers(
        causes=[CAUSE],
        notice_date=date(2026, 11, 3),
        notice_text=NOTICE,
        orders=[OrderRef(ORDER, note="never arrived"), OrderRef("113-0000001-0000002")],
        root_causes=[
            # The library's wording: "... once the parcel left the origin country ..."
            ChosenRootCause(
                ref=CARRIER,
                slots={"old_carrier": "Sunshine Post"},
                actions=[
                    ChosenAction(
                        kind="corrective",
                        ref=f"{CARRIER}/switched-to-tracked-carrier",
                        slots={"old_carrier": "Sunshine Post", "new_carrier": "Yun"},
                    )
                ],
            ),
            ChosenRootCause(
                title="Warehouse move",
                text=packer_text,
                actions=[
                    ChosenAction(
                        kind="preventive",
                        text="Parcels are shipped only after a second scan.",
                        timeframe="every order",
                    )
                ],
            ),
        ],
        evidence=[
            EvidenceItem("tracking-records", note="carrier scans covering SKU QK-310")
        ],
    )


def imported_order(store, order_id=ORDER, skus=("ZX-200",)):
    return Order.objects.create(
        store=store,
        order_id=order_id,
        purchase_date=datetime(2026, 10, 1, 12, tzinfo=UTC),
        status="Shipped",
        skus=list(skus),
    )


@pytest.fixture
def searched(owner):
    """The owner's appeal for the case, with its first order imported (SKU ZX-200),
    and a plain second appeal of the same store."""
    user, store = owner
    imported_order(store)
    found = appeal_create(user=user, store=store, answers=case(), title="Carrier case")
    plain = appeal_create(user=user, store=store, title="Quokka")
    return user, found, plain


def found_for(user, q) -> list[Appeal]:
    return list(matching(appeals_for(user=user), q))


# --- what finds an appeal --------------------------------------------------------------


@pytest.mark.parametrize(
    "q",
    [
        ORDER,  # an order ID
        "112-3456789",  # its first two parts
        "112-34567",  # a prefix ending inside a part
        "3456789-1234567",  # its last two parts
        "zx-200",  # the imported order's SKU, in any case
        "QK-310",  # a SKU in an evidence note
        "origin",  # the library's wording of a chosen root cause
        "mislabelled",  # the seller's own root cause
        '"harbourmaster audit"',  # a phrase of the notice
        "shipping",  # stemmed: the plan says "shipped"
        "Sunshine Post",  # a fact slot's value
        "Tracking records",  # a ticked document's name
        "never arrived",  # an order's note
        "QK-310 carrier",  # an identifier and a word together
    ],
)
def test_the_appeal_is_found(searched, q):
    user, found, _plain = searched
    assert found_for(user, q) == [found]


@pytest.mark.parametrize(
    "q",
    [
        "112-3456789-9",  # not a prefix of any order ID
        "ZX-201",
        '"audit harbourmaster"',  # the words, not the phrase
        "mislabelled zebra",  # every term must match
    ],
)
def test_near_misses_are_not_found(searched, q):
    user, _found, _plain = searched
    assert found_for(user, q) == []


def test_names_match_as_they_always_did(searched):
    user, found, plain = searched
    assert set(found_for(user, "owner store")) == {found, plain}  # the store name
    assert found_for(user, "quokka") == [plain]


def test_a_hit_in_the_title_ranks_first(owner):
    user, store = owner
    deep = appeal_create(
        user=user,
        store=store,
        answers=Answers(notice_text="The kestrel listing was reported."),
    )
    titled = appeal_create(user=user, store=store, title="Kestrel headphones")
    ranked = list(matching(appeals_for(user=user), "kestrel"))
    assert ranked == [titled, deep]
    assert ranked[0].search_rank > ranked[1].search_rank > 0


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "*",
        "AND",
        "-",
        "(",
        ")",
        "NOT mislabelled",
        "OR",
        'a"b',
        '"unbalanced phrase',
        "NEAR(origin parcel)",
        "title:carrier",
        "origin*",
        "^origin",
        "-origin",
        "112-*",
        "'; DROP TABLE appeals_appeal; --",
        "\\",
        "%",
        "_",
        "：",  # a full-width colon
        "x" * 5000,
        "the",
    ],
)
def test_hostile_queries_do_not_error(searched, q):
    user, _found, _plain = searched
    results = found_for(user, q)
    assert len(results) <= 2


def test_like_wildcards_are_text(searched):
    """% and _ are no wildcards: they do not match every appeal."""
    user, _found, _plain = searched
    assert found_for(user, "%") == []
    assert found_for(user, "_") == []


def test_full_width_digits_find_an_order(searched):
    user, found, _plain = searched
    assert found_for(user, "１１２－３４５６７８９") == [found]


# --- scoping -----------------------------------------------------------------------------


def test_another_workspace_is_never_found(searched):
    user, found, _plain = searched
    other_user, _workspace, other_store = seller("other")
    imported_order(other_store)
    theirs = appeal_create(
        user=other_user, store=other_store, answers=case(), title="Carrier case"
    )
    for q in (ORDER, "112-3456789", "ZX-200", "mislabelled", "Carrier case", "other"):
        assert theirs not in found_for(user, q), q
        assert found not in found_for(other_user, q), q
    assert found_for(other_user, "mislabelled") == [theirs]


# --- composing with the list's filters ----------------------------------------------------


def test_matching_composes_with_filter_order_and_subqueries(searched):
    user, found, plain = searched
    hits = matching(appeals_for(user=user), "origin")
    assert list(hits.filter(status=Appeal.Status.DRAFT)) == [found]
    assert list(hits.filter(status=Appeal.Status.SUBMITTED)) == []
    assert list(hits.order_by("pk")) == [found]
    assert hits.count() == 1
    outer = Appeal.objects.filter(pk__in=hits.values("pk")).exclude(pk=plain.pk)
    assert list(outer) == [found]
    assert set(matching(appeals_for(user=user), "  ")) == {found, plain}


# --- the index follows edits -------------------------------------------------------------


def test_the_index_follows_the_answers(searched):
    user, found, _plain = searched
    round = round_current(appeal=found)
    round_save_answers(
        round=round,
        answers=case("Our packer misrouted parcels during the move."),
        revision=round.revision,
    )
    assert found_for(user, "mislabelled") == []
    assert found_for(user, "misrouted") == [found]


def test_the_index_follows_the_letter_submission_and_next_round(searched):
    user, found, _plain = searched
    round = round_current(appeal=found)
    round_edit_text(
        round=round,
        text="Dear Seller Performance,\nOur Kowloon warehouse ships today.",
        shape=round.shape,
        revision=round.revision,
    )
    assert found_for(user, "Kowloon") == [found]
    round = round_submit(round=round_current(appeal=found), submitted_on=date.today())
    assert "Kowloon" in round.sent_text
    second = round_start_next(
        round=round,
        outcome="more_info",
        amazon_reply="Please send the invoices from your Guangzhou supplier.",
        reply_received_on=date.today(),
    )
    assert found_for(user, "Guangzhou") == [found]  # Amazon's reply
    round_reset_text(round=second)  # round 2 drops the hand edit ...
    assert "Kowloon" not in exports.to_text(letter_for(round=second))
    assert found_for(user, "Kowloon") == [found]  # ... round 1 sent it


def test_the_index_follows_the_letter_shape(searched):
    _user, found, _plain = searched
    before = AppealSearch.objects.get(pk=found.pk).letters
    round_set_shape(round=round_current(appeal=found), shape="amazon_form")
    after = AppealSearch.objects.get(pk=found.pk).letters
    assert after != before
    letter = exports.to_text(letter_for(round=round_current(appeal=found)))
    assert set(after.splitlines()) == {
        ln.strip() for ln in letter.splitlines() if ln.strip()
    }


def test_a_clone_is_indexed_with_its_own_store(searched):
    user, found, _plain = searched
    other_store = StoreFactory(
        workspace=found.workspace, name="Second shop", seller_id="A9SECONDSHOP1"
    )
    clone = appeal_clone(user=user, source=found, store=other_store)
    assert set(found_for(user, "mislabelled")) == {found, clone}
    assert found_for(user, "A9SECONDSHOP1") == [clone]
    assert found_for(user, ORDER) == [found]  # orders are not copied


def test_reindex_all_rebuilds_and_the_command_reports(searched):
    user, found, plain = searched
    AppealSearch.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM appeals_search_fts")
    assert found_for(user, "origin") == []
    assert reindex_all() == 2
    assert found_for(user, "origin") == [found]
    out = io.StringIO()
    call_command("reindex_appeals", stdout=out)
    assert "Indexed 2 appeals" in out.getvalue()
    assert AppealSearch.objects.count() == 2


def test_a_deleted_appeal_leaves_no_document(searched):
    user, found, _plain = searched
    found_id = found.pk
    found.delete()
    index_appeal(found_id)
    assert not AppealSearch.objects.filter(pk=found_id).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM appeals_search_fts WHERE rowid = %s", [found_id]
            )
            assert cursor.fetchone()[0] == 0
    assert found_for(user, "origin") == []


# --- the document and the query's terms (pure) ------------------------------------------


def test_ids_are_kept_apart_from_prose():
    doc = search_document(
        title="Carrier case",
        store_name="Sunny Audio",
        seller_id="A2K4TQ9ZP3XW7M",
        workspace_name="Sunny Ltd",
        rounds=[
            RoundText(
                answers=case(),
                library=as_library(load_library()),
                letter="Subject: Appeal\nOrder 112-3456789-1234567 was late.",
            )
        ],
        order_skus={ORDER: ["zx-200"]},
    )
    assert doc.ids.split() == [
        "A2K4TQ9ZP3XW7M",
        ORDER,
        "113-0000001-0000002",
        "ZX-200",
        "QK-310",
    ]
    assert ORDER not in doc.body and "ZX-200" not in doc.body
    # the library's wording of the root cause, its fact slot filled
    assert "We chose Sunshine Post, a low-cost" in doc.body
    assert "{old_carrier}" not in doc.body
    assert "mislabelled" in doc.body and "Sunshine Post" in doc.body
    assert doc.title.splitlines()[0] == "Carrier case"
    assert "Sunny Ltd" in doc.title
    assert doc.letters.startswith("Subject: Appeal")


def test_sku_like_tokens():
    text = "SKU ZX-200, B07XYZ1234 and hb01-blk; within 24h, the 2nd box, 10am, A-to-z"
    assert sku_like(text) == ["ZX-200", "B07XYZ1234", "hb01-blk"]
    assert sku_like("order 112-3456789-1234567.") == ["112-3456789-1234567"]


def test_query_terms():
    terms = query_terms('"selling privileges" ZX-200 * ( - AND shipped.')
    assert [(t.text, t.is_id, t.phrase) for t in terms] == [
        ("selling privileges", False, True),
        ("ZX-200", True, False),
        ("AND", False, False),
        ("shipped", False, False),
    ]
    assert query_terms("１１２－３４５") == query_terms("112-345")
    assert query_terms("") == [] and query_terms('" * - ( )') == []
    assert len(query_terms("a " * 100)) == 10
