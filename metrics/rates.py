"""Account-health rates computed the way Amazon defines them. Pure: plain data in and out.

Every rate is built the same way: each eligible order becomes an ``Entry`` (the day that
places it in a window, and whether it counts against the seller); a ``Rate`` is the
share of bad entries among the entries whose day falls in the window. The what-if,
the age-out timeline and the per-day chart series all work on those entries, so they
agree with the headline figure by construction.

Windows are whole days and include both ends: a 60-day window "as of" 20 November covers
22 September to 20 November. Notes are codes (``NOTE_*``); the view words them.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_FLOOR, Decimal

from library.concepts import metric
from library.concepts import percent as pct

# The metrics' codes, targets (fractions), windows and names are the concept module's
# (library.concepts.metric); these names are plain aliases for the ones computed here.
ODR = metric.ODR
CANCELLATION_RATE = metric.CANCELLATION_RATE
LATE_SHIPMENT_RATE = metric.LATE_SHIPMENT_RATE
#: Amazon also shows the late shipment rate over 30 days (the concept's window is 10)
LSR_LONG_WINDOW = 30


def target_of(code: str) -> Decimal:
    """The metric's target as a fraction (0.01 for 1%)."""
    return metric.METRICS[code].target


def window_of(code: str) -> int:
    """The metric's window in days."""
    return metric.METRICS[code].window_days


NEGATIVE_FEEDBACK = "negative_feedback"
A_TO_Z_CLAIM = "a_to_z_claim"
CHARGEBACK = "chargeback"
DEFECT_KINDS = (A_TO_Z_CLAIM, NEGATIVE_FEEDBACK, CHARGEBACK)

# Entry kinds for cancellations and shipments.
SELLER_CANCELLED = "seller_cancelled"
CANCELLED_BY_UNKNOWN = "cancelled_by_unknown"
BUYER_CANCELLED = "buyer_cancelled"  # cancelled at the buyer's formal request
BUYER_REQUEST_OPEN = "buyer_request_open"  # requested, not cancelled yet
LATE = "late"

#: the reason to choose in Seller Central for a buyer-requested cancellation
BUYER_CANCEL_REASON = "Buyer canceled"

NOTE_UPPER_BOUND = "upper_bound"
NOTE_NO_STATUS = "no_status"
NOTE_NO_SHIP_DATES = "no_ship_dates"
NOTE_PARTIAL_SHIP_DATES = "partial_ship_dates"
NOTE_DEFECTS_WITHOUT_ORDER = "defects_without_order"
NOTE_DENIED_CLAIMS = "denied_claims"
NOTE_NO_ORDERS = "no_orders"

BELOW = "below"
ABOVE = "above"
NO_DATA = "no_data"


@dataclass(slots=True)
class Order:
    order_id: str
    purchase_date: date | datetime
    status: str | None = "Shipped"  # None: the report does not say
    seller_fulfilled: bool = True
    buyer_requested_cancel: bool | None = None  # None: the report does not say
    buyer_cancel_reason: str = ""
    promise_date: date | datetime | None = None  # expected ship date
    ship_date: date | datetime | None = None  # ship confirmation


@dataclass(slots=True)
class Defect:
    order_id: str
    kind: str  # one of DEFECT_KINDS
    date: date
    denied: bool = False  # an A-to-z claim decided in the seller's favour


@dataclass(slots=True)
class Entry:
    order_id: str
    day: date
    bad: bool
    kinds: tuple[str, ...] = ()


