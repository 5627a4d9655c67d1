"""Reads of a store's figures: every rate with its what-if, timeline, daily series and
Amazon's own figure beside it; the per-store index; the situation step's prefill."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum

from accounts.models import Store
from accounts.selectors import stores_for
from library.answers import MetricFigure

from .. import amazon as amazon_figures
from .. import handoff, rates
from ..amazon import AS_OF_LIMIT, AS_OF_MIN
from ..models import AccountHealthSnapshot, Defect, Order, ReportImport

_DATETIME_RANGE = (
    datetime.combine(AS_OF_MIN, time.min, tzinfo=UTC),
    datetime.combine(AS_OF_LIMIT, time.max, tzinfo=UTC),
)
# Stores per orders query (each adds a condition to it).
STORES_PER_QUERY = 100


def metric_stores_for(*, user) -> QuerySet[Store]:
    """The stores whose figures the user may see (their workspaces and active clients)."""
    return stores_for(user=user)


def rate_orders_for(*, store: Store, since: date | None = None) -> list[rates.Order]:
    """The store's orders as plain data for metrics.rates; ``since`` leaves out orders
    placed before that day (no window reaches them)."""
    qs = Order.objects.filter(store=store)
    if since is not None:
        qs = qs.filter(purchase_date__date__gte=since)
    return [order for _store_id, order in _rate_orders(qs)]


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


@dataclass(frozen=True)
class _Plan:
    """What one store's figures start from, known before its orders are read."""

    as_of: date | None  # None: the store has nothing to compute figures from
    latest: date | None  # its newest order or defect
    order_count: int
    snapshot: AccountHealthSnapshot | None
    amazon: dict | None  # the snapshot's usable figures; None: it is ignored
    since: date | None  # the oldest order day a figure shown can reach


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
    order_stats = _order_stats(ids)
    defects = _defects_by_store(ids)
    snapshots = _newest_snapshots(ids)
    plans = {
        store.pk: _plan(
            as_of=as_of,
            stats=order_stats.get(store.pk, {}),
            defects=defects[store.pk],
            snapshot=snapshots.get(store.pk),
        )
        for store in stores
    }
    orders = _orders_by_store(ids, plans)
    known = _order_ids_with_defects(ids)
    return {
        store.pk: _figures(
            store=store,
            plan=plans[store.pk],
            orders=orders[store.pk],
            defects=defects[store.pk],
            known=known[store.pk],
        )
        for store in stores
    }


def _order_stats(ids: list[int]) -> dict[int, dict]:
    """Per store: how many orders it has and its newest usable order date."""
    return {
        row["store"]: row
        for row in Order.objects.filter(store__in=ids)
        .order_by()
        .values("store")
        .annotate(
            n=Count("id"),
            newest=Max("purchase_date", filter=Q(purchase_date__range=_DATETIME_RANGE)),
        )
    }


def _defects_by_store(ids: list[int]) -> dict[int, list[rates.Defect]]:
    defects: dict[int, list[rates.Defect]] = {pk: [] for pk in ids}
    for store_id, order_id, kind, day, denied in (
        Defect.objects.filter(store__in=ids)
        .order_by()
        .values_list("store_id", "order_id", "kind", "date", "denied")
    ):
        defects[store_id].append(rates.Defect(order_id, kind, day, denied))
    return defects


