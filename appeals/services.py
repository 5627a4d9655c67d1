"""Writes on appeals and their rounds."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Store
from library import exports
from library.answers import Answers
from library.concepts.dates import format_date
from library.selectors import library_for, version_current
from library.services import outcomes_rebuild

from .models import Appeal, AuditEvent, Note, Round
from .search import index_appeal
from .selectors import escalation_for, letter_for

TITLE_SEPARATOR = " · "


def default_title(*, store_name: str, cause_names, notice_date) -> str:
    """An appeal's title until someone writes one: store, causes and notice date, so
    thirty appeals of one store still read apart."""
    parts = [store_name]
    if cause_names:
        parts.append(" + ".join(cause_names))
    if notice_date:
        parts.append(format_date(notice_date))
    return TITLE_SEPARATOR.join(parts)[:200]


def _retitle(appeal_id: int, answers: Answers, library_version) -> None:
    """Keep a default title current with the answers; a title someone wrote stays."""
    appeal = Appeal.objects.select_related("store").get(pk=appeal_id)
    if appeal.title_custom:
        return
    library = library_for(library_version)
    names = [c.name if (c := library.cause(slug)) else slug for slug in answers.causes]
    title = default_title(
        store_name=appeal.store.name,
        cause_names=names,
        notice_date=answers.notice_date,
    )
    if title != appeal.title:
        Appeal.objects.filter(pk=appeal_id).update(title=title)


class LibraryNotPublished(RuntimeError):
    """No library version is published yet, so no letter can be assembled."""


@transaction.atomic
def appeal_create(
    *, user, store: Store, answers: Answers | None = None, title: str = ""
) -> Appeal:
    """Start an appeal for ``store`` with round 1 on the newest library version.

    ``answers`` prefills the wizard (the metrics app passes causes, figures and order
    IDs); the signature defaults to the store's details and the user's name and e-mail.
    """
    version = version_current()
    if version is None:
        raise LibraryNotPublished
    answers = answers or Answers()
    sig = answers.signature
    sig.store_name = sig.store_name or store.name
    sig.seller_id = sig.seller_id or store.seller_id
    sig.marketplace = sig.marketplace or store.marketplace
    sig.name = sig.name or user.get_full_name() or user.get_username()
    sig.email = sig.email or user.email
    appeal = Appeal.objects.create(
        workspace=store.workspace,
        store=store,
        created_by=user,
        title=title,
        title_custom=bool(title),
        cause_slugs=list(answers.causes),
        notice_date=answers.notice_date,
    )
    Round.objects.create(
        appeal=appeal, number=1, library_version=version, answers=answers.to_dict()
    )
    _retitle(appeal.pk, answers, version)
    appeal.refresh_from_db(fields=["title"])
    index_appeal(appeal.pk)
    return appeal


def appeal_once(*, user, token, create: Callable[[], Appeal]) -> Appeal:
    """The appeal one form submission starts: ``create()`` runs once per ``token`` (a
    UUID the start or clone form carries); the same token again, even posted at the
    same moment, returns the appeal the first one made. No token: ``create()``."""
    if token is None:
        return create()
    made = Appeal.objects.filter(submission_token=token, created_by=user)
    if existing := made.first():
        return existing
    try:
        with transaction.atomic():  # a savepoint: the loser's appeal is undone
            appeal = create()
            Appeal.objects.filter(pk=appeal.pk).update(submission_token=token)
    except IntegrityError:
        # Another request with this token committed first (the unique constraint
        # waited for it); its appeal is the one this submission made.
        if existing := made.first():
            return existing
        return create()  # a token another person used: never their appeal
    return appeal


class RoundNotSubmitted(Exception):
    """Amazon's answer can only follow a round that was sent and is the newest."""


class RoundConflict(Exception):
    """The round changed since the page was read (another tab, another person)."""


class RoundSubmitted(Exception):
    """A round sent to Amazon stays as it was sent; changes go into the next round."""


def _refused(round: Round) -> Exception:
    """Why a conditional update of an unsent round touched nothing."""
    if Round.objects.filter(pk=round.pk, submitted_on__isnull=False).exists():
        return RoundSubmitted()
    return RoundConflict()


