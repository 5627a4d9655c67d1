"""Reads of appeals, always scoped to the workspaces the user reaches."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Workspace
from accounts.selectors import (
    clients_of,
    firm_for,
    firm_ids_for,
    member_workspace_ids_for,
    owned_workspaces_for,
    people_for,
    seller_workspaces_for,
    stores_for,
    workspace_ids_for,
    workspaces_for,
)
from library import checker, evidence, exports, letters
from library.anonymise import anonymise
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
from metrics.selectors.figures import (
    appeal_figures_for,
    store_figures_many,
    units_sold_for,
)

from . import deadlines, search
from .models import Appeal, AuditEvent, Note, Round
from .rounds import reply_focus


def appeals_for(*, user) -> QuerySet[Appeal]:
    return Appeal.objects.for_workspaces(workspace_ids_for(user=user)).select_related(
        "store", "workspace"
    )


#: the appeal list's orders (AppealFilterForm.SORTS), each a stable order_by
SORTS = {
    "-updated": ("-updated_at", "-pk"),
    "-created": ("-created_at", "-pk"),
    "created": ("created_at", "pk"),
    "title": ("title", "pk"),
    "status": ("status", "-updated_at", "-pk"),
    "notice": ("-notice_date", "-pk"),
}


def appeal_list_for(
    *,
    user,
    q: str = "",
    status: str = "",
    cause: str = "",
    marketplace: str = "",
    client: int | None = None,
    assignee: str = "",
    started_from=None,
    started_to=None,
    sort: str = "",
    **_ignored,
) -> QuerySet[Appeal]:
    """The library of past appeals: every appeal the user reaches, across clients,
    searched (letters, answers, order IDs, SKUs, names: ``appeals.search``), filtered
    and ordered."""
    appeals = (
        work_queryset(user=user)
        .select_related("store", "workspace")
        .prefetch_related("rounds")
    )
    if status:
        appeals = appeals.filter(status=status)
    if cause:
        # JSON containment is not portable to SQLite; a quoted match on the list is.
        appeals = appeals.filter(cause_slugs__icontains=f'"{cause}"')
    if marketplace:
        appeals = appeals.filter(store__marketplace=marketplace)
    if client:
        appeals = appeals.filter(workspace_id=client)
    if assignee == "me":
        appeals = appeals.filter(assignee=user)
    elif assignee == "none":
        appeals = appeals.filter(assignee__isnull=True)
    elif assignee.isdigit():
        appeals = appeals.filter(assignee_id=int(assignee))
    if started_from:
        appeals = appeals.filter(created_at__date__gte=started_from)
    if started_to:
        appeals = appeals.filter(created_at__date__lte=started_to)
    order = SORTS.get(sort or "-updated", SORTS["-updated"])
    if q:
        # Full-text search (appeals.search): best match first unless an order is
        # chosen, then the chosen order breaks ties.
        appeals = search.matching(appeals.order_by(*order), q)
        return appeals.order_by(*order) if sort else appeals
    return appeals.order_by(*order)


def _with_version(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """Rounds with their library version's row, but not its data (half a megabyte of
    JSON): ``library_for`` builds the typed library from it once per process."""
    return rounds.select_related("library_version").defer("library_version__data")


def round_current(*, appeal: Appeal) -> Round:
    return _with_version(appeal.rounds).order_by("-number").first()


def rounds_of(*, appeal: Appeal) -> QuerySet[Round]:
    return _with_version(appeal.rounds).order_by("number")


def library_causes(*, version: LibraryVersion | None = None) -> list[tuple[str, str]]:
    version = version or version_current()
    if version is None:
        return []
    return [(c.slug, c.name) for c in library_for(version).causes]


def dashboard_for(*, user) -> dict:
    today = timezone.localdate()
    return {
        "workspaces": workspaces_for(user=user).prefetch_related("stores"),
        "stores": stores_for(user=user),
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
    letter, assembled = letter_and_assembled_for(round=round, shape=shape)
    return letter if edited else assembled


def _assembled(round: Round, shape: str, answers: Answers, library) -> letters.Letter:
    """``answers`` assembled as the round's letter in ``shape``; an escalation round's
    letter is the escalation, with the appeal's earlier rounds as its history."""
    today = round.submitted_on or timezone.localdate()
    if round.is_escalation:
        return letters.assemble_escalation(
            answers,
            library,
            addressee=round.addressee,
            history=round_history(round=round),
            today=today,
            seed=round.appeal_id,
            library_version=round.library_version.number,
        )
    return letters.assemble(
        answers,
        library,
        shape=shape,
        today=today,
        seed=round.appeal_id,
        library_version=round.library_version.number,
    )


