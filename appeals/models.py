"""The phrase library (a working copy plus frozen published versions) and sellers' appeals.

Curators edit the working-copy models (SuspensionCause, RootCause, Action, Phrase,
LetterShape). Publishing serialises all of them into one immutable LibraryVersion. An
appeal round records the version it was assembled from and assembly reads only that
version's frozen data, so editing or publishing never changes a letter already written.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import placeholders


class Metric(models.TextChoices):
    ODR = "odr", _("Order Defect Rate")
    CANCELLATION_RATE = "cancellation_rate", _("Cancellation Rate")
    LATE_SHIPMENT_RATE = "late_shipment_rate", _("Late Shipment Rate")
    VALID_TRACKING_RATE = "valid_tracking_rate", _("Valid Tracking Rate")
    ON_TIME_DELIVERY = "on_time_delivery", _("On-Time Delivery Rate")
    NONE = "none", _("No metric")


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


def validate_placeholders(value: str) -> None:
    unknown = placeholders.unknown_in(value)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Allowed: %(allowed)s."),
            code="unknown_placeholder",
            params={
                "names": ", ".join("{" + n + "}" for n in unknown),
                "allowed": ", ".join("{" + n + "}" for n in placeholders.NAMES),
            },
        )


def validate_no_links(value: str) -> None:
    if placeholders.has_link_or_image(value):
        raise ValidationError(
            _("Links and images are not allowed in letter text."),
            code="link_not_allowed",
        )


PHRASE_VALIDATORS = [validate_placeholders, validate_no_links]


class SuspensionCause(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    metric = models.CharField(
        _("metric"), max_length=30, choices=Metric, default=Metric.NONE
    )
    guidance = models.TextField(_("guidance for the seller"), blank=True)
    evidence_checklist = models.TextField(
        _("evidence checklist"), blank=True, help_text=_("One document per line.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("suspension cause")
        verbose_name_plural = _("suspension causes")

    def __str__(self):
        return self.name

    def evidence_items(self) -> list[str]:
        return [
            line.strip()
            for line in self.evidence_checklist.splitlines()
            if line.strip()
        ]


class RootCause(models.Model):
    cause = models.ForeignKey(
        SuspensionCause, on_delete=models.CASCADE, related_name="root_causes"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("short title"), max_length=200)
    explanation = models.TextField(
        _("explanation"),
        validators=PHRASE_VALIDATORS,
        help_text=_("Markdown. The sentence the letter uses to state this root cause."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["cause", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cause", "slug"], name="root_cause_slug_per_cause"
            )
        ]
        verbose_name = _("root cause")
        verbose_name_plural = _("root causes")

    def __str__(self):
        return self.title


class RootCauseVariant(models.Model):
    """Another wording of a root cause's explanation, so two letters do not read the same."""

    root_cause = models.ForeignKey(
        RootCause, on_delete=models.CASCADE, related_name="variants"
    )
    explanation = models.TextField(_("explanation"), validators=PHRASE_VALIDATORS)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("explanation variant")
        verbose_name_plural = _("explanation variants")

    def __str__(self):
        return self.explanation[:60]