def round_save_answers(*, round: Round, answers: Answers, revision: int) -> Round:
    """Save a step's answers if the round still holds ``revision``; bump the revision.

    A single conditional UPDATE is the lock: of two saves read at the same revision only
    the first lands, and the second raises RoundConflict without touching the row. A
    round already sent to Amazon is not changed either (RoundSubmitted).
    """
    updated = Round.objects.filter(
        pk=round.pk, revision=revision, submitted_on__isnull=True
    ).update(
        answers=answers.to_dict(), revision=revision + 1, updated_at=timezone.now()
    )
    if not updated:
        raise _refused(round)
    Appeal.objects.filter(pk=round.appeal_id).update(
        cause_slugs=list(answers.causes),
        notice_date=answers.notice_date,
        updated_at=timezone.now(),
    )
    _retitle(round.appeal_id, answers, round.library_version)
    round.refresh_from_db()
    index_appeal(round.appeal_id)
    return round


def round_set_shape(*, round: Round, shape: str) -> Round:
    round.shape = shape
    round.save(update_fields=["shape", "updated_at"])
    index_appeal(round.appeal_id)
    return round


def round_edit_text(*, round: Round, text: str, shape: str, revision: int) -> Round:
    updated = Round.objects.filter(
        pk=round.pk, revision=revision, submitted_on__isnull=True
    ).update(
        edited_text=text.replace("\r\n", "\n"),
        edited_shape=shape,
        shape=shape,
        revision=revision + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise _refused(round)
    round.refresh_from_db()
    index_appeal(round.appeal_id)
    return round


def round_reset_text(*, round: Round) -> Round:
    # Bumped in the database, so a save landing meanwhile cannot share the revision.
    updated = Round.objects.filter(pk=round.pk, submitted_on__isnull=True).update(
        edited_text="",
        edited_shape="",
        revision=F("revision") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise RoundSubmitted
    round.refresh_from_db()
    index_appeal(round.appeal_id)
    return round


@transaction.atomic
def round_submit(*, round: Round, submitted_on) -> Round:
    """Mark the round as sent to Amazon and keep the exact text that was sent. Once:
    a second submission (a double click, another tab) raises RoundSubmitted."""
    locked = Round.objects.select_for_update().only("submitted_on").get(pk=round.pk)
    if locked.submitted_on is not None:
        raise RoundSubmitted
    round.submitted_on = submitted_on
    round.sent_text = exports.to_text(letter_for(round=round))
    round.outcome = Round.Outcome.PENDING
    round.save(update_fields=["submitted_on", "sent_text", "outcome", "updated_at"])
    Appeal.objects.filter(pk=round.appeal_id).update(
        status=Appeal.Status.SUBMITTED, updated_at=timezone.now()
    )
    index_appeal(round.appeal_id)
    return round


@transaction.atomic
def round_start_next(
    *, round: Round, outcome: str, amazon_reply: str, reply_received_on
) -> Round:
    """Record Amazon's reply on ``round`` and open the next round with the letter copied.

    Raises RoundNotSubmitted unless ``round`` was sent and is still the newest round, so
    a double-clicked form opens one round, not two.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    if (
        round.submitted_on is None
        or round.appeal.rounds.filter(number__gt=round.number).exists()
    ):
        raise RoundNotSubmitted
    round.outcome = outcome
    round.amazon_reply = amazon_reply
    round.reply_received_on = reply_received_on
    round.save(
        update_fields=["outcome", "amazon_reply", "reply_received_on", "updated_at"]
    )
    Appeal.objects.filter(pk=round.appeal_id).update(
        status=Appeal.status_for(outcome), updated_at=timezone.now()
    )
    if outcome in DECIDED:
        outcomes_refresh()
    next_round = Round.objects.create(
        appeal_id=round.appeal_id,
        number=round.number + 1,
        library_version=round.library_version,
        answers=round.answers,
        shape=round.shape,
        edited_text=round.edited_text,
        edited_shape=round.edited_shape,
        # Amazon's answer came from whom the round went to: the reply goes there too.
        addressee=round.addressee,
    )
    index_appeal(round.appeal_id)
    return next_round


class NotEscalable(Exception):
    """The appeal cannot be escalated now: its newest answered round was not rejected,
    the round after that rejection is already an escalation, or the rejection came
    from executive seller relations (the last level)."""


@transaction.atomic
def round_escalate(*, appeal: Appeal, user) -> Round:
    """Escalate the appeal after a rejection: its next round is addressed to the next
    level (``appeals.selectors.escalation_for``) and its letter is the escalation.

    As ``round_start_next`` does, the round carries the rejected round's answers; it pins
    the newest published library version (the escalation phrases came with it; the
    rejected round's version may have none). The unsent round a recorded rejection
    opened becomes the escalation, its answers kept and a hand edit written for
    Seller Performance dropped; otherwise a new round is added. Raises NotEscalable, also
    for a second click (the rounds are locked while this decides). ``user`` is who
    escalated (the view records it in the audit log).
    """
    rounds = list(
        Round.objects.select_for_update(of=("self",))
        .filter(appeal_id=appeal.pk)
        .select_related("library_version")
        .order_by("number")
    )
    escalation = escalation_for(rounds=rounds)
    if escalation is None:
        raise NotEscalable
    version = version_current() or escalation.rejected.library_version
    Appeal.objects.filter(pk=appeal.pk).update(updated_at=timezone.now())
    if escalation.draft is not None:
        Round.objects.filter(pk=escalation.draft.pk).update(
            addressee=escalation.to.code,
            library_version=version,
            shape=Round.Shape.CLASSIC,
            edited_text="",
            edited_shape="",
            revision=F("revision") + 1,
            updated_at=timezone.now(),
        )
        escalation.draft.refresh_from_db()
        index_appeal(appeal.pk)
        return escalation.draft
    escalated = Round.objects.create(
        appeal_id=appeal.pk,
        number=escalation.rejected.number + 1,
        library_version=version,
        answers=escalation.rejected.answers,
        shape=Round.Shape.CLASSIC,
        addressee=escalation.to.code,
    )
    index_appeal(appeal.pk)
    return escalated


@transaction.atomic
def appeal_set_outcome(*, round: Round, outcome: str, reply_received_on) -> Round:
    round.outcome = outcome
    round.reply_received_on = reply_received_on
    round.save(update_fields=["outcome", "reply_received_on", "updated_at"])
    Appeal.objects.filter(pk=round.appeal_id).update(
        status=Appeal.status_for(outcome), updated_at=timezone.now()
    )
    outcomes_refresh()
    return round


DECIDED = (Round.Outcome.REINSTATED, Round.Outcome.REJECTED)


def outcomes_refresh() -> int:
    """Rebuild the library's outcome counts from every decided appeal: the answers of
    its newest round that Amazon decided (an appeal rejected, then reinstated in a later
    round, counts as reinstated, with that round's answers)."""
    latest: dict[int, Round] = {}
    decided = Round.objects.filter(outcome__in=DECIDED).only(
        "appeal_id", "number", "answers", "outcome", "library_version_id"
    )
    for r in decided.iterator(chunk_size=500):
        if r.appeal_id not in latest or r.number > latest[r.appeal_id].number:
            latest[r.appeal_id] = r
    return outcomes_rebuild(
        (Answers.from_dict(r.answers), r.outcome, r.library_version_id)
        for r in latest.values()
    )


@transaction.atomic
def appeal_clone(*, user, source: Appeal, store: Store, title: str = "") -> Appeal:
    """Start a new appeal from a past one: its causes, root causes, actions and phrases.

    Order IDs, figures, notice, signature and ticked documents belong to the old case
    and are not copied; corrective-action dates are cleared because those actions must
    be done again; every fact slot comes back empty (the carrier, supplier or dates of
    another client are theirs), so the new letter shows a gap until it is filled.
    Wording the old seller wrote themselves is copied and flagged on the review step
    (``appeals.selectors.copied_wording``): it may name the old client's facts.
    """
    old = Answers.from_dict(source.rounds.order_by("-number").first().answers)
    answers = Answers(
        causes=old.causes, root_causes=old.root_causes, phrases=old.phrases
    )
    for rc in answers.root_causes:
        rc.slots = {}
        for action in rc.actions:
            action.done_on = None
            action.slots = {}
    appeal = appeal_create(
        user=user,
        store=store,
        answers=answers,
        # Never the source's title: it may name another client's store. Without one
        # the new appeal gets the default (its own store, causes and notice date).
        title=title,
    )
    appeal.source = source
    appeal.save(update_fields=["source"])
    return appeal


def pdf_timeout() -> int:
    return settings.PDF_TIMEOUT_SECONDS


def pdf_memory_mb() -> int:
    return settings.PDF_MEMORY_MB


def appeal_start_from_figures(
    *, user, store: Store, answers: Answers, title: str = ""
) -> Appeal:
    """Start an appeal prefilled from the store's imported figures: one rate, or the
    promotion-error incident kit's orders (``metrics.handoff`` builds ``answers``).

    The one way metrics' figures become an appeal; raises LibraryNotPublished.
    """
    return appeal_create(user=user, store=store, answers=answers, title=title)


# --- consultants: an appeal's title, assignee, deadline, notes, withdrawal, audit -----


def appeal_update_settings(
    *, appeal: Appeal, title: str, assignee, deadline_days: int
) -> Appeal:
    """Change what the team sees of an appeal (never its letter). An empty title goes
    back to the default, kept current with the answers."""
    appeal.title = title
    appeal.title_custom = bool(title)
    appeal.assignee = assignee
    appeal.deadline_days = deadline_days
    appeal.save(
        update_fields=[
            "title",
            "title_custom",
            "assignee",
            "deadline_days",
            "updated_at",
        ]
    )
    if not title:
        current = appeal.rounds.order_by("-number").first()
        _retitle(appeal.pk, Answers.from_dict(current.answers), current.library_version)
        appeal.refresh_from_db(fields=["title"])
    index_appeal(appeal.pk)  # the title is searched
    return appeal


def note_add(*, appeal: Appeal, author, firm, text: str, shared: bool) -> Note:
    """A note for the team; ``firm`` is the consultant firm it stays in (None: written
    in the seller's own workspace, seen by everyone on the appeal)."""
    return Note.objects.create(
        appeal=appeal,
        author=author,
        firm=firm,
        text=text,
        shared=bool(shared and firm is not None),
    )


def note_share(*, note: Note) -> Note:
    if not note.shared:
        note.shared = True
        note.save(update_fields=["shared"])
    return note


def appeal_withdraw(*, appeal: Appeal) -> Appeal:
    """The seller stops this appeal (another route, a new account, a sold business).
    Its rounds stay as they are; recording Amazon's answer later sets the status again."""
    Appeal.objects.filter(pk=appeal.pk).update(
        status=Appeal.Status.WITHDRAWN, updated_at=timezone.now()
    )
    appeal.refresh_from_db()
    return appeal


def appeal_reopen(*, appeal: Appeal) -> Appeal:
    """Undo a withdrawal: the status goes back to what the rounds say."""
    current = appeal.rounds.order_by("-number").first()
    if current.outcome != Round.Outcome.PENDING:
        status = Appeal.status_for(current.outcome)
    elif current.submitted_on:
        status = Appeal.Status.SUBMITTED
    else:
        status = Appeal.Status.DRAFT
    Appeal.objects.filter(pk=appeal.pk).update(status=status, updated_at=timezone.now())
    appeal.refresh_from_db()
    return appeal


#: a person opening the same appeal again within this many minutes is one view
VIEW_WINDOW_MINUTES = 30


def audit(*, appeal: Appeal, user, action: str, detail: str = "") -> AuditEvent | None:
    """Record who did what to an appeal. Views repeated within the window are one."""
    now = timezone.now()
    if action == AuditEvent.Action.VIEWED:
        since = now - timedelta(minutes=VIEW_WINDOW_MINUTES)
        if AuditEvent.objects.filter(
            appeal=appeal, user=user, action=action, at__gte=since
        ).exists():
            return None
    return AuditEvent.objects.create(
        workspace_id=appeal.workspace_id,
        appeal=appeal,
        user=user,
        action=action,
        detail=detail[:200],
        at=now,
    )


def audit_many(*, appeals, user, action: str, detail: str = "") -> int:
    """The same event on many appeals at once (a list exported as CSV)."""
    now = timezone.now()
    events = [
        AuditEvent(
            workspace_id=a.workspace_id,
            appeal=a,
            user=user,
            action=action,
            detail=detail[:200],
            at=now,
        )
        for a in appeals
    ]
    return len(AuditEvent.objects.bulk_create(events, batch_size=500))
