"""Per-store figures from the seller's own reports. No buyer personal data here, except
the opt-in BuyerContact table (for the promotion-error incident kit), which has a purge
date and is emptied by ``manage.py purge_buyer_data``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ALL_ORDERS = "all_orders", _("All Orders report")
    SELLER_FULFILLED = "seller_fulfilled", _("Seller-fulfilled order report")
    UNSHIPPED = "unshipped", _("Unshipped orders report")
    FEEDBACK = "feedback", _("Feedback Manager download")
    CLAIMS = "claims", _("A-to-z Guarantee claims")
    CHARGEBACKS = "chargebacks", _("Chargebacks")
    ACCOUNT_HEALTH = "account_health", _("Account Health report (JSON)")


class ReportImport(models.Model):
    """A committed import: what was read, never the file itself."""

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="report_imports"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    encoding = models.CharField(_("encoding"), max_length=60, blank=True)
    lines_read = models.PositiveIntegerField(_("lines read"), default=0)
    rows_imported = models.PositiveIntegerField(_("lines imported"), default=0)
    orders_imported = models.PositiveIntegerField(_("orders"), default=0)
    bad_line_count = models.PositiveIntegerField(_("bad lines"), default=0)
    bad_lines = models.JSONField(_("bad lines (first 200)"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report import")
        verbose_name_plural = _("report imports")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.filename or '-'}"


class PendingImportQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now())

    def expired(self):
        return self.filter(expires_at__lte=timezone.now())


class PendingImport(models.Model):
    """A parsed, privacy-filtered import waiting for the seller to check and confirm it.

    Holds rows (zlib-compressed JSON in ``payload``), never the raw file; it is committed
    or discarded on the next request, and expired ones are deleted by the purge command.
    """

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="pending_imports"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReportKind)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    summary = models.JSONField(_("what was understood"), default=dict)
    payload = models.BinaryField(_("parsed rows"))
    keep_buyer_contact = models.BooleanField(default=False)
    buyer_contact_days = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import waiting for confirmation")
        verbose_name_plural = _("imports waiting for confirmation")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.filename or '-'} (pending)"


class Order(models.Model):
    """One Amazon order of a store (all its item lines folded together)."""

    class Status(models.TextChoices):
        PENDING = "Pending", _("Pending")
        UNSHIPPED = "Unshipped", _("Unshipped")
        PARTIALLY_SHIPPED = "PartiallyShipped", _("Partially shipped")
        SHIPPED = "Shipped", _("Shipped")
        CANCELLED = "Cancelled", _("Cancelled")

    class Channel(models.TextChoices):
        MERCHANT = "Merchant", _("Seller-fulfilled")
        AMAZON = "Amazon", _("Fulfilled by Amazon")

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="orders"
    )
    order_id = models.CharField(_("order ID"), max_length=19)
    purchase_date = models.DateTimeField(_("purchase date"))
    status = models.CharField(_("status"), max_length=30, blank=True)
    fulfillment_channel = models.CharField(
        _("fulfilment"), max_length=10, choices=Channel, default=Channel.MERCHANT
    )
    is_buyer_requested_cancellation = models.BooleanField(
        _("buyer asked to cancel"), null=True, blank=True
    )
    buyer_cancel_reason = models.CharField(
        _("buyer's cancel reason"), max_length=200, blank=True
    )
    promise_date = models.DateTimeField(_("expected ship date"), null=True, blank=True)
    ship_date = models.DateTimeField(_("ship confirmation"), null=True, blank=True)
    items = models.PositiveIntegerField(_("items"), default=1)
    total_price = models.DecimalField(
        _("item total"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    min_unit_price = models.DecimalField(
        _("lowest unit price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    promotion_ids = models.JSONField(_("promotion IDs"), default=list, blank=True)
    skus = models.JSONField(_("SKUs"), default=list, blank=True)
    last_import = models.ForeignKey(
        ReportImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-purchase_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "order_id"], name="one_order_row_per_store"
            )
        ]
        indexes = [models.Index(fields=["store", "purchase_date"])]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self):
        return self.order_id


class Defect(models.Model):
    """Something that counts against the Order Defect Rate, for one order."""

    class Kind(models.TextChoices):
        A_TO_Z_CLAIM = "a_to_z_claim", _("A-to-z Guarantee claim")
        NEGATIVE_FEEDBACK = "negative_feedback", _("Negative feedback (1-2 stars)")
        CHARGEBACK = "chargeback", _("Chargeback")

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="defects"
    )
    order_id = models.CharField(_("order ID"), max_length=19)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    date = models.DateField(_("date"))
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    denied = models.BooleanField(
        _("denied"),
        default=False,
        help_text=_("Claims decided in the seller's favour."),
    )
    last_import = models.ForeignKey(
        ReportImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "order_id", "kind"],
                name="one_defect_per_kind_per_order",
            )
        ]
        verbose_name = _("defect")
        verbose_name_plural = _("defects")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.order_id}"


class AccountHealthSnapshot(models.Model):
    """Amazon's own figures from an imported Account Health report."""

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="health_snapshots"
    )
    report_import = models.ForeignKey(
        ReportImport, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    figures = models.JSONField(_("figures"))
    created_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("Account Health snapshot")
        verbose_name_plural = _("Account Health snapshots")

    def __str__(self):
        return f"{self.store} · {self.created_at:%Y-%m-%d}"


class BuyerContactQuerySet(models.QuerySet):
    def expired(self, *, today=None):
        return self.filter(purge_after__lt=today or timezone.localdate())


class BuyerContact(models.Model):
    """Buyer name and e-mail for one order, kept only on the seller's explicit choice
    (for apology messages after a promotion error) and deleted after ``purge_after``."""

    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="buyer_contacts"
    )
    order_id = models.CharField(_("order ID"), max_length=19)
    email = models.EmailField(_("buyer e-mail"), max_length=254, blank=True)
    name = models.CharField(_("buyer name"), max_length=200, blank=True)
    purge_after = models.DateField(_("delete after"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = BuyerContactQuerySet.as_manager()

    class Meta:
        ordering = ["order_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["store", "order_id"], name="one_buyer_contact_per_order"
            )
        ]
        verbose_name = _("buyer contact (incident kit)")
        verbose_name_plural = _("buyer contacts (incident kit)")

    def __str__(self):
        return self.order_id