@dataclass
class Rate:
    metric: str
    window_days: int
    start: date
    end: date
    target: Decimal
    numerator: int
    denominator: int
    counted: list[str] = field(default_factory=list)
    defective: list[Entry] = field(default_factory=list)
    excluded: list[Entry] = field(default_factory=list)
    at_risk: list[Entry] = field(default_factory=list)
    notes: dict[str, object] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    computable: bool = True
    entries: list[Entry] = field(default_factory=list, repr=False)

    @property
    def value(self) -> Decimal | None:
        """The rate as a fraction (0.0159 for 1.59%), None when it cannot be computed."""
        if not self.computable or not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent, rounded to 2 places as Seller Central shows it."""
        if self.value is None:
            return None
        return pct.percent(self.numerator, self.denominator)

    @property
    def long_window(self) -> bool:
        """The 30-day late-shipment window, shown beside the metric's own."""
        return (
            self.window_days
            == LSR_LONG_WINDOW
            != metric.METRICS[self.metric].window_days
        )

    @property
    def target_percent(self) -> Decimal:
        return metric.METRICS[self.metric].target_percent

    @property
    def status(self) -> str:
        value = self.value
        if value is None:
            return NO_DATA
        return BELOW if value < self.target else ABOVE

    @property
    def upper_bound(self) -> bool:
        return NOTE_UPPER_BOUND in self.notes


def day_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def window_start(end: date, days: int) -> date:
    return end - timedelta(days=days - 1)


class DailyCounts:
    """Entries counted per day, so any window's figures cost one pass over its days."""

    def __init__(self, entries: list[Entry]):
        self.total: Counter = Counter()
        self.bad: Counter = Counter()
        for e in entries:
            self.total[e.day] += 1
            if e.bad:
                self.bad[e.day] += 1

    def window(self, start: date, end: date) -> tuple[int, int]:
        bad = total = 0
        day = start
        while day <= end:
            total += self.total.get(day, 0)
            bad += self.bad.get(day, 0)
            day += timedelta(days=1)
        return bad, total


def _rate(
    metric: str,
    entries: list[Entry],
    *,
    as_of: date,
    days: int,
    start: date | None = None,
) -> Rate:
    start = start or window_start(as_of, days)
    inside = [e for e in entries if start <= e.day <= as_of]
    defective = sorted((e for e in inside if e.bad), key=lambda e: (e.day, e.order_id))
    by_kind: Counter = Counter()
    for e in defective:
        by_kind.update(e.kinds)
    return Rate(
        metric=metric,
        window_days=(as_of - start).days + 1,
        start=start,
        end=as_of,
        target=target_of(metric),
        numerator=len(defective),
        denominator=len(inside),
        counted=[e.order_id for e in inside],
        defective=defective,
        by_kind=dict(by_kind),
        entries=entries,
    )


def odr_entries(
    orders: list[Order], defects: list[Defect], *, seller_fulfilled: bool = True
) -> list[Entry]:
    """One entry per order of the channel, by order date; bad when it has any defect."""
    kinds: dict[str, set[str]] = {}
    for d in defects:
        if not d.denied:
            kinds.setdefault(d.order_id, set()).add(d.kind)
    return [
        Entry(
            o.order_id,
            day_of(o.purchase_date),
            o.order_id in kinds,
            tuple(sorted(kinds.get(o.order_id, ()))),
        )
        for o in orders
        if o.seller_fulfilled == seller_fulfilled
    ]


def odr(
    orders: list[Order],
    defects: list[Defect],
    *,
    as_of: date,
    days: int = window_of(ODR),
    start: date | None = None,
    seller_fulfilled: bool = True,
    known_order_ids: set[str] | frozenset[str] | None = None,
) -> Rate:
    """Order Defect Rate: orders with negative feedback (1-2 stars), an A-to-z claim
    not denied, or a chargeback, among the orders placed in the window. An order with
    several defects counts once.

    A defect whose order ID is neither in ``orders`` nor in ``known_order_ids`` (every
    order ID the store has, when ``orders`` holds only recent ones) is noted as having
    no order in the reports."""
    rate = _rate(
        ODR,
        odr_entries(orders, defects, seller_fulfilled=seller_fulfilled),
        as_of=as_of,
        days=days,
        start=start,
    )
    known = {o.order_id for o in orders}
    if known_order_ids is not None:
        known |= known_order_ids
    orphans = sorted({d.order_id for d in defects if d.order_id not in known})
    if orphans:
        rate.notes[NOTE_DEFECTS_WITHOUT_ORDER] = orphans
    denied = sorted({d.order_id for d in defects if d.denied})
    if denied:
        rate.notes[NOTE_DENIED_CLAIMS] = denied
    if not rate.denominator:
        rate.notes[NOTE_NO_ORDERS] = True
    return rate


