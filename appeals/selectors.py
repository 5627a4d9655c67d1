"""Reads of appeals, always scoped to the workspaces the user reaches."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.selectors import stores_for, workspace_ids_for, workspaces_for
from library import checker, evidence, exports, letters
from library.answers import Answers
from library.concepts import addressee as addressees
from library.glosses import chinese
from library.models import LibraryVersion
from library.selectors import (
    checker_settings,
    library_for,
    outcome_record,
    version_current,
)
from metrics.selectors.figures import appeal_figures_for, units_sold_for

from . import deadlines
from .models import Appeal, Round
from .rounds import reply_focus


def appeals_for(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.for_workspaces(workspace_ids_for(user=user)).select_related(
        "store", "workspace"
    )


def appeal_list_for(
    *, user, q: str = "", status: str = "", cause: str = ""
) -> QuerySet[Appeal]:
    """The appeals library: search by title, store or seller ID; filter by status and cause."""
    appeals = appeals_for(user=user).prefetch_related("rounds")
    if q:
        appeals = appeals.filter(
            Q(title__icontains=q)
            | Q(store__name__icontains=q)
            | Q(store__seller_id__icontains=q)
            | Q(workspace__name__icontains=q)
        )
    if status:
        appeals = appeals.filter(status=status)
    if cause:
        # JSON containment is not portable to SQLite; a quoted match on the list is.
        appeals = appeals.filter(cause_slugs__icontains=f'"{cause}"')
    return appeals


def round_current(*, appeal: Appeal) -> Round:
    return appeal.rounds.select_related("library_version").order_by("-number").first()


def rounds_of(*, appeal: Appeal) -> QuerySet[Round]:
    return appeal.rounds.select_related("library_version").order_by("number")


def library_causes(*, version: LibraryVersion | None = None) -> list[tuple[str, str]]:
    version = version or version_current()
    if version is None:
        return []
    return [(c.slug, c.name) for c in library_for(version).causes]


def dashboard_for(*, user) -> dict:
    today = timezone.localdate()
    appeals = list(appeals_for(user=user)[:20])
    for appeal in appeals:
        appeal.due = appeal.deadline(today) if appeal.is_open else None
    return {
        "workspaces": workspaces_for(user=user).prefetch_related("stores"),
        "stores": stores_for(user=user),
        "appeals": appeals,
        "due_soon": deadlines_for(user=user, today=today),
    }


def deadlines_for(*, user, today) -> list:
    """The user's open appeals due within the week or overdue, soonest first, each with
    ``due`` (a deadlines.Deadline)."""
    open_ = appeals_for(user=user).filter(
        notice_date__isnull=False, status__in=Appeal.OPEN
    )
    due = []
    for appeal in open_.select_related("store"):
        appeal.due = appeal.deadline(today)
        if appeal.due.this_week:
            due.append(appeal)
    return sorted(due, key=lambda a: a.due.days_left)


def appeal_deadlines(*, appeal: Appeal, rounds: list[Round], today) -> dict:
    """What the overview says about time: the answer deadline, Amazon's rejections so
    far against the usual two, and a warning when a resubmission would come too soon."""
    sent = [r.submitted_on for r in rounds if r.submitted_on]
    return {
        "due": appeal.deadline(today) if appeal.is_open else None,
        "strikes": deadlines.strikes(r.outcome for r in rounds),
        "strikes_max": deadlines.STRIKES,
        "too_soon": deadlines.too_soon(
            max(sent) if sent else None, today, settings.APPEAL_COOLDOWN_DAYS
        ),
    }


def store_metric_figures(*, store) -> tuple[list, object]:
    """Off-target figures measured from the store's imported reports, with their day."""
    return appeal_figures_for(store=store)


def suggestion_record() -> dict[str, dict]:
    """What appeals using each cause, root cause and action ended with, across library
    versions (kind -> ref -> (reinstated, rejected)): the wizard orders and labels its
    suggestions by it. Counts only, over every workspace: nothing of any appeal shows."""
    return {
        kind: outcome_record(kind=kind) for kind in ("cause", "root_cause", "action")
    }


def copied_wording(*, round: Round) -> list[dict]:
    """In the first round of an appeal cloned from another, each root cause or action
    still in the old seller's own words: it may name the other client's facts, so the
    review step asks for a check. Each: the step that edits it and a short excerpt."""
    if round.number != 1 or round.appeal.source_id is None:
        return []
    answers = Answers.from_dict(round.answers)
    copied = []
    for rc in answers.root_causes:
        if rc.text:
            copied.append({"step": "root-causes", "text": rc.text})
        for action in rc.actions:
            if action.text:
                copied.append({"step": "plan", "text": action.text})
    return copied


def unticked_documents(*, round: Round) -> list:
    """The documents the plan's library wording names but the seller has not ticked
    (library.evidence.unticked_documents): slug, English name, and its gloss in the
    Chinese interface."""
    library = library_for(round.library_version)
    answers = Answers.from_dict(round.answers)
    shown = []
    for slug, _ref in evidence.unticked_documents(answers, library):
        doc = library.document(slug)
        gloss = doc.name_zh if chinese() else ""
        shown.append({"slug": doc.slug, "name": doc.name, "gloss": gloss})
    return shown


def store_units_sold(*, store) -> int:
    """Units sold in the store's imported order reports (the invoice check)."""
    return units_sold_for(store=store)


