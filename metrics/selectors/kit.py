"""Reads of the promotion-error incident kit: the affected orders with the cancel
reason to use, the buyer message and annotation notes from the published library
(its typed value), and the cancellation rate once those orders are cancelled."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from accounts.models import Store
from library.placeholders import substitute
from library.readmodel import Phrase
from library.selectors import library_for, version_current

from .. import rates
from ..kit import PRICING_ERROR_REASON, PROMOTION_CAUSE
from ..models import BuyerContact, Order
from .figures import rate_orders_for

BUYER_MESSAGE = "buyer_message"
ANNOTATION_REQUEST = "annotation_request"


@dataclass
class KitFilter:
    promotion_id: str = ""
    max_price: object = None
    date_from: date | None = None
    date_to: date | None = None
    sku: str = ""


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


def kit_phrases(*, section: str, cause: str | None = PROMOTION_CAUSE) -> list[Phrase]:
    """Active phrases of ``section`` from the newest published library, the ones for
    ``cause`` first. Empty when no library is published."""
    version = version_current()
    if version is None:
        return []
    return sorted(
        library_for(version).phrases_of(section),
        key=lambda p: (p.cause != cause, p.position, p.key),
    )


def buyer_messages() -> list[Phrase]:
    """The buyer messages the kit offers, the promotion-error ones first."""
    return kit_phrases(section=BUYER_MESSAGE)


def incident_kit_for(
    *, store: Store, criteria: KitFilter, message_key: str = ""
) -> IncidentKit:
    """The promotion-error kit: the matching orders with the cancel reason to use, the
    buyer message and annotation note from the newest published library, and the
    cancellation rate once those orders are cancelled."""
    orders = kit_orders(store=store, criteria=criteria)
    contacts = buyer_contacts_for(store=store, order_ids=[o.order_id for o in orders])
    values = _placeholder_values(store=store, orders=orders)
    messages = buyer_messages()
    chosen = next((p for p in messages if p.key == message_key), None)
    chosen = chosen or (messages[0] if messages else None)
    projected = projected_cancellation(store=store, orders=orders)
    return IncidentKit(
        rows=[_row(order, contacts.get(order.order_id)) for order in orders],
        message=substitute(chosen.text, values) if chosen else "",
        annotations=[
            substitute(p.text, values) for p in kit_phrases(section=ANNOTATION_REQUEST)
        ],
        contacts_kept=bool(contacts),
        projected=projected,
        needed=rates.orders_needed(projected) if projected else None,
    )


def _placeholder_values(*, store: Store, orders: list[Order]) -> dict[str, str]:
    return {
        "store_name": store.name,
        "seller_id": store.seller_id,
        "marketplace": store.get_marketplace_display(),
        "order_count": str(len(orders)),
    }


def _row(order: Order, contact: BuyerContact | None) -> KitRow:
    """One order of the kit with the cancel reason to choose for it."""
    return KitRow(
        order=order,
        reason=rates.BUYER_CANCEL_REASON
        if order.is_buyer_requested_cancellation
        else PRICING_ERROR_REASON,
        buyer_name=contact.name if contact else "",
        buyer_email=contact.email if contact else "",
    )


def projected_cancellation(*, store: Store, orders: list[Order]) -> rates.Rate | None:
    """The cancellation rate once every order in ``orders`` is cancelled, over the 7
    days ending on the newest of them (buyer-requested ones still do not count)."""
    if not orders:
        return None
    selected = {o.order_id for o in orders}
    as_of = max(o.purchase_date for o in orders).date()
    window = rates.window_of(rates.CANCELLATION_RATE)
    everything = rate_orders_for(store=store, since=rates.window_start(as_of, window))
    for o in everything:
        if o.order_id in selected:
            o.status = Order.Status.CANCELLED
    return rates.cancellation_rate(everything, as_of=as_of)
