"""Report imports: read an upload (or pasted claims) into a pending import, commit or
discard it; purge buyer data past its date."""

import json
import zlib
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Store
from library.concepts import jsontext

from .. import reports
from ..models import (
    AccountHealthSnapshot,
    BuyerContact,
    Defect,
    Order,
    PendingImport,
    ReportImport,
    ReportKind,
)

SCHEMA_PATH = (
    Path(__file__).resolve().parent.parent
    / "schemas"
    / ("accountHealthReport-2020-11-18.json")
)
PENDING_LIFETIME = timedelta(hours=2)
MAX_JSON_BYTES = 5 * 1024 * 1024
BAD_LINES_KEPT = 200
SAMPLE_ORDERS = 10
BATCH = 1000

# Order fields in the pending payload, in this order.
ORDER_FIELDS = (
    "order_id",
    "purchase_date",
    "status",
    "fulfillment_channel",
    "is_buyer_requested_cancellation",
    "buyer_cancel_reason",
    "promise_date",
    "ship_date",
    "items",
    "total_price",
    "min_unit_price",
    "currency",
    "promotion_ids",
    "skus",
    "buyer_email",
    "buyer_name",
)


def date_order_for(store: Store) -> str:
    """How the store's marketplace writes numeric dates (the Feedback Manager uses it)."""
    if store.marketplace in ("US", "CA"):
        return "MDY"
    if store.marketplace == "JP":
        return "YMD"
    return "DMY"


