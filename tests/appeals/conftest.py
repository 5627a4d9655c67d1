"""Letter fixtures: the shipped library as plain data, and answers for five real cases.

The five situations are the ones in the domain brief (/work/shared/domain.md). Each
picks root causes and actions from fixtures/library.json by slug, and each has at least
one root cause or action in the seller's own words.
"""

import copy
import functools
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from appeals.services import appeal_create
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    MetricFigure,
    OrderRef,
    Signature,
)
from library.models import LibraryVersion
from library.readmodel import Library
from library.services import checksum, normalize
from tests.factories import seller

LIBRARY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"
TODAY = date(2026, 11, 22)


@functools.cache
def load_library() -> dict:
    """fixtures/library.json through the library's own validation, once per run."""
    with LIBRARY_FILE.open(encoding="utf-8") as f:
        return normalize(json.load(f))


@pytest.fixture
def shipped_library_data() -> dict:
    """A private copy of the shipped library's data (tests may change it)."""
    return copy.deepcopy(load_library())


@pytest.fixture
def shipped_library() -> Library:
    """The shipped library as the typed value letters read (frozen: safe to share)."""
    return Library.from_data(load_library())


def as_library(library) -> Library:
    """Test helpers accept changed library data too; letters take a Library only."""
    return library if isinstance(library, Library) else Library.from_data(library)


def order_ids(count: int, prefix: str = "112") -> list[str]:
    return [f"{prefix}-{4830000 + n:07d}-{5830000 + n * 7:07d}" for n in range(count)]


def corrective(ref: str, **kwargs) -> ChosenAction:
    return ChosenAction(kind="corrective", ref=ref, **kwargs)


def preventive(ref: str, **kwargs) -> ChosenAction:
    return ChosenAction(kind="preventive", ref=ref, **kwargs)


def root_cause(ref: str, *actions: ChosenAction, **kwargs) -> ChosenRootCause:
    """A root cause picked from the library; action refs are relative to it."""
    return ChosenRootCause(
        ref=ref,
        actions=[
            ChosenAction(
                kind=a.kind,
                ref=f"{ref}/{a.ref}" if a.ref else "",
                text=a.text,
                done_on=a.done_on,
                timeframe=a.timeframe,
                slots=a.slots,
            )
            for a in actions
        ],
        **kwargs,
    )


def signature(store: str = "Sunny Audio", **kwargs) -> Signature:
    return Signature(
        name=kwargs.get("name", "Li Wei"),
        store_name=store,
        seller_id=kwargs.get("seller_id", "A2K4TQ9ZP3XW7M"),
        email=kwargs.get("email", "li.wei@example.com"),
        marketplace=kwargs.get("marketplace", "US"),
    )


def promotion_error() -> Answers:
    """1. A promotion code made headphones cost USD 1; about 300 orders, all cancelled."""
    cause = "promotion-pricing-error"
    return Answers(
        causes=[cause],
        notice_date=date(2026, 11, 10),
        metrics=[
            MetricFigure(
                "cancellation_rate", Decimal("21.4"), period_days=7, defects=300
            )
        ],
        orders=[OrderRef(i) for i in order_ids(300, "113")],
        root_causes=[
            root_cause(
                f"{cause}/promo-code-misconfigured",
                corrective("ended-promotion", done_on=date(2026, 11, 8)),
                corrective("cancelled-all-affected", done_on=date(2026, 11, 9)),
                corrective("messaged-each-buyer"),
                preventive("good-orders-option"),
                slots={"product": "our wireless headphones", "wrong_price": "USD 1"},
            ),
            root_cause(
                f"{cause}/no-second-check",
                corrective("wrote-promotion-checklist"),
                preventive("second-person-approval"),
            ),
            root_cause(
                f"{cause}/no-promotion-limits",
                corrective("limited-active-promotions"),
                preventive(
                    "limits-on-every-promotion",
                    text="Every promotion now has a limit of 2 units per buyer.",
                    timeframe="for every promotion",
                ),
                text="Our promotion had no limit per buyer, so one code sold our "
                "whole stock of headphones in a day.",
            ),
        ],
        signature=signature("Sunny Audio"),
    )


def odr_holiday() -> Answers:
    """2. ODR above 1% from A-to-z claims while listings stayed open over a holiday."""
    cause = "odr-a-to-z-claims"
    return Answers(
        causes=[cause],
        notice_date=date(2026, 2, 20),
        metrics=[MetricFigure("odr", Decimal("1.82"), 60, defects=4, orders=220)],
        orders=[OrderRef(i) for i in order_ids(4, "114")],
        root_causes=[
            root_cause(
                f"{cause}/holiday-closure-listings-active",
                corrective("resolved-holiday-orders"),
                preventive(
                    "pause-before-holidays",
                    slots={"responsible_role": "our warehouse manager"},
                ),
                slots={
                    "closure_start": "28 January 2026",
                    "closure_end": "5 February 2026",
                },
            ),
            root_cause(
                f"{cause}/listing-photos-mismatch",
                corrective("checked-every-listing"),
                preventive("sample-check-new-listing"),
            ),
            root_cause(
                f"{cause}/slow-problem-investigation",
                corrective("cleared-open-cases", done_on=date(2026, 2, 21)),
                preventive("investigate-within-12h"),
                preventive("refund-replace-within-24h"),
                ChosenAction(
                    kind="preventive",
                    text="We check our Account Health page every morning.",
                    timeframe="every morning",
                ),
            ),
        ],
        signature=signature("Harbour Home Goods", marketplace="UK"),
    )


