"""Reads for the metrics pages, always starting from a store the user may reach."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import Store
from accounts.selectors import stores_for
from appeals.answers import MetricFigure
from appeals.models import LibraryVersion
from appeals.placeholders import substitute

from . import rates
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
    return [
        rates.Order(
            order_id=o["order_id"],
            purchase_date=o["purchase_date"],
            status=o["status"] or None,
            seller_fulfilled=o["fulfillment_channel"] == Order.Channel.MERCHANT,
            buyer_requested_cancel=o["is_buyer_requested_cancellation"],
            buyer_cancel_reason=o["buyer_cancel_reason"],
            promise_date=o["promise_date"],
            ship_date=o["ship_date"],
        )
        for o in qs.values(
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


def rate_defects_for(*, store: Store) -> list[rates.Defect]:
    return [
        rates.Defect(order_id=d[0], kind=d[1], date=d[2], denied=d[3])
        for d in Defect.objects.filter(store=store).values_list(
            "order_id", "kind", "date", "denied"
        )
    ]


def latest_day_for(*, store: Store) -> date | None:
    """The newest order or defect date of the store: the natural "as of" for figures
    read from files (today would show empty windows for an old report)."""
    newest_order = Order.objects.filter(store=store).aggregate(d=Max("purchase_date"))[
        "d"
    ]
    newest_defect = Defect.objects.filter(store=store).aggregate(d=Max("date"))["d"]
    days = [d for d in (newest_order and newest_order.date(), newest_defect) if d]
    return max(days) if days else None


def health_snapshot_latest(*, store: Store) -> AccountHealthSnapshot | None:
    return AccountHealthSnapshot.objects.filter(store=store).first()


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


def store_figures(*, store: Store, as_of: date | None = None) -> StoreFigures:
    """Every rate of ``store`` as of ``as_of`` (default: its newest order or defect)."""
    latest = latest_day_for(store=store)
    as_of = as_of or latest
    snapshot = health_snapshot_latest(store=store)
    amazon = snapshot.figures if snapshot else {}
    since = None
    if as_of is not None:
        # Enough history for the longest window and its daily series, plus Amazon's
        # own date ranges; older orders cannot change any figure shown.
        since = as_of - timedelta(days=2 * rates.WINDOWS[rates.ODR])
        for key in AMAZON_KEYS.values():
            if key in amazon:
                since = min(since, date.fromisoformat(amazon[key]["from"]))
    orders = rate_orders_for(store=store, since=since)
    defects = rate_defects_for(store=store)
    figures = StoreFigures(
        store=store,
        as_of=as_of,
        latest_day=latest,
        order_count=Order.objects.filter(store=store).count(),
        metrics=[],
        fba_odr=None,
        snapshot=snapshot,
    )
    if as_of is None:
        return figures
    computed = [
        rates.odr(orders, defects, as_of=as_of),
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
            figure.comparison = _compare(rate.metric, amazon_figure, orders, defects)
        figures.metrics.append(figure)
    if any(not o.seller_fulfilled for o in orders):
        figures.fba_odr = rates.odr(
            orders, defects, as_of=as_of, seller_fulfilled=False
        )
    return figures


def _compare(metric, amazon: dict, orders, defects) -> Comparison:
    start = date.fromisoformat(amazon["from"])
    end = date.fromisoformat(amazon["to"])
    if metric == rates.ODR:
        ours = rates.odr(orders, defects, as_of=end, start=start)
    elif metric == rates.CANCELLATION_RATE:
        ours = rates.cancellation_rate(orders, as_of=end, start=start)
    else:
        ours = rates.late_shipment_rate(orders, as_of=end, start=start)
    amazon_percent = (Decimal(amazon["rate"]) * 100).quantize(
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
    summaries = []
    for store in metric_stores_for(user=user):
        summaries.append(
            StoreSummary(
                store=store,
                figures=store_figures(store=store),
                last_import=report_imports_for(store=store).first(),
            )
        )
    return summaries


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