def _newest_snapshots(ids: list[int]) -> dict[int, AccountHealthSnapshot]:
    newest = (
        AccountHealthSnapshot.objects.filter(store=OuterRef("pk"))
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    return {
        s.store_id: s
        for s in AccountHealthSnapshot.objects.filter(
            pk__in=Store.objects.filter(pk__in=ids)
            .annotate(newest=Subquery(newest))
            .values("newest")
        )
    }


def _plan(
    *,
    as_of: date | None,
    stats: dict,
    defects: list[rates.Defect],
    snapshot: AccountHealthSnapshot | None,
) -> _Plan:
    newest_order = stats.get("newest")
    days = [d.date for d in defects if amazon_figures.usable_day(d.date)]
    if newest_order:
        days.append(newest_order.date())
    latest = max(days) if days else None
    day = as_of if amazon_figures.usable_day(as_of) else latest
    amazon = amazon_figures.usable_figures(snapshot.figures) if snapshot else {}
    since = None
    if day is not None:
        # Enough history for the longest window and its daily series, plus
        # Amazon's own date ranges; older orders cannot change any figure shown.
        since = day - timedelta(days=2 * rates.window_of(rates.ODR))
        for key in amazon_figures.KEYS.values():
            if amazon and key in amazon:
                since = min(since, amazon_figures.period(amazon[key])[0])
    return _Plan(
        as_of=day,
        latest=latest,
        order_count=stats.get("n", 0),
        snapshot=snapshot,
        amazon=amazon,
        since=since,
    )


def _orders_by_store(
    ids: list[int], plans: dict[int, _Plan]
) -> dict[int, list[rates.Order]]:
    """Each store's orders from its plan's ``since`` on, a hundred stores a query."""
    orders: dict[int, list[rates.Order]] = {pk: [] for pk in ids}
    wanted = [(pk, plan.since) for pk, plan in plans.items() if plan.as_of is not None]
    for chunk in range(0, len(wanted), STORES_PER_QUERY):
        condition = Q()
        for pk, since in wanted[chunk : chunk + STORES_PER_QUERY]:
            condition |= Q(store_id=pk, purchase_date__date__gte=since)
        for store_id, order in _rate_orders(Order.objects.filter(condition)):
            orders[store_id].append(order)
    return orders


def _order_ids_with_defects(ids: list[int]) -> dict[int, set[str]]:
    """Per store: the IDs of its imported orders that have a defect, however old."""
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
    return known


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
    plan: _Plan,
    orders: list[rates.Order],
    defects: list[rates.Defect],
    known: set[str],
) -> StoreFigures:
    as_of = plan.as_of
    figures = StoreFigures(
        store=store,
        as_of=as_of,
        latest_day=plan.latest,
        order_count=plan.order_count,
        metrics=[],
        fba_odr=None,
        snapshot=plan.snapshot,
        snapshot_ignored=plan.snapshot is not None and plan.amazon is None,
    )
    if as_of is None:
        return figures
    known = known | {o.order_id for o in orders}
    computed = [
        rates.odr(orders, defects, as_of=as_of, known_order_ids=known),
        rates.cancellation_rate(orders, as_of=as_of),
        rates.late_shipment_rate(orders, as_of=as_of),
        rates.late_shipment_rate(orders, as_of=as_of, days=rates.LSR_LONG_WINDOW),
    ]
    for rate in computed:
        figures.metrics.append(
            _metric_figures(rate, plan.amazon or {}, orders, defects, known)
        )
    if any(not o.seller_fulfilled for o in orders):
        figures.fba_odr = rates.odr(
            orders,
            defects,
            as_of=as_of,
            seller_fulfilled=False,
            known_order_ids=known,
        )
    return figures


def _metric_figures(
    rate: rates.Rate, amazon: dict, orders, defects, known
) -> MetricFigures:
    """One rate with its what-if, timeline, series and Amazon's figure (Amazon reports
    the late shipment rate over 30 days, so only that one is compared)."""
    figure = MetricFigures(
        rate=rate,
        needed=rates.orders_needed(rate),
        timeline=rates.timeline(rate),
        series=rates.daily_series(rate),
    )
    amazon_figure = amazon.get(amazon_figures.KEYS[rate.metric])
    if amazon_figure and (
        rate.metric != rates.LATE_SHIPMENT_RATE
        or rate.window_days == rates.LSR_LONG_WINDOW
    ):
        figure.amazon = amazon_figure
        figure.comparison = _compare(rate.metric, amazon_figure, orders, defects, known)
    return figure


def _compare(metric, amazon: dict, orders, defects, known) -> Comparison:
    start, end = amazon_figures.period(amazon)
    if metric == rates.ODR:
        ours = rates.odr(orders, defects, as_of=end, start=start, known_order_ids=known)
    elif metric == rates.CANCELLATION_RATE:
        ours = rates.cancellation_rate(orders, as_of=end, start=start)
    else:
        ours = rates.late_shipment_rate(orders, as_of=end, start=start)
    amazon_percent = amazon_figures.percent_of(amazon)
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
        chosen[rate.metric] = handoff.figure_of(rate)
    return list(chosen.values()), figures.as_of


def units_sold_for(*, store: Store, days: int = 365, sku: str = "") -> int:
    """Units in the store's imported orders of the last ``days`` (an invoice's window)
    that were not cancelled, of ``sku`` when given: what its invoices must cover."""
    since = datetime.now(UTC) - timedelta(days=days)
    orders = Order.objects.filter(store=store, purchase_date__gte=since).exclude(
        status=Order.Status.CANCELLED
    )
    if sku:
        orders = orders.filter(skus__icontains=f'"{sku}"')
    return orders.aggregate(units=Sum("items"))["units"] or 0