def letter_and_assembled_for(
    *, round: Round, shape: str | None = None
) -> tuple[letters.Letter, letters.Letter]:
    """The round's letter (as ``letter_for``) and the assembled letter it starts from,
    assembled once: the review page shows the one and offers the other to edit."""
    shape = shape or round.shape
    library = library_for(round.library_version)
    assembled = _assembled(round, shape, Answers.from_dict(round.answers), library)
    if round.edited_text and round.edited_shape == shape:
        return letters.from_plain_text(round.edited_text, base=assembled), assembled
    return assembled, assembled


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
    current = current_rounds(appeal_ids=[a.pk for a in appeals])
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


# --- consultants: clients, the work table, notes, the audit log -----------------------


def filter_clients_for(*, user) -> list[Workspace]:
    """The seller workspaces the user reaches (their own and their firms' clients), for
    the client filters."""
    return list(seller_workspaces_for(user=user).only("id", "name"))


def cause_labels(*, appeal: Appeal) -> list[str]:
    names = dict(library_causes())
    return [names.get(slug, slug) for slug in appeal.cause_slugs]


def client_names(*, appeal: Appeal) -> list[str]:
    """The names an anonymised view hides: the client's business and its stores."""
    return [appeal.workspace.name] + list(
        appeal.workspace.stores.values_list("name", flat=True)
    )


def anonymised_letter(*, round: Round) -> letters.Letter:
    """The round's letter built from answers that name no one (library.anonymise), an
    escalation's too. A hand-edited letter is left out: its text is the client's own
    from end to end."""
    library = library_for(round.library_version)
    answers = anonymise(
        Answers.from_dict(round.answers),
        library,
        names=client_names(appeal=round.appeal),
    )
    return _assembled(round, round.shape, answers, library)


def current_rounds(*, appeal_ids) -> dict[int, Round]:
    """The newest round of each appeal, by appeal id, in one query (without the library
    data: ``library_for`` caches each version's library)."""
    current: dict[int, Round] = {}
    rounds = (
        Round.objects.filter(appeal_id__in=list(appeal_ids))
        .select_related("library_version")
        .defer("library_version__data")
    )
    for round in rounds:
        if (
            round.appeal_id not in current
            or round.number > current[round.appeal_id].number
        ):
            current[round.appeal_id] = round
    return current


def open_documents(*, round: Round) -> int:
    """How many of the documents the appeal's causes call for are not ticked yet."""
    answers = Answers.from_dict(round.answers)
    needed = library_for(round.library_version).documents_for(answers.causes)
    ticked = {e.document for e in answers.evidence}
    return sum(1 for d in needed if d.slug not in ticked)


def with_work_columns(appeals: list[Appeal], *, today) -> list[Appeal]:
    """Give each appeal what the work tables show: ``due`` (a deadline, open appeals
    only), ``days_since_sent`` and ``open_documents``. The appeals must be annotated
    with ``last_sent`` (``work_queryset``)."""
    rounds = current_rounds(appeal_ids=[a.pk for a in appeals])
    for appeal in appeals:
        appeal.due = appeal.deadline(today) if appeal.is_open else None
        sent = getattr(appeal, "last_sent", None)
        appeal.days_since_sent = (today - sent).days if sent else None
        round = rounds.get(appeal.pk)
        appeal.open_documents = open_documents(round=round) if round else 0
    return appeals


def work_queryset(*, user) -> QuerySet[Appeal]:
    """The user's appeals with what every work table needs in the same query."""
    return (
        appeals_for(user=user)
        .select_related("assignee")
        .annotate(last_sent=Max("rounds__submitted_on"))
    )


#: the dashboard's "due" filter
DUE_FILTERS = ("overdue", "week")


def worklist_for(
    *, user, today, client=None, assignee: str = "", status: str = "", due: str = ""
) -> list[Appeal]:
    """The dashboard's table: open appeals (or ``status``), soonest deadline first, then
    the ones without a notice date. ``assignee``: "me", "none" or a user id."""
    appeals = work_queryset(user=user)
    appeals = (
        appeals.filter(status=status)
        if status
        else appeals.filter(status__in=Appeal.OPEN)
    )
    if client is not None:
        appeals = appeals.filter(workspace=client)
    if assignee == "me":
        appeals = appeals.filter(assignee=user)
    elif assignee == "none":
        appeals = appeals.filter(assignee__isnull=True)
    elif assignee.isdigit():
        appeals = appeals.filter(assignee_id=int(assignee))
    rows = with_work_columns(list(appeals), today=today)
    if due == "overdue":
        rows = [a for a in rows if a.due and a.due.overdue]
    elif due == "week":
        rows = [a for a in rows if a.due and a.due.this_week]
    return sorted(
        rows,
        key=lambda a: (a.due is None, a.due.days_left if a.due else 0, a.title),
    )