def cancellation_entries(orders: list[Order]) -> list[Entry]:
    """Seller-fulfilled orders by order date; bad when cancelled and not at the buyer's
    formal request (an unknown requester counts: the figure is then an upper bound)."""
    entries = []
    for o in orders:
        if not o.seller_fulfilled:
            continue
        cancelled = o.status == "Cancelled"
        requested = o.buyer_requested_cancel
        if cancelled and requested is True:
            kinds = (BUYER_CANCELLED,)
        elif cancelled:
            kinds = (SELLER_CANCELLED if requested is False else CANCELLED_BY_UNKNOWN,)
        elif requested:
            kinds = (BUYER_REQUEST_OPEN,)
        else:
            kinds = ()
        bad = cancelled and requested is not True
        entries.append(Entry(o.order_id, day_of(o.purchase_date), bad, kinds))
    return entries


def cancellation_rate(
    orders: list[Order],
    *,
    as_of: date,
    days: int = window_of(CANCELLATION_RATE),
    start: date | None = None,
) -> Rate:
    """Cancellation Rate: seller-cancelled orders among all seller-fulfilled orders in
    the window. Buyer-requested cancellations stay in the total but are not counted
    against the seller; they are listed in ``excluded`` with the reason to use."""
    rate = _rate(
        CANCELLATION_RATE,
        cancellation_entries(orders),
        as_of=as_of,
        days=days,
        start=start,
    )
    inside = [e for e in rate.entries if rate.start <= e.day <= rate.end]
    rate.excluded = [
        e for e in inside if BUYER_CANCELLED in e.kinds or BUYER_REQUEST_OPEN in e.kinds
    ]
    if any(CANCELLED_BY_UNKNOWN in e.kinds for e in inside):
        rate.notes[NOTE_UPPER_BOUND] = rate.by_kind.get(CANCELLED_BY_UNKNOWN, 0)
    statuses = {
        o.order_id
        for o in orders
        if o.seller_fulfilled
        and o.status is not None
        and rate.start <= day_of(o.purchase_date) <= rate.end
    }
    if rate.denominator and not statuses:
        rate.notes[NOTE_NO_STATUS] = True
        rate.computable = False
    if not rate.denominator:
        rate.notes[NOTE_NO_ORDERS] = True
    return rate


def late_shipment_rate(
    orders: list[Order],
    *,
    as_of: date,
    days: int = window_of(LATE_SHIPMENT_RATE),
    start: date | None = None,
) -> Rate:
    """Late Shipment Rate: seller-fulfilled orders confirmed as shipped after their
    expected ship date, by expected ship date. Only orders whose files carry both dates
    can be judged; the notes say how many could not. Unshipped orders already past
    their expected ship date are listed in ``at_risk``."""
    entries = []
    undated_ids = set()
    for o in orders:
        if not o.seller_fulfilled or o.status == "Cancelled":
            continue
        if o.promise_date is not None and o.ship_date is not None:
            late = o.ship_date > o.promise_date
            entries.append(
                Entry(o.order_id, day_of(o.promise_date), late, (LATE,) if late else ())
            )
        elif o.status not in ("Pending", "Unshipped"):
            undated_ids.add(o.order_id)
    rate = _rate(LATE_SHIPMENT_RATE, entries, as_of=as_of, days=days, start=start)
    undated = sum(
        1
        for o in orders
        if o.order_id in undated_ids
        and rate.start <= day_of(o.promise_date or o.purchase_date) <= rate.end
    )
    if undated and not rate.denominator:
        rate.notes[NOTE_NO_SHIP_DATES] = undated
        rate.computable = False
    elif undated:
        rate.notes[NOTE_PARTIAL_SHIP_DATES] = {
            "known": rate.denominator,
            "total": rate.denominator + undated,
        }
    elif not rate.denominator:
        rate.notes[NOTE_NO_ORDERS] = True
    rate.at_risk = at_risk(orders, as_of=as_of)
    return rate


