"""Sellers' appeals and their rounds. Each round pins the library version it was
written with (``library.LibraryVersion``), so a letter never changes after a publish."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from library.concepts import addressee as addressee_concept
from library.models import LibraryVersion, Shape

from . import deadlines


class Outcome(models.TextChoices):
    """What Amazon answered to a round; an appeal's status repeats its latest answer."""

    PENDING = "pending", _("Waiting for Amazon")
    MORE_INFO = "more_info", _("More information requested")
    REJECTED = "rejected", _("Rejected")
    REINSTATED = "reinstated", _("Reinstated")


class AppealQuerySet(models.QuerySet):
    def for_workspaces(self, workspace_ids):
        return self.filter(workspace_id__in=workspace_ids)


class Appeal(models.Model):
    """One suspension case for one store; its letters live in rounds (one per exchange)."""

    #: draft, submitted, or what Amazon answered to the latest answered round: the
    #: answers are Outcome's values, defined once (``Appeal.status_for``)
    Status = models.TextChoices(
        "Status",
        [("DRAFT", ("draft", _("Draft"))), ("SUBMITTED", ("submitted", _("Submitted")))]
        + [(o.name, (o.value, o.label)) for o in Outcome if o != Outcome.PENDING]
        + [("WITHDRAWN", ("withdrawn", _("Withdrawn")))],
    )

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="appeals"
    )
    store = models.ForeignKey(
        "accounts.Store", on_delete=models.CASCADE, related_name="appeals"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    #: False while the title is the default (store, causes, notice date), which the
    #: services keep current; True once someone wrote their own
    title_custom = models.BooleanField(default=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_appeals",
        verbose_name=_("assignee"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    cause_slugs = models.JSONField(_("causes"), default=list, blank=True)
    #: the notice date of the newest round's answers (kept by round_save_answers), so
    #: deadlines can be listed without reading every round's answers
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    deadline_days = models.PositiveSmallIntegerField(
        _("days to answer"),
        default=deadlines.ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Days from Amazon's notice to answer it; usually 17."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="clones"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # The form submission that started it: a double click starts one appeal.
    submission_token = models.UUIDField(null=True, blank=True, unique=True)

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

    def deadline(self, today) -> deadlines.Deadline | None:
        """When the answer to Amazon's notice is due (None without a notice date)."""
        return deadlines.deadline(self.notice_date, self.deadline_days, today)

    #: statuses of an appeal still being worked on (a rejection is usually answered
    #: with a next round, so it stays open until reinstated)
    OPEN = (Status.DRAFT, Status.SUBMITTED, Status.MORE_INFO, Status.REJECTED)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @classmethod
    def status_for(cls, outcome: str) -> str:
        """The appeal's status once Amazon answered a round with ``outcome``."""
        return cls.Status(Outcome(outcome).value)


#: whom a round is addressed to: Seller Performance, or an escalation level
#: (library.concepts.addressee)
Addressee = models.TextChoices(
    "Addressee",
    [
        (code.upper(), (code, _(a.label)))
        for code, a in addressee_concept.ADDRESSEES.items()
    ],
)


class Round(models.Model):
    """One exchange with Amazon: the answers, the letter sent, and Amazon's reply.

    ``revision`` is the optimistic lock: a step form carries the revision it was read at,
    and a save only lands if the row still holds that revision.
    """

    Outcome = Outcome  # what Amazon answered to this round
    Shape = Shape  # the letter shapes, defined once (library.concepts.shape)
    Addressee = Addressee  # Seller Performance or an escalation level

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
    addressee = models.CharField(
        _("addressed to"),
        max_length=30,
        choices=Addressee,
        default=addressee_concept.DEFAULT,
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

    @property
    def is_escalation(self) -> bool:
        """Whether the round escalates the appeal (its letter is an escalation)."""
        return addressee_concept.get(self.addressee).is_escalation


class NoteQuerySet(models.QuerySet):
    def visible_to(self, *, firm_ids, is_seller: bool):
        """Notes a person may read: notes written inside the seller's workspace, their
        own firms' notes, and, for the seller's people, the notes a firm shared with
        them. ``firm_ids``: the consultant firms the person is a member of;
        ``is_seller``: a member of the appeal's own workspace."""
        visible = models.Q(firm__isnull=True) | models.Q(firm_id__in=firm_ids)
        if is_seller:
            visible |= models.Q(shared=True)
        return self.filter(visible)


class Note(models.Model):
    """An internal note on an appeal. It never reaches a letter. A consultant's note
    stays inside their firm unless shared with the seller; a seller's own note is seen
    by everyone working on the appeal."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    #: the consultant firm the author wrote it for; empty for the seller's own notes
    firm = models.ForeignKey(
        "accounts.Workspace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=5000)
    shared = models.BooleanField(_("shared with the seller"), default=False)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text[:60]


class AuditEvent(models.Model):
    """Who viewed, changed, exported or shared which appeal, and when. Kept with the
    seller's workspace; its owners read it."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        CHANGED = "changed", _("Changed")
        EXPORTED = "exported", _("Exported")
        SHARED = "shared", _("Shared")

    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="audit_events"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.SET_NULL, null=True, related_name="audit_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["workspace", "-at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.appeal_id}"


class AppealSearch(models.Model):
    """An appeal's search document (``appeals.searchdoc``), kept by ``appeals.search``.

    ``vector`` is PostgreSQL's (weighted: title and IDs, answers, letters) and has a
    GIN index there, as ``ids`` has a trigram one; on SQLite ``vector`` stays empty and
    ``appeals.search`` copies each row into the FTS5 table ``appeals_search_fts``. Each
    backend's index is made by migration 0005 for that backend only, so none is
    declared here.
    """

    appeal = models.OneToOneField(
        Appeal, on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    title = models.TextField(blank=True)
    ids = models.TextField(blank=True)
    body = models.TextField(blank=True)
    letters = models.TextField(blank=True)
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField(default=timezone.now)

    # Not shown to anyone (no admin, no form): no verbose names to translate.

    def __str__(self):
        return str(self.appeal_id)