class Action(models.Model):
    class Kind(models.TextChoices):
        CORRECTIVE = "corrective", _("Corrective (already done)")
        PREVENTIVE = "preventive", _("Preventive (ongoing)")

    root_cause = models.ForeignKey(
        RootCause, on_delete=models.CASCADE, related_name="actions"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    text = models.TextField(
        _("text"),
        validators=PHRASE_VALIDATORS,
        help_text=_(
            "Markdown. Corrective actions in the past tense, preventive ones ongoing."
        ),
    )
    default_timeframe = models.CharField(
        _("default timeframe"),
        max_length=120,
        help_text=_(
            'e.g. "within 24 hours", "every Monday", "completed within 2 days"'
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["root_cause", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["root_cause", "slug"], name="action_slug_per_root_cause"
            )
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class Phrase(models.Model):
    class Section(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        APOLOGY = "apology", _("Apology")
        TRANSITION = "transition", _("Transition to the plan")
        CLOSING = "closing", _("Closing")
        BUYER_MESSAGE = "buyer_message", _("Buyer apology message")
        ANNOTATION_REQUEST = (
            "annotation_request",
            _("Note asking Seller Performance to annotate"),
        )

    key = models.SlugField(_("key"), max_length=80, unique=True)
    section = models.CharField(_("section"), max_length=30, choices=Section)
    cause = models.ForeignKey(
        SuspensionCause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phrases",
        help_text=_("Leave empty for a phrase that suits every cause."),
    )
    text = models.TextField(
        _("text"), validators=PHRASE_VALIDATORS, help_text=_("Markdown.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["section", "position", "key"]
        verbose_name = _("phrase")
        verbose_name_plural = _("phrases")

    def __str__(self):
        return f"{self.get_section_display()}: {self.key}"


class LetterShape(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("letter shape")
        verbose_name_plural = _("letter shapes")

    def __str__(self):
        return self.name


class ShapeSection(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = (
            "acknowledgement",
            _("Acknowledgement, metric and affected orders"),
        )
        APOLOGY = "apology", _("Apology")
        ROOT_CAUSES = "root_causes", _("Root causes")
        TRANSITION = "transition", _("Transition to the plan")
        PLAN = "plan", _("Numbered plan of action (corrective and preventive)")
        CORRECTIVE = "corrective", _("Actions taken to resolve the issue")
        PREVENTIVE = "preventive", _("Steps to prevent it happening again")
        CLOSING = "closing", _("Closing")
        SIGNATURE = "signature", _("Signature")

    shape = models.ForeignKey(
        LetterShape, on_delete=models.CASCADE, related_name="sections"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    heading = models.CharField(
        _("heading"), max_length=200, blank=True, validators=[validate_placeholders]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["shape", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.shape.slug}: {self.get_kind_display()}"


class LibraryVersionQuerySet(models.QuerySet):
    def latest_published(self):
        return self.order_by("-number").first()

    # Bulk writes would bypass the instance guards below; published versions are frozen.
    def update(self, **kwargs):
        raise ValidationError(_("A published library version cannot be changed."))

    def delete(self):
        raise ValidationError(_("A published library version cannot be deleted."))


class LibraryVersion(models.Model):
    """A published, frozen copy of the whole library. Never edited, never deleted."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, editable=False)
    data = models.JSONField(_("library data"), editable=False)

    objects = LibraryVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        verbose_name = _("published library version")
        verbose_name_plural = _("published library versions")

    def __str__(self):
        return f"v{self.number} ({self.published_at:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A published library version cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published library version cannot be deleted."))


class AppealQuerySet(models.QuerySet):
    def for_workspaces(self, workspace_ids):
        return self.filter(workspace_id__in=workspace_ids)


class Appeal(models.Model):
    """One suspension case for one store; its letters live in rounds (one per exchange)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        MORE_INFO = "more_info", _("More information requested")
        REJECTED = "rejected", _("Rejected")
        REINSTATED = "reinstated", _("Reinstated")

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="appeals"
    )
    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="appeals"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    cause_slugs = models.JSONField(_("causes"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")

    def __str__(self):
        return self.title or gettext("Appeal #%(number)s") % {"number": self.pk}

    def save(self, *args, **kwargs):
        if (
            self.store_id
            and self.workspace_id
            and self.store.workspace_id != self.workspace_id
        ):
            raise ValidationError(_("The store belongs to another workspace."))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("appeals:detail", args=[self.pk])


class Round(models.Model):
    """One exchange with Amazon: the answers, the letter sent, and Amazon's reply.

    ``revision`` is the optimistic lock: a step form carries the revision it was read at,
    and a save only lands if the row still holds that revision.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for Amazon")
        MORE_INFO = "more_info", _("More information requested")
        REJECTED = "rejected", _("Rejected")
        REINSTATED = "reinstated", _("Reinstated")

    class Shape(models.TextChoices):
        CLASSIC = "classic", _("Classic letter")
        AMAZON_FORM = "amazon_form", _("Amazon appeal form")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField(_("round"), default=1)
    library_version = models.ForeignKey(
        LibraryVersion, on_delete=models.PROTECT, related_name="rounds"
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    revision = models.PositiveIntegerField(default=0)
    shape = models.CharField(
        _("letter shape"), max_length=20, choices=Shape, default=Shape.CLASSIC
    )
    edited_text = models.TextField(
        _("letter edited by hand"),
        blank=True,
        help_text=_("When set, exports use this text instead of the assembled letter."),
    )
    edited_shape = models.CharField(max_length=20, choices=Shape, blank=True)
    sent_text = models.TextField(_("letter as submitted"), blank=True, editable=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    amazon_reply = models.TextField(_("Amazon's reply"), blank=True)
    reply_received_on = models.DateField(_("reply received on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome, default=Outcome.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["appeal", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "number"], name="one_round_number_per_appeal"
            )
        ]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self):
        return f"{self.appeal} — round {self.number}"