def round_history(*, round: Round) -> list[letters.HistoryEntry]:
    """The appeal's rounds before ``round``, as an escalation letter lists them."""
    earlier = Round.objects.filter(
        appeal_id=round.appeal_id, number__lt=round.number
    ).order_by("number")
    return [
        letters.HistoryEntry(
            number=r.number,
            addressee=r.addressee,
            submitted_on=r.submitted_on,
            outcome=r.outcome,
            reply_received_on=r.reply_received_on,
        )
        for r in earlier.only(
            "number", "addressee", "submitted_on", "outcome", "reply_received_on"
        )
    ]


def letter_for(
    *, round: Round, shape: str | None = None, edited: bool = True
) -> letters.Letter:
    """The round's letter in ``shape``: the seller's hand edit when there is one for that
    shape (and ``edited``), else assembled from the round's frozen library version.

    An escalation round's letter is the escalation (one form, whatever ``shape``), with
    the appeal's earlier rounds as its history."""
    shape = shape or round.shape
    today = round.submitted_on or timezone.localdate()
    answers = Answers.from_dict(round.answers)
    library = library_for(round.library_version)
    if round.is_escalation:
        assembled = letters.assemble_escalation(
            answers,
            library,
            addressee=round.addressee,
            history=round_history(round=round),
            today=today,
            seed=round.appeal_id,
            library_version=round.library_version.number,
        )
    else:
        assembled = letters.assemble(
            answers,
            library,
            shape=shape,
            today=today,
            seed=round.appeal_id,
            library_version=round.library_version.number,
        )
    if edited and round.edited_text and round.edited_shape == shape:
        return letters.from_plain_text(round.edited_text, base=assembled)
    return assembled


def round_previous(*, round: Round) -> Round | None:
    """The round before ``round``, whose reply (if any) the current one answers."""
    return round.appeal.rounds.filter(number=round.number - 1).first()


def round_focus(*, previous: Round | None) -> list[str]:
    """The letter parts the previous round's reply asks more of."""
    return reply_focus(previous.amazon_reply) if previous else []


def round_findings(
    *, round: Round, text: str, shape: str, focus=None, settings=None
) -> list:
    """The checker's findings on the round's letter.

    Exact about the plan (the answers) for an assembled letter; a letter edited by hand
    is checked as the text that will be sent, since the answers no longer describe it.
    """
    library = library_for(round.library_version)
    edited = bool(round.edited_text and round.edited_shape == shape)
    if focus is None:
        focus = round_focus(previous=round_previous(round=round))
    answers = Answers.from_dict(round.answers)
    if round.is_escalation:
        # An escalation sums the plan up and lists no orders or figures: the rules
        # asking for a plan's sections, order IDs or a metric's figure do not apply.
        # The root causes it names are still held to the plan's standard (answers).
        return checker.check(
            text,
            shape="classic",
            answers=None if edited else answers,
            settings=checker_settings() if settings is None else settings,
            focus=focus,
            plan_required=False,
        )
    return checker.check(
        text,
        shape="form" if shape == Round.Shape.AMAZON_FORM else "classic",
        answers=None if edited else answers,
        metric_causes=library.metric_cause_slugs(),
        settings=checker_settings() if settings is None else settings,
        focus=focus,
        plan_required=library.needs_plan(answers.causes),
    )


@dataclass(frozen=True)
class Escalation:
    """The escalation an appeal may take now: to whom, after which rejected round, and
    the unsent round that becomes it (None: a new round is added)."""

    to: addressees.Addressee
    rejected: Round
    draft: Round | None


def escalation_for(*, rounds: list[Round]) -> Escalation | None:
    """Whether the appeal whose rounds (by number) are ``rounds`` may be escalated now.

    Yes when the newest round Amazon answered was rejected and a level is left after
    its addressee (Seller Performance -> the suspending team -> executive seller
    relations). Recording a rejection usually opens the next round at once
    (``round_start_next``): that unsent round, still addressed like the rejected one,
    becomes the escalation rather than a second unsent round beside it.
    """
    if not rounds:
        return None
    current = rounds[-1]
    draft = None
    if current.submitted_on is None and len(rounds) > 1:
        current, draft = rounds[-2], current
    if current.outcome != Round.Outcome.REJECTED:
        return None
    if draft is not None and draft.addressee != current.addressee:
        return None  # already escalated
    to = addressees.escalation_after(current.addressee)
    if to is None:
        return None
    return Escalation(to=to, rejected=current, draft=draft)


def finding_counts(*, appeals) -> dict[int, tuple[int, int]]:
    """(blockers, warnings) on the current round's letter of each appeal, by appeal id.

    One query for the rounds (without the library data: ``library_for`` caches each
    version's library) and one for the rule settings."""
    current: dict[int, Round] = {}
    rounds = (
        Round.objects.filter(appeal_id__in=[a.pk for a in appeals])
        .select_related("library_version")
        .defer("library_version__data")
    )
    for round in rounds:
        if (
            round.appeal_id not in current
            or round.number > current[round.appeal_id].number
        ):
            current[round.appeal_id] = round
    settings = checker_settings()
    counts = {}
    for appeal_id, round in current.items():
        text = exports.to_text(letter_for(round=round))
        # The badge leaves out a rejection's raised severities (one more query per
        # appeal); the review page and the export confirm show them.
        found = round_findings(
            round=round, text=text, shape=round.shape, focus=(), settings=settings
        )
        counts[appeal_id] = (
            sum(f.severity == checker.BLOCKER for f in found),
            sum(f.severity == checker.WARNING for f in found),
        )
    return counts
