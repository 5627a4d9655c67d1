"""The phrase library: a working copy curators edit, and frozen published versions.

Curators edit the working-copy models (SuspensionCause, RootCause, Action, Phrase,
LetterShape). Publishing serialises all of them into one immutable LibraryVersion. An
appeal round records the version it was assembled from and assembly reads only that
version's frozen data, so editing or publishing never changes a letter already written.

The tables kept the names they had when these models lived in ``appeals`` (the move was
a change of Django state only; see migrations/0001_initial.py).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import placeholders
from .concepts import addressee as addressee_concept
from .concepts import metric as metric_concept
from .concepts import route as route_concept
from .concepts import shape as shape_concept

#: the metrics a cause may name, from the one definition (library.concepts.metric)
Metric = models.TextChoices(
    "Metric",
    [(m.code.upper(), (m.code, _(m.name))) for m in metric_concept.METRICS.values()]
    + [("NONE", (metric_concept.NONE, _(metric_concept.NONE_LABEL)))],
)
#: the routes an appeal can take for a cause (library.concepts.route)
Route = models.TextChoices(
    "Route",
    [(r.code.upper(), (r.code, _(r.label))) for r in route_concept.ROUTES.values()],
)
#: the letter shapes an appeal can take (library.concepts.shape); a LetterShape words one
Shape = models.TextChoices(
    "Shape",
    [(code.upper(), (code, _(label))) for code, label in shape_concept.SHAPES.items()],
)


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


def validate_placeholders(value: str, slots: frozenset[str] = frozenset()) -> None:
    """Only documented placeholders (and, for fact text, the given slot names)."""
    unknown = placeholders.unknown_in(value, slots)
    if unknown:
        allowed = [*placeholders.NAMES, *sorted(slots)]
        raise ValidationError(
            _("Unknown placeholder(s) or slot(s): %(names)s. Allowed: %(allowed)s."),
            code="unknown_placeholder",
            params={
                "names": ", ".join("{" + n + "}" for n in unknown),
                "allowed": ", ".join("{" + n + "}" for n in allowed),
            },
        )


def validate_fact_text(value: str) -> None:
    """Letter text that may name the working copy's fact slots (root cause
    explanations and variants, action texts, phrases): an unknown name is refused."""
    validate_placeholders(value, frozenset(Slot.objects.values_list("name", flat=True)))


def validate_slot_name(value: str) -> None:
    if not placeholders.SLOT_NAME.match(value or ""):
        raise ValidationError(
            _(
                "Use lower-case letters, digits and underscores, starting with a letter."
            ),
            code="slot_name",
        )
    if value in placeholders.NAMES:
        raise ValidationError(
            _("%(name)s is a placeholder: choose another name for the slot."),
            code="slot_is_placeholder",
            params={"name": "{" + value + "}"},
        )


def validate_no_links(value: str) -> None:
    if placeholders.has_link_or_image(value):
        raise ValidationError(
            _("Links and images are not allowed in letter text."),
            code="link_not_allowed",
        )


FACT_VALIDATORS = [validate_fact_text, validate_no_links]


class Slot(models.Model):
    """A fact slot: a concrete fact a library wording states that only the seller can
    give (``{new_carrier}``, ``{closure_start}``). The wizard shows a small field with
    this label, hint and example beside a ticked suggestion that names it."""

    name = models.CharField(
        _("name"),
        max_length=40,
        unique=True,
        validators=[validate_slot_name],
        help_text=_("Written in library text as {name}, e.g. new_carrier."),
    )
    label = models.CharField(_("label"), max_length=60)
    label_zh = models.CharField(_("label (简体中文)"), max_length=60, blank=True)
    hint = models.CharField(_("hint"), max_length=160)
    hint_zh = models.CharField(_("hint (简体中文)"), max_length=160, blank=True)
    example = models.CharField(
        _("example"),
        max_length=60,
        help_text=_("A realistic value as it reads in the sentence, e.g. UPS Ground."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("fact slot")
        verbose_name_plural = _("fact slots")

    def __str__(self):
        return "{" + self.name + "}"


class Document(models.Model):
    """A supporting document a cause may ask for, and what makes it acceptable."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_('As a letter names it, e.g. "Supplier invoices".'),
    )
    name_zh = models.CharField(_("name (简体中文)"), max_length=120, blank=True)
    acceptable = models.TextField(
        _("what makes it acceptable"),
        help_text=_(
            "Who issues it, the date range, what must match, what is not accepted."
        ),
    )
    acceptable_zh = models.TextField(
        _("what makes it acceptable (简体中文)"), blank=True
    )
    max_age_days = models.PositiveIntegerField(
        _("maximum age in days"),
        null=True,
        blank=True,
        help_text=_("A document dated earlier draws a warning, e.g. 365 for invoices."),
    )
    counts_units = models.BooleanField(
        _("must cover the units sold"),
        default=False,
        help_text=_(
            "Its quantity is compared with the units in the imported order reports."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")

    def __str__(self):
        return self.name


class SuspensionCause(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("name (简体中文)"), max_length=200, blank=True)
    metric = models.CharField(
        _("metric"), max_length=30, choices=Metric, default=Metric.NONE
    )
    route = models.CharField(
        _("route"), max_length=30, choices=Route, default=route_concept.DEFAULT
    )
    guidance = models.TextField(_("guidance for the seller"), blank=True)
    guidance_zh = models.TextField(_("guidance (简体中文)"), blank=True)
    documents = models.ManyToManyField(
        Document,
        through="CauseDocument",
        blank=True,
        related_name="causes",
        verbose_name=_("documents it needs"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        db_table = "appeals_suspensioncause"  # the tables kept their names when the library moved
        ordering = ["position", "name"]
        verbose_name = _("suspension cause")
        verbose_name_plural = _("suspension causes")

    def __str__(self):
        return self.name


class CauseDocument(models.Model):
    """A document a cause needs, in the cause's order (most important first)."""

    cause = models.ForeignKey(
        SuspensionCause, on_delete=models.CASCADE, related_name="document_links"
    )
    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, verbose_name=_("document")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cause", "document"], name="one_link_per_cause_document"
            )
        ]
        verbose_name = _("document it needs")
        verbose_name_plural = _("documents it needs")

    def __str__(self):
        return str(self.document)


class RootCause(models.Model):
    cause = models.ForeignKey(
        SuspensionCause, on_delete=models.CASCADE, related_name="root_causes"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("short title"), max_length=200)
    title_zh = models.CharField(_("short title (简体中文)"), max_length=200, blank=True)
    explanation = models.TextField(
        _("explanation"),
        validators=FACT_VALIDATORS,
        help_text=_("Markdown. The sentence the letter uses to state this root cause."),
    )
    explanation_zh = models.TextField(_("explanation (简体中文)"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        db_table = (
            "appeals_rootcause"  # the tables kept their names when the library moved
        )
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
    explanation = models.TextField(_("explanation"), validators=FACT_VALIDATORS)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        db_table = "appeals_rootcausevariant"  # the tables kept their names when the library moved
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
        validators=FACT_VALIDATORS,
        help_text=_(
            "Markdown. Corrective actions in the past tense, preventive ones ongoing."
        ),
    )
    text_zh = models.TextField(_("text (简体中文)"), blank=True)
    documents = models.ManyToManyField(
        Document,
        blank=True,
        related_name="actions",
        verbose_name=_("documents its text names"),
        help_text=_("Choosing the action without ticking these draws a warning."),
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
        db_table = (
            "appeals_action"  # the tables kept their names when the library moved
        )
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
        # Escalation letters (library.concepts.addressee, library.letters.escalation)
        ESCALATION_TEAM = (
            addressee_concept.SECTION_TEAM,
            _("Escalation: request to the suspending team"),
        )
        ESCALATION_EXECUTIVE = (
            addressee_concept.SECTION_EXECUTIVE,
            _("Escalation: request to executive seller relations"),
        )
        ESCALATION_HISTORY_INTRO = (
            addressee_concept.SECTION_HISTORY,
            _("Escalation: before the appeal's history"),
        )
        ESCALATION_CLOSING = (
            addressee_concept.SECTION_CLOSING,
            _("Escalation: closing"),
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
        _("text"), validators=FACT_VALIDATORS, help_text=_("Markdown.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        db_table = (
            "appeals_phrase"  # the tables kept their names when the library moved
        )
        ordering = ["section", "position", "key"]
        verbose_name = _("phrase")
        verbose_name_plural = _("phrases")

    def __str__(self):
        return f"{self.get_section_display()}: {self.key}"


class LetterShape(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True, choices=Shape)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        db_table = (
            "appeals_lettershape"  # the tables kept their names when the library moved
        )
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
        DOCUMENTS = "documents", _("Supporting documents")
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
        db_table = (
            "appeals_shapesection"  # the tables kept their names when the library moved
        )
        ordering = ["shape", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.shape.slug}: {self.get_kind_display()}"


class LibraryVersionQuerySet(models.QuerySet):
    def latest_published(self):
        # without its data: library_for builds the typed library from it once per
        # process, and reads the data (one query) only then
        return self.defer("data").order_by("-number").first()

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
        db_table = "appeals_libraryversion"  # the tables kept their names when the library moved
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


class CheckerRule(models.Model):
    """A curator's setting for one rule of the letter checker, and how often it fired.

    One row per rule of ``library.checker.RULES`` (``checker_rules_sync`` keeps them in
    step). Not part of a published version: a setting applies to every letter checked
    from now on, as a reviewer's judgement would.
    """

    class Severity(models.TextChoices):
        DEFAULT = "", _("the rule's own")
        BLOCKER = "blocker", _("must fix")
        WARNING = "warning", _("should fix")
        TIP = "tip", _("tip")

    rule = models.CharField(_("rule"), max_length=60, unique=True, editable=False)
    enabled = models.BooleanField(_("on"), default=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity, blank=True, default=""
    )
    fired = models.PositiveBigIntegerField(
        _("times it fired"), default=0, editable=False
    )
    last_fired_at = models.DateTimeField(
        _("last fired"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["rule"]
        verbose_name = _("checker rule")
        verbose_name_plural = _("checker rules")

    def __str__(self):
        return self.rule


class OutcomeCount(models.Model):
    """How many appeals that used a library item ended reinstated or rejected.

    Rebuilt from the decided appeals whenever an outcome is recorded
    (``library.services.outcomes_rebuild``); one row per item and library version, and
    one across versions (``version`` empty). Items are named as answers name them: a
    cause's slug, a root cause's or an action's slug path, a phrase's key.
    """

    class Kind(models.TextChoices):
        CAUSE = "cause", _("cause")
        ROOT_CAUSE = "root_cause", _("root cause")
        ACTION = "action", _("action")
        PHRASE = "phrase", _("phrase")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    ref = models.CharField(_("item"), max_length=250)
    version = models.ForeignKey(
        LibraryVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    reinstated = models.PositiveIntegerField(_("reinstated"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "ref"])]
        verbose_name = _("outcome count")
        verbose_name_plural = _("outcome counts")

    def __str__(self):
        return f"{self.kind} {self.ref}: {self.reinstated}/{self.rejected}"