def at_risk(orders: list[Order], *, as_of: date) -> list[Entry]:
    """Seller-fulfilled orders not shipped, not cancelled, past their expected ship date.

    Each becomes a late shipment the moment it is confirmed; ``day`` is the promise date.
    """
    return sorted(
        (
            Entry(o.order_id, day_of(o.promise_date), True, (LATE,))
            for o in orders
            if o.seller_fulfilled
            and o.status not in ("Cancelled", "Shipped")
            and o.ship_date is None
            and o.promise_date is not None
            and day_of(o.promise_date) < as_of
        ),
        key=lambda e: (e.day, e.order_id),
    )


def orders_needed(rate: Rate) -> int | None:
    """How many more good orders in the window would bring the rate under target.

    The smallest n with bad / (total + n) < target, i.e. n = floor(bad / target) + 1 -
    total; 0 when already under target, None when the rate cannot be computed.
    """
    if rate.value is None:
        return None
    if rate.value < rate.target:
        return 0
    floor = (Decimal(rate.numerator) / rate.target).to_integral_value(ROUND_FLOOR)
    return max(0, int(floor) + 1 - rate.denominator)


@dataclass
class AgeOut:
    entry: Entry
    leaves_on: date  # the first day the order is outside the window


@dataclass
class Timeline:
    ages_out: list[AgeOut]
    # the first day the rate is under target if no new orders and no new defects arrive;
    # None when it already is, or cannot be computed
    under_target_on: date | None


def timeline(rate: Rate) -> Timeline:
    """When each counted-against order leaves the window, and when the rate falls under
    target if nothing new happens (no new orders, no new defects: every day the oldest
    day of orders leaves the window, good and bad alike)."""
    ages_out = [
        AgeOut(e, e.day + timedelta(days=rate.window_days)) for e in rate.defective
    ]
    if rate.value is None or rate.status == BELOW:
        return Timeline(ages_out, None)
    inside = [e for e in rate.entries if rate.start <= e.day <= rate.end]
    counts = DailyCounts(inside)
    day = rate.end
    last = max(a.leaves_on for a in ages_out)
    while day < last:
        day += timedelta(days=1)
        bad, total = counts.window(window_start(day, rate.window_days), day)
        if bad == 0 or Decimal(bad) / Decimal(total) < rate.target:
            return Timeline(ages_out, day)
    return Timeline(ages_out, last)


@dataclass(slots=True)
class Point:
    day: date
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        return pct.percent(self.numerator, self.denominator)


def daily_series(rate: Rate) -> list[Point]:
    """The rate as it stood on each day of its window (each day's own trailing window)."""
    counts = DailyCounts(rate.entries)
    points = []
    day = rate.start
    while day <= rate.end:
        bad, total = counts.window(window_start(day, rate.window_days), day)
        points.append(Point(day, bad, total))
        day += timedelta(days=1)
    return points


def odr_cause(rate: Rate) -> str:
    """The library cause slug for an ODR appeal: the kind of defect that dominates.

    Ties go to A-to-z claims, then negative feedback (the order Amazon's notices use).
    """
    counts = rate.by_kind
    order = [
        (A_TO_Z_CLAIM, "odr-a-to-z-claims"),
        (NEGATIVE_FEEDBACK, "odr-negative-feedback"),
        (CHARGEBACK, "odr-chargebacks"),
    ]
    best = max(order, key=lambda kv: (counts.get(kv[0], 0), -order.index(kv)))
    return best[1]


def latest_day(orders: list[Order], defects: list[Defect]) -> date | None:
    """The newest order or defect date: the natural "as of" for figures from files."""
    days = [day_of(o.purchase_date) for o in orders] + [d.date for d in defects]
    return max(days) if days else None