def new_account() -> Answers:
    """3. A new account removed for late shipments and unavailable items."""
    cause = "new-account-late-unavailable"
    return Answers(
        causes=[cause],
        notice_date=date(2026, 6, 2),
        metrics=[
            MetricFigure(
                "late_shipment_rate", Decimal("11.5"), 30, defects=9, orders=78
            ),
            MetricFigure("cancellation_rate", Decimal("6.4"), 7),
        ],
        orders=[OrderRef(i, note="A-to-z claim") for i in order_ids(9, "115")],
        root_causes=[
            root_cause(
                f"{cause}/disorganised-inventory",
                corrective("labelled-shelf-locations"),
                corrective("counted-all-stock"),
                preventive("same-day-put-away"),
            ),
            root_cause(
                f"{cause}/too-many-items",
                corrective("reduced-catalogue"),
                preventive("grow-in-small-steps"),
            ),
            root_cause(
                f"{cause}/slow-reactive-communication",
                corrective("answered-all-open"),
                preventive("reply-inside-12h"),
                preventive("proactive-delay-notice"),
            ),
            root_cause(
                f"{cause}/no-metric-monitoring",
                corrective(
                    "named-metrics-owner",
                    text="Our director Chen Jing now owns the account metrics.",
                ),
                preventive(
                    "daily-account-health", slots={"responsible_role": "Chen Jing"}
                ),
            ),
        ],
        signature=signature("Chen Trading", name="Chen Jing"),
    )


def wrong_condition() -> Answers:
    """4. Items listed in the wrong condition from an inventory upload mistake."""
    cause = "wrong-condition"
    return Answers(
        causes=[cause],
        notice_date=date(2026, 9, 14),
        orders=[OrderRef(i) for i in order_ids(3, "116")],
        root_causes=[
            root_cause(
                f"{cause}/upload-file-error",
                corrective("reviewed-upload-file"),
                corrective("deleted-and-reuploaded"),
                preventive("second-check-before-upload"),
                slots={"file_error": "the condition column was shifted by one row"},
            ),
            root_cause(
                f"{cause}/condition-guidelines-not-applied",
                corrective("recategorised-every-item"),
                preventive("grade-before-listing"),
            ),
            root_cause(
                f"{cause}/vendor-inventory-unreviewed",
                corrective("paused-vendor-items"),
                preventive("review-every-vendor"),
            ),
            ChosenRootCause(
                ref="",
                title="Nobody compared the upload with the items",
                text="Nobody compared the uploaded conditions with the items on our "
                "shelves before the listings went live.",
                actions=[
                    ChosenAction(
                        kind="corrective",
                        text="We compared every live listing with the item on the shelf.",
                        done_on=date(2026, 9, 16),
                    ),
                    ChosenAction(
                        kind="preventive",
                        text="A second person signs off each upload file.",
                        timeframe="before each upload",
                    ),
                ],
            ),
        ],
        signature=signature("Second Chance Books", marketplace="DE"),
    )


def odr_not_received() -> Answers:
    """5. ODR 1.59%: two "item not received" claims and an early shipment confirmation."""
    cause = "odr-a-to-z-claims"
    ids = order_ids(3, "117")
    return Answers(
        causes=[cause],
        notice_date=date(2026, 11, 3),
        metrics=[MetricFigure("odr", Decimal("1.59"), 60, defects=2, orders=126)],
        orders=[
            OrderRef(ids[0], note="item not received"),
            OrderRef(ids[1], note="item not received"),
            OrderRef(ids[2], note="confirmed before shipping"),
        ],
        root_causes=[
            root_cause(
                f"{cause}/early-shipment-confirmation",
                corrective("stopped-early-confirmation", done_on=date(2026, 11, 5)),
                corrective(
                    "raised-handling-time", slots={"handling_time": "two business days"}
                ),
                preventive("stock-on-hand-only"),
                preventive("confirm-after-scan"),
                text="We entered tracking numbers to meet the two-day confirmation "
                "window while the stock was not yet in our warehouse.",
            ),
            root_cause(
                f"{cause}/unreliable-carrier-tracking",
                corrective(
                    "switched-to-tracked-carrier",
                    slots={
                        "old_carrier": "China Post Small Packet",
                        "new_carrier": "YunExpress tracked shipping",
                    },
                ),
                preventive("free-reship"),
                preventive("move-to-fba"),
                slots={"old_carrier": "China Post Small Packet"},
            ),
        ],
        evidence=[
            EvidenceItem("tracking-records", note="carrier scans for the 3 orders"),
            EvidenceItem("refund-records", dated=date(2026, 11, 6)),
        ],
        signature=signature("Sunny Audio"),
    )


SITUATIONS = {
    "promotion_error": promotion_error,
    "odr_holiday": odr_holiday,
    "new_account": new_account,
    "wrong_condition": wrong_condition,
    "odr_not_received": odr_not_received,
}


@pytest.fixture(params=sorted(SITUATIONS))
def situation(request) -> tuple[str, Answers]:
    """Each of the five situations in turn, as (name, fresh Answers)."""
    return request.param, SITUATIONS[request.param]()


# --- the wizard's client tests: a published shipped library, a seller, an appeal ------


@pytest.fixture
def version(db):
    """The shipped library published as version 1."""
    data = load_library()
    return LibraryVersion.objects.create(number=1, data=data, checksum=checksum(data))


@pytest.fixture
def owner(version):
    """A seller (user, store) whose workspace owns the store."""
    user, _workspace, store = seller("owner")
    return user, store


@pytest.fixture
def appeal(owner):
    user, store = owner
    return appeal_create(user=user, store=store)
