"""Reads for the metrics pages, always starting from a store the user may reach."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Store
from accounts.selectors import stores_for
from appeals.answers import MetricFigure
from library.models import LibraryVersion
from library.placeholders import substitute

from . import rates, reports
from .kit import PRICING_ERROR_REASON
from .models import (
    AccountHealthSnapshot,
    BuyerContact,
    Defect,
    Order,
    PendingImport,
    ReportImport,
)


def metric_stores_for(*, user) -> QuerySet[Store]:
    """The stores whose figures the user may see (their workspaces and active clients)."""
    return stores_for(user=user)


def pending_imports_for(*, user, store: Store) -> QuerySet[PendingImport]:
    """Imports of ``store`` waiting for confirmation; ``store`` comes from stores_for."""
    return PendingImport.objects.live().filter(
        store=store, store__in=stores_for(user=user)
    )


def report_imports_for(*, store: Store) -> QuerySet[ReportImport]:
    return ReportImport.objects.filter(store=store).select_related("created_by")


def rate_orders_for(*, store: Store, since: date | None = None) -> list[rates.Order]:
    """The store's orders as plain data for metrics.rates; ``since`` leaves out orders
    placed before that day (no window reaches them)."""
    qs = Order.objects.filter(store=store)
    if since is not None:
        qs = qs.filter(purchase_date__date__gte=since)
    return [order for _store_id, order in _rate_orders(qs)]


#: figures can be computed for days in this range (windows reach 120 days back and
#: age-out dates 60 days ahead, so nothing near date.min/date.max is ever touched)
AS_OF_MIN = reports.DATE_MIN
AS_OF_LIMIT = reports.DATE_MAX
_DATETIME_RANGE = (
    datetime.combine(AS_OF_MIN, time.min, tzinfo=UTC),
    datetime.combine(AS_OF_LIMIT, time.max, tzinfo=UTC),
)


def _usable_day(day: date | None) -> bool:
    return day is not None and AS_OF_MIN <= day <= AS_OF_LIMIT


def usable_amazon_figure(figure) -> bool:
    """Whether one of Amazon's figures from a stored snapshot can be used: readable
    dates in order, a numeric rate and whole counts."""
    try:
        start = date.fromisoformat(figure["from"])
        end = date.fromisoformat(figure["to"])
        rate = Decimal(str(figure["rate"]))
        counts = [figure["count"], figure["orders"]]
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return False
    return (
        _usable_day(start)
        and _usable_day(end)
        and start <= end
        and rate.is_finite()
        and all(isinstance(n, int) and n >= 0 for n in counts)
    )


def usable_amazon_figures(figures) -> dict | None:
    """Amazon's figures from a stored snapshot, checked before use; None when any of
    them is broken (such a snapshot is ignored with a note, never a crash)."""
    if not isinstance(figures, dict):
        return None
    for key in AMAZON_KEYS.values():
        if key in figures and not usable_amazon_figure(figures[key]):
            return None
    return figures


@dataclass
class Comparison:
    """Amazon's figure beside ours over Amazon's own dates."""

    amazon_percent: object
    amazon_count: int
    amazon_orders: int
    start: date
    end: date
    ours: rates.Rate
    differs: list[str] = field(default_factory=list)  # "rate", "count", "orders"


@dataclass
class MetricFigures:
    rate: rates.Rate
    needed: int | None
    timeline: rates.Timeline
    series: list[rates.Point]
    comparison: Comparison | None = None
    amazon: dict | None = None

    @property
    def metric(self) -> str:
        return self.rate.metric


@dataclass
class StoreFigures:
    store: Store
    as_of: date | None
    latest_day: date | None
    order_count: int
    metrics: list[MetricFigures]
    fba_odr: rates.Rate | None
    snapshot: AccountHealthSnapshot | None
    # the latest Account Health snapshot could not be read and is not used
    snapshot_ignored: bool = False

    def get(self, metric: str, days: int | None = None) -> MetricFigures | None:
        for m in self.metrics:
            if m.metric == metric and (days is None or m.rate.window_days == days):
                return m
        return None


PROMOTION_CAUSE = "promotion-pricing-error"

AMAZON_KEYS = {
    rates.ODR: "odr",
    rates.CANCELLATION_RATE: "cancellation_rate",
    rates.LATE_SHIPMENT_RATE: "late_shipment_rate",
}

# Stores per orders query (each adds a condition to it).
STORES_PER_QUERY = 100


def store_figures(*, store: Store, as_of: date | None = None) -> StoreFigures:
    """Every rate of ``store`` as of ``as_of`` (default: its newest order or defect;
    a day outside AS_OF_MIN..AS_OF_LIMIT also falls back to the default)."""
    return store_figures_many(stores=[store], as_of=as_of)[store.pk]


def store_figures_many(
    *, stores: list[Store], as_of: date | None = None
) -> dict[int, StoreFigures]:
    """``store_figures`` for several stores with a fixed number of queries (their
    orders, defects and snapshots are read together and grouped here)."""
    ids = [s.pk for s in stores]
    if not ids:
        return {}
    order_stats = {
        row["store"]: row
        for row in Order.objects.filter(store__in=ids)
        .order_by()
        .values("store")
        .annotate(
            n=Count("id"),
            newest=Max("purchase_date", filter=Q(purchase_date__range=_DATETIME_RANGE)),
        )
    }
    defects: dict[int, list[rates.Defect]] = {pk: [] for pk in ids}
    for store_id, order_id, kind, day, denied in (
        Defect.objects.filter(store__in=ids)
        .order_by()
        .values_list("store_id", "order_id", "kind", "date", "denied")
    ):
        defects[store_id].append(rates.Defect(order_id, kind, day, denied))
    newest_snapshot = (
        AccountHealthSnapshot.objects.filter(store=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    snapshots = {
        s.store_id: s
        for s in AccountHealthSnapshot.objects.filter(
            pk__in=Store.objects.filter(pk__in=ids)
            .annotate(newest=Subquery(newest_snapshot))
            .values("newest")
        )
    }
    plans = {}
    for store in stores:
        stats = order_stats.get(store.pk, {})
        newest_order = stats.get("newest")
        days = [d.date for d in defects[store.pk] if _usable_day(d.date)]
        if newest_order:
            days.append(newest_order.date())
        latest = max(days) if days else None
        day = as_of if _usable_day(as_of) else latest
        snapshot = snapshots.get(store.pk)
        amazon = usable_amazon_figures(snapshot.figures) if snapshot else {}
        since = None
        if day is not None:
            # Enough history for the longest window and its daily series, plus
            # Amazon's own date ranges; older orders cannot change any figure shown.
            since = day - timedelta(days=2 * rates.WINDOWS[rates.ODR])
            for key in AMAZON_KEYS.values():
                if amazon and key in amazon:
                    since = min(since, date.fromisoformat(amazon[key]["from"]))
        plans[store.pk] = (day, latest, stats.get("n", 0), snapshot, amazon, since)
    orders: dict[int, list[rates.Order]] = {pk: [] for pk in ids}
    wanted = [(pk, plan[5]) for pk, plan in plans.items() if plan[0] is not None]
    for chunk in range(0, len(wanted), STORES_PER_QUERY):
        condition = Q()
        for pk, since in wanted[chunk : chunk + STORES_PER_QUERY]:
            condition |= Q(store_id=pk, purchase_date__date__gte=since)
        for store_id, order in _rate_orders(Order.objects.filter(condition)):
            orders[store_id].append(order)
    known: dict[int, set[str]] = {pk: set() for pk in ids}
    with_defect = Defect.objects.filter(
        store=OuterRef("store"), order_id=OuterRef("order_id")
    )
    for store_id, order_id in (
        Order.objects.filter(store__in=ids)
        .filter(Exists(with_defect))
        .order_by()
        .values_list("store_id", "order_id")
    ):
        known[store_id].add(order_id)
    result = {}
    for store in stores:
        day, latest, count, snapshot, amazon, _since = plans[store.pk]
        result[store.pk] = _figures(
            store=store,
            as_of=day,
            latest=latest,
            order_count=count,
            snapshot=snapshot,
            amazon=amazon,
            orders=orders[store.pk],
            defects=defects[store.pk],
            known=known[store.pk],
        )
    return result


def _rate_orders(qs) -> list[tuple[int, rates.Order]]:
    return [
        (
            o["store_id"],
            rates.Order(
                order_id=o["order_id"],
                purchase_date=o["purchase_date"],
                status=o["status"] or None,
                seller_fulfilled=o["fulfillment_channel"] == Order.Channel.MERCHANT,
                buyer_requested_cancel=o["is_buyer_requested_cancellation"],
                buyer_cancel_reason=o["buyer_cancel_reason"],
                promise_date=o["promise_date"],
                ship_date=o["ship_date"],
            ),
        )
        for o in qs.order_by().values(
            "store_id",
            "order_id",
            "purchase_date",
            "status",
            "fulfillment_channel",
            "is_buyer_requested_cancellation",
            "buyer_cancel_reason",
            "promise_date",
            "ship_date",
        )
    ]


def _figures(
    *,
    store: Store,
    as_of: date | None,
    latest: date | None,
    order_count: int,
    snapshot: AccountHealthSnapshot | None,
    amazon: dict | None,
    orders: list[rates.Order],
    defects: list[rates.Defect],
    known: set[str],
) -> StoreFigures:
    figures = StoreFigures(
        store=store,
        as_of=as_of,
        latest_day=latest,
        order_count=order_count,
        metrics=[],
        fba_odr=None,
        snapshot=snapshot,
        snapshot_ignored=snapshot is not None and amazon is None,
    )
    amazon = amazon or {}
    if as_of is None:
        return figures
    known = known | {o.order_id for o in orders}
    computed = [
        rates.odr(orders, defects, as_of=as_of, known_order_ids=known),
        rates.cancellation_rate(orders, as_of=as_of),
        rates.late_shipment_rate(orders, as_of=as_of, days=10),
        rates.late_shipment_rate(orders, as_of=as_of, days=rates.LSR_LONG_WINDOW),
    ]
    for rate in computed:
        figure = MetricFigures(
            rate=rate,
            needed=rates.orders_needed(rate),
            timeline=rates.timeline(rate),
            series=rates.daily_series(rate),
        )
        amazon_figure = amazon.get(AMAZON_KEYS[rate.metric])
        if amazon_figure and (
            rate.metric != rates.LATE_SHIPMENT_RATE or rate.window_days == 30
        ):
            figure.amazon = amazon_figure
            figure.comparison = _compare(
                rate.metric, amazon_figure, orders, defects, known
            )
        figures.metrics.append(figure)
    if any(not o.seller_fulfilled for o in orders):
        figures.fba_odr = rates.odr(
            orders,
            defects,
            as_of=as_of,
            seller_fulfilled=False,
            known_order_ids=known,
        )
    return figures


def _compare(metric, amazon: dict, orders, defects, known) -> Comparison:
    start = date.fromisoformat(amazon["from"])
    end = date.fromisoformat(amazon["to"])
    if metric == rates.ODR:
        ours = rates.odr(orders, defects, as_of=end, start=start, known_order_ids=known)
    elif metric == rates.CANCELLATION_RATE:
        ours = rates.cancellation_rate(orders, as_of=end, start=start)
    else:
        ours = rates.late_shipment_rate(orders, as_of=end, start=start)
    amazon_percent = (Decimal(str(amazon["rate"])) * 100).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    comparison = Comparison(
        amazon_percent=amazon_percent,
        amazon_count=amazon["count"],
        amazon_orders=amazon["orders"],
        start=start,
        end=end,
        ours=ours,
    )
    if ours.percent != amazon_percent:
        comparison.differs.append("rate")
    if ours.numerator != amazon["count"] or ours.value is None:
        comparison.differs.append("count")
    if ours.denominator != amazon["orders"]:
        comparison.differs.append("orders")
    return comparison


@dataclass
class StoreSummary:
    store: Store
    figures: StoreFigures
    last_import: ReportImport | None


def store_summaries_for(*, user) -> list[StoreSummary]:
    """Every store of the user with its figures and latest import, read with a fixed
    number of queries however many stores there are."""
    stores = list(metric_stores_for(user=user))
    figures = store_figures_many(stores=stores)
    newest_import = (
        ReportImport.objects.filter(store=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    imports = {
        r.store_id: r
        for r in ReportImport.objects.filter(
            pk__in=Store.objects.filter(pk__in=[s.pk for s in stores])
            .annotate(newest=Subquery(newest_import))
            .values("newest")
        ).select_related("created_by")
    }
    return [
        StoreSummary(
            store=store, figures=figures[store.pk], last_import=imports.get(store.pk)
        )
        for store in stores
    ]


@dataclass
class KitFilter:
    promotion_id: str = ""
    max_price: object = None
    date_from: date | None = None
    date_to: date | None = None
    sku: str = ""


def kit_orders(*, store: Store, criteria: KitFilter) -> list[Order]:
    """Orders of ``store`` matching every criterion given (the incident's orders)."""
    qs = Order.objects.filter(store=store).order_by("purchase_date", "order_id")
    if criteria.max_price is not None:
        qs = qs.filter(min_unit_price__lt=criteria.max_price)
    if criteria.date_from:
        qs = qs.filter(purchase_date__date__gte=criteria.date_from)
    if criteria.date_to:
        qs = qs.filter(purchase_date__date__lte=criteria.date_to)
    selected = []
    promotion = criteria.promotion_id.strip().lower()
    sku = criteria.sku.strip().lower()
    # JSON "contains" is not portable to SQLite, so list fields are matched here.
    for order in qs:
        if promotion and promotion not in {p.lower() for p in order.promotion_ids}:
            continue
        if sku and sku not in {s.lower() for s in order.skus}:
            continue
        selected.append(order)
    return selected


def buyer_contacts_for(
    *, store: Store, order_ids: list[str]
) -> dict[str, BuyerContact]:
    """Kept buyer contacts of ``store`` (never past their purge date), by order ID."""
    contacts = BuyerContact.objects.filter(
        store=store, purge_after__gte=timezone.localdate()
    )
    wanted = set(order_ids)
    return {c.order_id: c for c in contacts if c.order_id in wanted}


def library_phrases(*, section: str, cause: str | None = None) -> list[dict]:
    """Active phrases of ``section`` from the newest published library, the ones for
    ``cause`` first. Empty when no library is published."""
    version = LibraryVersion.objects.latest_published()
    if version is None:
        return []
    phrases = [
        p
        for p in version.data.get("phrases", [])
        if p.get("section") == section and p.get("is_active", True)
    ]
    return sorted(
        phrases,
        key=lambda p: (p.get("cause") != cause, p.get("position", 0), p.get("key")),
    )


@dataclass
class KitRow:
    order: Order
    reason: str  # the cancel reason to choose in Seller Central
    buyer_name: str = ""
    buyer_email: str = ""

    @property
    def already_cancelled(self) -> bool:
        return self.order.status == Order.Status.CANCELLED


@dataclass
class IncidentKit:
    rows: list[KitRow]
    message: str  # the chosen buyer message, placeholders filled
    annotations: list[str]  # notes for Seller Performance, placeholders filled
    contacts_kept: bool
    projected: rates.Rate | None  # cancellation rate once the orders are cancelled
    needed: int | None  # good orders that would dilute it under target


def incident_kit_for(
    *, store: Store, criteria: KitFilter, message_key: str = ""
) -> IncidentKit:
    """The promotion-error kit: the matching orders with the cancel reason to use, the
    buyer message and annotation note from the newest published library, and the
    cancellation rate once those orders are cancelled."""
    orders = kit_orders(store=store, criteria=criteria)
    contacts = buyer_contacts_for(store=store, order_ids=[o.order_id for o in orders])
    values = {
        "store_name": store.name,
        "seller_id": store.seller_id,
        "marketplace": store.get_marketplace_display(),
        "order_count": str(len(orders)),
    }
    phrases = library_phrases(section="buyer_message", cause=PROMOTION_CAUSE)
    chosen = next((p for p in phrases if p["key"] == message_key), None)
    chosen = chosen or (phrases[0] if phrases else None)
    rows = []
    for order in orders:
        contact = contacts.get(order.order_id)
        rows.append(
            KitRow(
                order=order,
                reason=rates.BUYER_CANCEL_REASON
                if order.is_buyer_requested_cancellation
                else PRICING_ERROR_REASON,
                buyer_name=contact.name if contact else "",
                buyer_email=contact.email if contact else "",
            )
        )
    projected = projected_cancellation(store=store, orders=orders)
    return IncidentKit(
        rows=rows,
        message=substitute(chosen["text"], values) if chosen else "",
        annotations=[
            substitute(p["text"], values)
            for p in library_phrases(
                section="annotation_request", cause=PROMOTION_CAUSE
            )
        ],
        contacts_kept=bool(contacts),
        projected=projected,
        needed=rates.orders_needed(projected) if projected else None,
    )


def projected_cancellation(*, store: Store, orders: list[Order]) -> rates.Rate | None:
    """The cancellation rate once every order in ``orders`` is cancelled, over the 7
    days ending on the newest of them (buyer-requested ones still do not count)."""
    if not orders:
        return None
    selected = {o.order_id for o in orders}
    as_of = max(o.purchase_date for o in orders).date()
    window = rates.WINDOWS[rates.CANCELLATION_RATE]
    everything = rate_orders_for(store=store, since=rates.window_start(as_of, window))
    for o in everything:
        if o.order_id in selected:
            o.status = Order.Status.CANCELLED
    return rates.cancellation_rate(everything, as_of=as_of)


def appeal_figures_for(*, store: Store) -> tuple[list[MetricFigure], date | None]:
    """Figures the wizard's first step starts from: each metric of ``store`` that is at
    or above its target in the imported reports (one per metric), and their "as of" day.
    """
    figures = store_figures(store=store)
    chosen: dict[str, MetricFigure] = {}
    for m in figures.metrics:
        rate = m.rate
        if rate.metric in chosen or rate.value is None or rate.value < rate.target:
            continue
        chosen[rate.metric] = MetricFigure(
            metric=rate.metric,
            value=rate.percent,
            period_days=rate.window_days,
            defects=rate.numerator,
            orders=rate.denominator,
        )
    return list(chosen.values()), figures.as_of