def _encode(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _pack(rows: list) -> bytes:
    return zlib.compress(
        json.dumps(rows, ensure_ascii=False, default=_encode).encode("utf-8"), 6
    )


def _unpack(payload) -> list:
    return json.loads(zlib.decompress(bytes(payload)).decode("utf-8"))


def _pending(*, store, user, kind, filename, summary, rows, keep=False, days=0):
    return PendingImport.objects.create(
        store=store,
        created_by=user,
        kind=kind,
        filename=filename[:255],
        summary=summary,
        payload=_pack(rows),
        keep_buyer_contact=keep,
        buyer_contact_days=days,
        expires_at=timezone.now() + PENDING_LIFETIME,
    )


def _bad_lines(bad: list[reports.BadLine]) -> list[dict]:
    return [
        {"line": b.line, "reason": b.reason, "detail": b.detail}
        for b in bad[:BAD_LINES_KEPT]
    ]


def _is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def pending_import_from_upload(
    *,
    store: Store,
    user,
    upload,
    keep_buyer_contact: bool = False,
    contact_days: int = 30,
) -> PendingImport:
    """Read an uploaded report (streamed, chunk by chunk) into a PendingImport.

    Raises ``reports.ReportError`` when the file cannot be read. Buyer e-mail and name
    are read only when the seller chose to keep them; the rest of the buyer's data
    (phone, address) is never read at all.
    """
    stream = upload.open("rb")
    head = stream.read(64)
    stream.seek(0)
    if _is_json(head):
        return _pending_account_health(store=store, user=user, upload=upload)
    report = reports.OrderReport(
        stream,
        max_rows=settings.UPLOAD_MAX_ROWS,
        keep_buyer_contact=keep_buyer_contact,
        date_order=date_order_for(store),
    )
    if report.kind == reports.FEEDBACK:
        return _pending_feedback(
            store=store, user=user, filename=upload.name, report=report
        )
    orders = list(reports.summarise_orders(report).values())
    summary = _orders_summary(
        report,
        orders,
        keep_buyer_contact=keep_buyer_contact,
        contact_days=contact_days,
    )
    return _pending(
        store=store,
        user=user,
        kind=report.kind,
        filename=upload.name,
        summary=summary,
        rows=[[getattr(o, f) for f in ORDER_FIELDS] for o in orders],
        keep=summary["keep_buyer_contact"],
        days=contact_days,
    )


def _pending_feedback(
    *, store: Store, user, filename: str, report: reports.OrderReport
) -> PendingImport:
    lines = list(report)
    summary = _summary_base(report) | {
        "feedback": len(lines),
        "negative": sum(1 for f in lines if f.rating <= 2),
        "sample": [
            {"order_id": f.order_id, "date": f.date.isoformat(), "rating": f.rating}
            for f in lines[:SAMPLE_ORDERS]
        ],
    }
    return _pending(
        store=store,
        user=user,
        kind=ReportKind.FEEDBACK,
        filename=filename,
        summary=summary,
        rows=[[f.order_id, f.date, f.rating] for f in lines],
    )


def _orders_summary(
    report: reports.OrderReport,
    orders: list[reports.OrderSummary],
    *,
    keep_buyer_contact: bool,
    contact_days: int,
) -> dict:
    """What the preview shows of an order report: counts, dates, columns, a sample."""
    days = [o.purchase_date.date() for o in orders]
    return _summary_base(report) | {
        "orders": len(orders),
        "first_day": min(days).isoformat() if days else "",
        "last_day": max(days).isoformat() if days else "",
        "cancelled": sum(1 for o in orders if o.status == "Cancelled"),
        "buyer_requested": sum(1 for o in orders if o.is_buyer_requested_cancellation),
        "fba": sum(1 for o in orders if o.fulfillment_channel == "Amazon"),
        "with_ship_date": sum(1 for o in orders if o.ship_date),
        "with_promise_date": sum(1 for o in orders if o.promise_date),
        "has_buyer_requested_column": report.has_buyer_requested_column,
        "has_status": report.kind in (reports.ALL_ORDERS, reports.UNSHIPPED),
        "has_ship_dates": report.has_ship_dates,
        "keep_buyer_contact": keep_buyer_contact and bool(report.buyer_columns),
        "contact_days": contact_days,
        "sample": [_order_sample(o) for o in orders[:SAMPLE_ORDERS]],
    }


def _order_sample(o: reports.OrderSummary) -> dict:
    return {
        "order_id": o.order_id,
        "date": o.purchase_date.date().isoformat(),
        "status": o.status or "",
        "channel": o.fulfillment_channel,
        "items": o.items,
        "total": str(o.total_price) if o.total_price is not None else "",
        "currency": o.currency,
        "product": ", ".join(o.product_names)[:120],
        "buyer_requested": o.is_buyer_requested_cancellation,
    }


def _summary_base(report: reports.OrderReport) -> dict:
    return {
        "encoding": report.encoding,
        "encoding_label": report.encoding_label,
        "delimiter": "tab" if report.delimiter == "\t" else "comma",
        "columns": [c for c in report.columns if c not in report.ignored_columns],
        "ignored_columns": report.ignored_columns,
        "buyer_columns": report.buyer_columns,
        "lines_read": report.rows_read,
        "rows_ok": report.rows_ok,
        "bad_line_count": len(report.bad_lines),
        "bad_lines": _bad_lines(report.bad_lines),
    }


def _pending_account_health(*, store: Store, user, upload) -> PendingImport:
    if upload.size > MAX_JSON_BYTES:
        raise reports.ReportError("json_too_large", limit=MAX_JSON_BYTES)
    data = upload.read()
    text, codec = reports.decode_small_text(data)
    try:
        document = jsontext.loads(text)
    except jsontext.JSONTextError as exc:
        if exc.code == "invalid":
            raise reports.ReportError(
                "json_invalid", line=exc.params["line"], detail=exc.params["detail"]
            ) from None
        raise reports.ReportError(f"json_{exc.code}", **exc.params) from None
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    figures = reports.account_health(
        document,
        schema=schema,
        marketplace_id=reports.MARKETPLACE_IDS.get(store.marketplace),
    )
    summary = {
        "encoding": codec,
        "encoding_label": reports.ENCODING_LABELS.get(codec, codec),
        "figures": figures,
    }
    return _pending(
        store=store,
        user=user,
        kind=ReportKind.ACCOUNT_HEALTH,
        filename=upload.name,
        summary=summary,
        rows=[figures],
    )


def pending_import_from_claims(
    *, store: Store, user, kind: str, text: str, filename: str = ""
) -> PendingImport:
    """A-to-z claims or chargebacks (pasted, or a two-column file) into a pending import."""
    claims, bad = reports.parse_claims(text, date_order=date_order_for(store))
    known = set(
        Order.objects.filter(
            store=store, order_id__in=[c.order_id for c in claims]
        ).values_list("order_id", flat=True)
    )
    summary = {
        "claims": len(claims),
        "denied": sum(1 for c in claims if c.denied),
        "unknown_orders": [c.order_id for c in claims if c.order_id not in known][:200],
        "bad_line_count": len(bad),
        "bad_lines": _bad_lines(bad),
        "lines_read": len(claims) + len(bad),
        "sample": [
            {"order_id": c.order_id, "date": c.date.isoformat(), "denied": c.denied}
            for c in claims[:SAMPLE_ORDERS]
        ],
    }
    return _pending(
        store=store,
        user=user,
        kind=kind,
        filename=filename or "",
        summary=summary,
        rows=[[c.order_id, c.date, c.denied] for c in claims],
    )


def pending_import_discard(*, pending: PendingImport) -> None:
    pending.delete()


@transaction.atomic
def pending_import_commit(*, pending: PendingImport) -> ReportImport:
    """Write a confirmed import: upsert orders by (store, order ID), defects by (store,
    order ID, kind), keep buyer contacts only if chosen; then drop the pending rows."""
    summary = pending.summary
    rows = _unpack(pending.payload)
    record = ReportImport.objects.create(
        store=pending.store,
        kind=pending.kind,
        filename=pending.filename,
        encoding=summary.get("encoding_label", ""),
        lines_read=summary.get("lines_read", len(rows)),
        rows_imported=summary.get("rows_ok", len(rows)),
        bad_line_count=summary.get("bad_line_count", 0),
        bad_lines=summary.get("bad_lines", []),
        created_by=pending.created_by,
    )
    if pending.kind in reports.ORDER_KINDS:
        record.orders_imported = _upsert_orders(pending, rows, record)
    elif pending.kind == ReportKind.FEEDBACK:
        record.orders_imported = _upsert_feedback(pending.store, rows, record)
    elif pending.kind in (ReportKind.CLAIMS, ReportKind.CHARGEBACKS):
        record.orders_imported = _upsert_claims(pending, rows, record)
    elif pending.kind == ReportKind.ACCOUNT_HEALTH:
        AccountHealthSnapshot.objects.create(
            store=pending.store, report_import=record, figures=rows[0]
        )
    record.save(update_fields=["orders_imported"])
    pending.delete()
    return record


def _upsert_orders(pending: PendingImport, rows: list, record: ReportImport) -> int:
    update_fields = _order_update_fields(pending)
    purge_after = timezone.localdate() + timedelta(
        days=pending.buyer_contact_days or 30
    )
    store = pending.store
    for start in range(0, len(rows), BATCH):
        batch = [
            dict(zip(ORDER_FIELDS, row, strict=True))
            for row in rows[start : start + BATCH]
        ]
        Order.objects.bulk_create(
            [_order(store, r, record) for r in batch],
            update_conflicts=True,
            unique_fields=["store", "order_id"],
            update_fields=update_fields,
        )
        if pending.keep_buyer_contact:
            BuyerContact.objects.bulk_create(
                [
                    _buyer_contact(store, r, purge_after)
                    for r in batch
                    if r["buyer_email"] or r["buyer_name"]
                ],
                update_conflicts=True,
                unique_fields=["store", "order_id"],
                update_fields=["email", "name", "purge_after"],
            )
    return len(rows)


def _order_update_fields(pending: PendingImport) -> list[str]:
    """The fields a re-imported order takes from this file: only those it carries (an
    order report without ship dates must not clear the ones another file gave)."""
    summary = pending.summary
    update_fields = [
        "purchase_date",
        "items",
        "total_price",
        "min_unit_price",
        "currency",
        "promotion_ids",
        "skus",
        "last_import",
    ]
    if summary.get("has_status"):
        update_fields.append("status")
    if pending.kind == reports.ALL_ORDERS:
        update_fields.append("fulfillment_channel")
    if summary.get("has_buyer_requested_column"):
        update_fields += ["is_buyer_requested_cancellation", "buyer_cancel_reason"]
    if summary.get("with_promise_date"):
        update_fields.append("promise_date")
    if summary.get("has_ship_dates"):
        update_fields.append("ship_date")
    return update_fields


def _order(store: Store, r: dict, record: ReportImport) -> Order:
    return Order(
        store=store,
        order_id=r["order_id"],
        purchase_date=datetime.fromisoformat(r["purchase_date"]),
        status=r["status"] or "",
        fulfillment_channel=r["fulfillment_channel"],
        is_buyer_requested_cancellation=r["is_buyer_requested_cancellation"],
        buyer_cancel_reason=(r["buyer_cancel_reason"] or "")[:200],
        promise_date=_dt(r["promise_date"]),
        ship_date=_dt(r["ship_date"]),
        items=max(0, r["items"] or 0),
        total_price=_money(r["total_price"]),
        min_unit_price=_money(r["min_unit_price"]),
        currency=(r["currency"] or "")[:3],
        promotion_ids=r["promotion_ids"],
        skus=r["skus"],
        last_import=record,
    )


def _buyer_contact(store: Store, r: dict, purge_after: date) -> BuyerContact:
    return BuyerContact(
        store=store,
        order_id=r["order_id"],
        email=(r["buyer_email"] or "")[:254],
        name=(r["buyer_name"] or "")[:200],
        purge_after=purge_after,
    )


def _dt(value):
    return datetime.fromisoformat(value) if value else None


def _money(value):
    """A price from a report, to the cent (money, not a percent figure)."""
    if value in (None, ""):
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _upsert_feedback(store: Store, rows: list, record: ReportImport) -> int:
    """Ratings of 1-2 stars become negative-feedback defects; a later rating of 3-5
    for the same order (feedback revised or removed) clears the defect."""
    negative = [r for r in rows if r[2] <= 2]
    positive = [r[0] for r in rows if r[2] > 2]
    for start in range(0, len(negative), BATCH):
        Defect.objects.bulk_create(
            [
                Defect(
                    store=store,
                    order_id=order_id,
                    kind=Defect.Kind.NEGATIVE_FEEDBACK,
                    date=date.fromisoformat(day),
                    rating=rating,
                    last_import=record,
                )
                for order_id, day, rating in negative[start : start + BATCH]
            ],
            update_conflicts=True,
            unique_fields=["store", "order_id", "kind"],
            update_fields=["date", "rating", "last_import"],
        )
    Defect.objects.filter(
        store=store, kind=Defect.Kind.NEGATIVE_FEEDBACK, order_id__in=positive
    ).delete()
    return len(rows)


def _upsert_claims(pending: PendingImport, rows: list, record: ReportImport) -> int:
    kind = (
        Defect.Kind.A_TO_Z_CLAIM
        if pending.kind == ReportKind.CLAIMS
        else Defect.Kind.CHARGEBACK
    )
    Defect.objects.bulk_create(
        [
            Defect(
                store=pending.store,
                order_id=order_id,
                kind=kind,
                date=date.fromisoformat(day),
                denied=denied,
                last_import=record,
            )
            for order_id, day, denied in rows
        ],
        update_conflicts=True,
        unique_fields=["store", "order_id", "kind"],
        update_fields=["date", "denied", "last_import"],
    )
    return len(rows)


def buyer_data_purge(*, today: date | None = None) -> tuple[int, int]:
    """Delete buyer contacts past their purge date and expired pending imports.

    Returns (contacts deleted, pending imports deleted). Run daily (cron) by
    ``manage.py purge_buyer_data``.
    """
    contacts, _ = BuyerContact.objects.expired(today=today).delete()
    pending, _ = PendingImport.objects.expired().delete()
    return contacts, pending