def assignees_for(*, user):
    """People the user can filter or assign by: everyone who works on the workspaces
    the user reaches."""
    ids = workspace_ids_for(user=user)
    firms = Workspace.objects.filter(
        Q(id__in=ids, kind=Workspace.Kind.CONSULTANCY)
        | Q(client_links__client_id__in=ids, client_links__revoked_at__isnull=True)
    ).values("id")
    return (
        get_user_model()
        .objects.filter(
            Q(memberships__workspace_id__in=ids)
            | Q(memberships__workspace_id__in=firms)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def assignable_for(*, appeal: Appeal):
    """Who an appeal can be assigned to: its workspace's people and its firms'."""
    return people_for(workspace=appeal.workspace)


def client_rows_for(*, user, today) -> list[Workspace]:
    """The consultant's clients, each with ``open_count``, ``nearest`` (the soonest
    deadline of its open appeals) and ``last_outcome`` (Amazon's latest answer, as a
    Round.Outcome, or "")."""
    clients = list(clients_of(user=user))
    by_id = {c.pk: c for c in clients}
    for c in clients:
        c.open_count, c.nearest, c.last_outcome, c.last_outcome_label = 0, None, "", ""
    open_ = Appeal.objects.filter(workspace_id__in=by_id, status__in=Appeal.OPEN).only(
        "workspace_id", "notice_date", "deadline_days", "status"
    )
    for appeal in open_:
        client = by_id[appeal.workspace_id]
        client.open_count += 1
        due = appeal.deadline(today)
        if due and (client.nearest is None or due.days_left < client.nearest.days_left):
            client.nearest = due
    answered = (
        Round.objects.filter(appeal__workspace_id__in=by_id)
        .exclude(outcome=Round.Outcome.PENDING)
        .order_by("reply_received_on", "updated_at")
        .values_list("appeal__workspace_id", "outcome")
    )
    for workspace_id, outcome in answered:  # the newest answer wins
        by_id[workspace_id].last_outcome = outcome
        by_id[workspace_id].last_outcome_label = Round.Outcome(outcome).label
    return clients


def client_for(*, user, pk: int) -> Workspace:
    """One of the consultant's clients; 404 for any other workspace."""
    return get_object_or_404(clients_of(user=user), pk=pk)


def client_page(*, user, client: Workspace, today) -> dict:
    """A client's stores with their figures, appeals and evidence."""
    stores = list(client.stores.all())
    figures = store_figures_many(stores=stores)
    appeals = with_work_columns(
        list(work_queryset(user=user).filter(workspace=client)), today=today
    )
    rounds = current_rounds(appeal_ids=[a.pk for a in appeals])
    evidence = []
    for appeal in appeals:
        round = rounds.get(appeal.pk)
        if round is None:
            continue
        answers = Answers.from_dict(round.answers)
        library = library_for(round.library_version)
        ticked = {e.document for e in answers.evidence}
        needed = library.documents_for(answers.causes)
        if not needed and not ticked:
            continue
        evidence.append(
            {
                "appeal": appeal,
                "ticked": [
                    d.name
                    for slug in ticked
                    if (d := library.document(slug)) is not None
                ],
                "missing": [d.name for d in needed if d.slug not in ticked],
            }
        )
    return {
        "client": client,
        "stores": [(s, figures[s.pk]) for s in stores],
        "appeals": appeals,
        "evidence": evidence,
    }


def note_firm_for(*, user, appeal: Appeal) -> Workspace | None:
    """The firm a note by ``user`` on ``appeal`` stays in (None: the seller's own)."""
    return firm_for(user=user, workspace=appeal.workspace)


def notes_for(*, user, appeal: Appeal) -> QuerySet[Note]:
    """The notes on ``appeal`` the user may read (``NoteQuerySet.visible_to``)."""
    is_seller = appeal.workspace_id in member_workspace_ids_for(user=user)
    return appeal.notes.visible_to(
        firm_ids=firm_ids_for(user=user), is_seller=is_seller
    ).select_related("author", "firm")


def note_for(*, user, appeal: Appeal, pk: int) -> Note:
    """A note the user wrote in their firm and may share; 404 otherwise."""
    return get_object_or_404(
        appeal.notes.filter(firm_id__in=firm_ids_for(user=user)), pk=pk
    )


def audit_workspace_for(*, user, pk: int) -> Workspace:
    """A workspace whose audit log the user may read: sellers' owners only."""
    return get_object_or_404(owned_workspaces_for(user=user).sellers(), pk=pk)


def audit_events_for(*, workspace: Workspace) -> QuerySet[AuditEvent]:
    return workspace.audit_events.select_related("user", "appeal")
