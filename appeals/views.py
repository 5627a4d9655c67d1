"""Views of the appeal wizard, its exports and rounds. HTTP in, a service call, HTTP out."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import stores_for
from library import checker, exports
from library import services as library_services
from library.answers import Answers
from library.checker.highlight import highlighted_html
from library.concepts import metric
from library.selectors import checker_settings, library_for
from metrics import handoff
from metrics.forms import AsOfForm, KitFilterForm
from metrics.selectors import figures as metric_figures
from metrics.selectors import kit as metric_kit

from . import forms, pdf, selectors, services, steps
from .models import AuditEvent, Round
from .rounds import letter_diff, reply_focus
from .steps import STEP_BY_NAME, STEP_NAMES, STEPS, Step

EXPORT_TYPES = {
    "txt": ("text/plain; charset=utf-8", "txt"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "pdf": ("application/pdf", "pdf"),
}


def scoped_appeal(request, pk):
    """The user's appeal; 404 for a missing one and for anyone else's alike."""
    return get_object_or_404(selectors.appeals_for(user=request.user), pk=pk)


_appeal = scoped_appeal


def _sent_already(request, appeal, round):
    """A change to a round already sent to Amazon: refused, and said why."""
    round.refresh_from_db(fields=["submitted_on"])
    messages.error(
        request,
        _(
            "Round %(number)s was sent to Amazon on %(day)s and is kept as it was sent. "
            "When Amazon answers, record the answer to start the next round, and change "
            "the letter there."
        )
        % {"number": round.number, "day": date_format(round.submitted_on)},
    )
    return redirect(appeal)


def _audit(request, appeal, action: str, detail: str = "") -> None:
    services.audit(appeal=appeal, user=request.user, action=action, detail=detail)


def _appeal_round(request, pk):
    """The user's appeal and its current round; 404 for others' appeals."""
    appeal = _appeal(request, pk)
    round = selectors.round_current(appeal=appeal)
    if round is None:  # only an appeal made by hand in admin can lack a round
        raise Http404
    return appeal, round


def _step_context(appeal, round, current: str) -> dict:
    previous = selectors.round_previous(round=round)
    focus = selectors.round_focus(previous=previous)
    return {
        "appeal": appeal,
        "round": round,
        "steps": STEPS,
        "current": current,
        "current_index": STEP_NAMES.index(current),
        "focus": focus,
        "focus_steps": {steps.step_for_part(f).name for f in focus},
        "previous_round": previous,
    }


def _live_letter_html(round: Round, answers: Answers | None = None) -> str:
    if answers is not None:
        round = Round(
            pk=round.pk,
            appeal_id=round.appeal_id,
            number=round.number,
            addressee=round.addressee,
            library_version=round.library_version,
            answers=answers.to_dict(),
            shape=round.shape,
        )
    return exports.to_html(selectors.letter_for(round=round, edited=answers is None))


def _form_for(step: Step, round: Round, data=None):
    answers = Answers.from_dict(round.answers)
    form = step.form(
        data,
        answers=answers,
        library=library_for(round.library_version),
        seed=round.appeal_id,
        initial={"revision": round.revision},
    )
    if step.form is forms.SituationForm and data is None and not answers.metrics:
        figures, form.as_of = selectors.store_metric_figures(store=round.appeal.store)
        form.offer_figures(figures)
    if step.form in (forms.RootCausesForm, forms.PlanForm):
        form.offer_record(selectors.suggestion_record())
    if step.form is forms.EvidenceForm and any(
        d.counts_units for d in form.library.documents_for(answers.causes)
    ):
        form.offer_units(selectors.store_units_sold(store=round.appeal.store))
    return form


@login_required
def dashboard(request):
    today = timezone.localdate()
    context = selectors.dashboard_for(user=request.user)
    clients = selectors.filter_clients_for(user=request.user)
    filters = forms.WorklistFilterForm(
        request.GET or None,
        clients=clients,
        people=selectors.assignees_for(user=request.user),
    )
    params = filters.cleaned_data if filters.is_valid() else {}
    client = next((c for c in clients if c.pk == params.get("client")), None)
    context.update(
        start_form=forms.StartAppealForm(stores=context["stores"]),
        filters=filters,
        show_client=len(clients) > 1,
        filtered=any(params.values()),
        worklist=selectors.worklist_for(
            user=request.user,
            today=today,
            client=client,
            assignee=params.get("assignee") or "",
            status=params.get("status") or "",
            due=params.get("due") or "",
        ),
    )
    return render(request, "appeals/dashboard.html", context)


def appeal_list_context(request) -> dict:
    """The library of past appeals as filtered in the URL: the filter form, whether it
    is valid, the appeals (unfiltered when it is not), whether to anonymise."""
    causes = selectors.library_causes()
    filters = forms.AppealFilterForm(
        request.GET or None,
        causes=causes,
        clients=selectors.filter_clients_for(user=request.user),
        people=selectors.assignees_for(user=request.user),
    )
    valid = filters.is_valid() if request.GET else True
    params = filters.cleaned_data if request.GET and valid else {}
    return {
        "filters": filters,
        "valid": valid,
        "causes": causes,
        "anonymised": bool(params.get("anonymised")),
        "appeals": selectors.appeal_list_for(user=request.user, **params)
        if valid
        else selectors.appeal_list_for(user=request.user),
    }


@login_required
def appeal_list(request):
    context = appeal_list_context(request)
    page = Paginator(context["appeals"], 50).get_page(request.GET.get("page"))
    names = dict(context["causes"])
    counts = selectors.finding_counts(appeals=page.object_list)
    selectors.with_work_columns(page.object_list, today=timezone.localdate())
    for appeal in page.object_list:
        appeal.cause_labels = [names.get(slug, slug) for slug in appeal.cause_slugs]
        appeal.blockers, appeal.warnings = counts.get(appeal.pk, (0, 0))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        page=page,
        querystring=query.urlencode(),
        querystring_base=f"{query.urlencode()}&" if query else "",
        clone_form=forms.CloneForm(stores=stores_for(user=request.user)),
    )
    return render(
        request,
        "appeals/appeal_list.html",
        context,
        status=200 if context["valid"] else 400,
    )


@login_required
@require_POST
def start(request):
    form = forms.StartAppealForm(request.POST, stores=stores_for(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your stores to start an appeal."))
        return redirect("dashboard")
    try:
        appeal = services.appeal_once(
            user=request.user,
            token=form.cleaned_data["token"],
            create=lambda: services.appeal_create(
                user=request.user, store=form.cleaned_data["store"]
            ),
        )
    except services.LibraryNotPublished:
        messages.error(
            request, _("The phrase library is not published yet. Ask an administrator.")
        )
        return redirect("dashboard")
    return redirect("appeals:step", pk=appeal.pk, name=STEP_NAMES[0])


def render_overview(request, appeal, *, status: int = 200, **given_forms):
    """The appeal's overview page; ``given_forms`` are bound forms that failed, shown
    again with their errors and the typed values."""
    round = selectors.round_current(appeal=appeal)
    if round is None:  # only an appeal made by hand in admin can lack a round
        raise Http404
    rounds = list(selectors.rounds_of(appeal=appeal))
    firm = selectors.note_firm_for(user=request.user, appeal=appeal)
    context = _step_context(appeal, round, steps.REVIEW)
    context.update(
        rounds=rounds,
        submit_form=forms.SubmitForm(),
        next_round_form=forms.NextRoundForm(),
        outcome_form=forms.OutcomeForm(initial={"outcome": Round.Outcome.REINSTATED}),
        settings_form=forms.AppealSettingsForm(
            instance=appeal, people=selectors.assignable_for(appeal=appeal)
        ),
        note_form=forms.NoteForm(in_firm=firm is not None),
        notes=selectors.notes_for(user=request.user, appeal=appeal),
        note_firm=firm,
        answers=Answers.from_dict(round.answers),
        **selectors.appeal_deadlines(
            appeal=appeal, rounds=rounds, today=timezone.localdate()
        ),
        escalation=selectors.escalation_for(rounds=rounds),
    )
    context.update(given_forms)
    return render(request, "appeals/detail.html", context, status=status)


@login_required
def detail(request, pk):
    appeal = scoped_appeal(request, pk)
    services.audit(appeal=appeal, user=request.user, action=AuditEvent.Action.VIEWED)
    return render_overview(request, appeal)


def _to_revision(form, round) -> bool:
    """Point a conflicting step form at the round's current revision (a second Save
    then deliberately overwrites); True, for the view's ``conflict``."""
    form.data = form.data.copy()
    form.data["revision"] = round.revision
    return True


def _save_step(request, appeal, round, form, name):
    """Save a valid step form: (a redirect, or None to show the page again; the round;
    the form to show; whether it is a conflict)."""
    target = request.POST.get("go")
    if target not in STEP_NAMES:
        target = STEP_NAMES[STEP_NAMES.index(name) + 1]
    answers = form.apply(Answers.from_dict(round.answers))
    try:
        round = services.round_save_answers(
            round=round, answers=answers, revision=form.cleaned_data["revision"]
        )
        _audit(request, appeal, AuditEvent.Action.CHANGED, f"step {name}")
    except services.RoundSubmitted:
        return _sent_already(request, appeal, round), round, form, False
    except services.RoundConflict:
        # Keep every word the seller typed; a second Save deliberately overwrites.
        round.refresh_from_db()
        _to_revision(form, round)
        return None, round, form, True
    messages.success(request, _("Saved."))
    if summary := getattr(form, "saved_summary", ""):
        messages.info(request, summary)  # orders: kept, duplicates, not valid
    if not form.invalid_entries or request.POST.get("skip_invalid") == "1":
        return redirect("appeals:step", pk=appeal.pk, name=target), round, form, False
    # Valid IDs are saved; the page lists the others before the seller moves on.
    data = request.POST.copy()
    data["revision"] = round.revision
    form = _form_for(STEP_BY_NAME[name], round, data)
    form.is_valid()
    return None, round, form, False


@login_required
def step(request, pk, name):
    appeal, round = _appeal_round(request, pk)
    if name not in STEP_BY_NAME:
        raise Http404
    if name == steps.REVIEW:
        return review(request, appeal, round)
    if request.method == "POST" and round.submitted_on:
        return _sent_already(request, appeal, round)
    current = STEP_BY_NAME[name]
    form = _form_for(current, round, request.POST or None)
    conflict = False
    if request.method == "POST" and form.is_valid():
        response, round, form, conflict = _save_step(request, appeal, round, form, name)
        if response is not None:
            return response
    elif request.method == "POST" and "revision" in form.errors:
        # A revision no page of ours holds (tampered, or out of range): the conflict
        # page, every word typed kept, and the current revision to save over.
        conflict = _to_revision(form, round)
    context = _step_context(appeal, round, name)
    context.update(
        form=form,
        step=current,
        conflict=conflict,
        live_letter=_live_letter_html(round),
    )
    status = 409 if conflict else 200
    return render(request, f"appeals/steps/{name}.html", context, status=status)


def review(request, appeal, round):
    _audit(request, appeal, AuditEvent.Action.VIEWED)
    shape = request.GET.get("shape") or round.shape
    if shape not in Round.Shape.values:
        shape = Round.Shape.CLASSIC
    # one assembly: the letter shown, and the assembled one the hand edit starts from
    letter, assembled = selectors.letter_and_assembled_for(round=round, shape=shape)
    letter_text = exports.to_text(letter)
    edited = bool(round.edited_text and round.edited_shape == shape)
    edit_form = forms.EditLetterForm(
        initial={
            "revision": round.revision,
            "shape": shape,
            "text": round.edited_text if edited else exports.to_text(assembled),
        }
    )
    context = _step_context(appeal, round, steps.REVIEW)
    context.update(
        step=STEP_BY_NAME[steps.REVIEW],
        copied_wording=selectors.copied_wording(round=round),
        unticked_documents=selectors.unticked_documents(round=round),
        shape=shape,
        shapes=Round.Shape.choices,
        letter_html=exports.to_html(letter),
        letter_text=letter_text,
        blocks=exports.amazon_form_blocks(letter)
        if shape == Round.Shape.AMAZON_FORM
        else [],
        edited=edited,
        edit_form=edit_form,
        submit_form=forms.SubmitForm(),
        findings=_shown(
            selectors.round_findings(
                round=round,
                text=letter_text,
                shape=shape,
                focus=context["focus"],
            )
        ),
    )
    return render(request, "appeals/steps/review.html", context)


@dataclass(frozen=True)
class ShownFinding:
    """A checker finding as the review step shows it: translated, with its fix."""

    severity: str
    message: str
    excerpt: str
    step: str
    item: str = ""  # the id of the item on the step's page, e.g. "rc-0"

    @property
    def step_title(self):
        return STEP_BY_NAME[self.step].title if self.step in STEP_BY_NAME else ""


#: checker rules whose finding stops every export (a letter for a cause that needs a
#: plan, naming no affected order, is one Amazon cannot act on)
EXPORT_REFUSED_RULES = frozenset({"no-order-ids"})


def _export_refused(request, appeal, round, findings, *, fmt, shape):
    """The page that says why a letter cannot be downloaded (no "anyway" there)."""
    context = _step_context(appeal, round, steps.REVIEW)
    context.update(
        step=STEP_BY_NAME[steps.REVIEW],
        blockers=_shown(findings),
        refused=True,
        fmt=fmt,
        shape=shape,
    )
    return render(request, "appeals/export_confirm.html", context, status=409)


def _shown(findings) -> list[ShownFinding]:
    return [
        ShownFinding(
            severity=f.severity,
            message=_(f.message),
            excerpt=" ".join(f.excerpt.split())[:100],
            step=steps.step_for_part(f.part).name if f.part else "",
            item=f.item if f.part else "",
        )
        for f in findings
    ]


@login_required
@require_POST
def live_letter(request, pk, name):
    """The live letter for the step's unsaved answers (a sanitised HTML fragment)."""
    appeal, round = _appeal_round(request, pk)
    if name not in STEP_BY_NAME or STEP_BY_NAME[name].form is None:
        raise Http404
    data = request.POST.copy()
    data["revision"] = (
        round.revision
    )  # the live letter never conflicts; it saves nothing
    form = _form_for(STEP_BY_NAME[name], round, data)
    answers = None
    if form.is_valid():
        answers = form.apply(Answers.from_dict(round.answers))
    return HttpResponse(
        _live_letter_html(round, answers or Answers.from_dict(round.answers))
    )


@login_required
@require_POST
def edit_letter(request, pk):
    appeal, round = _appeal_round(request, pk)
    form = forms.EditLetterForm(request.POST)
    review_url = reverse("appeals:step", args=[appeal.pk, steps.REVIEW])
    if request.POST.get("reset"):
        try:
            services.round_reset_text(round=round)
        except services.RoundSubmitted:
            return _sent_already(request, appeal, round)
        _audit(request, appeal, AuditEvent.Action.CHANGED, "letter reset")
        messages.success(request, _("The letter was reset to the assembled text."))
        shape = request.POST.get("shape")
        shape = shape if shape in Round.Shape.values else round.shape
        return redirect(f"{review_url}?shape={shape}")
    if not form.is_valid():
        messages.error(request, _("The letter text cannot be empty."))
        return redirect(review_url)
    try:
        services.round_edit_text(
            round=round,
            text=form.cleaned_data["text"],
            shape=form.cleaned_data["shape"],
            revision=form.cleaned_data["revision"],
        )
        _audit(request, appeal, AuditEvent.Action.CHANGED, "letter edited")
    except services.RoundSubmitted:
        return _sent_already(request, appeal, round)
    except services.RoundConflict:
        context = _step_context(appeal, round, steps.REVIEW)
        context.update(step=STEP_BY_NAME[steps.REVIEW], edit_form=form, conflict=True)
        return render(request, "appeals/conflict.html", context, status=409)
    messages.success(request, _("Your edit is saved. Exports use your text now."))
    return redirect(f"{review_url}?shape={form.cleaned_data['shape']}")


@login_required
@require_POST
def set_shape(request, pk):
    appeal, round = _appeal_round(request, pk)
    shape = request.POST.get("shape")
    if shape in Round.Shape.values:
        services.round_set_shape(round=round, shape=shape)
    return redirect(
        f"{reverse('appeals:step', args=[appeal.pk, steps.REVIEW])}?shape={round.shape}"
    )


def _printed(letter, appeal) -> bytes:
    """The PDF, within the renderer's time and memory limits (settings)."""
    return pdf.to_pdf(
        letter,
        paper=appeal.store.paper_size,
        timeout=services.pdf_timeout(),
        memory_mb=services.pdf_memory_mb(),
    )


@login_required
def export(request, pk, fmt):
    appeal, round = _appeal_round(request, pk)
    if fmt not in EXPORT_TYPES:
        raise Http404
    shape = request.GET.get("shape") or round.shape
    if shape not in Round.Shape.values:
        raise Http404
    letter = selectors.letter_for(round=round, shape=shape)
    text = exports.to_text(letter)
    found = selectors.round_findings(round=round, text=text, shape=shape)
    if refused := [f for f in found if f.rule in EXPORT_REFUSED_RULES]:
        return _export_refused(request, appeal, round, refused, fmt=fmt, shape=shape)
    blockers = [f for f in _shown(found) if f.severity == checker.BLOCKER]
    if blockers and request.GET.get("confirm") != "1":
        context = _step_context(appeal, round, steps.REVIEW)
        context.update(
            step=STEP_BY_NAME[steps.REVIEW], blockers=blockers, fmt=fmt, shape=shape
        )
        return render(request, "appeals/export_confirm.html", context)
    content_type, extension = EXPORT_TYPES[fmt]
    if fmt == "txt":
        body = text.encode("utf-8")
    elif fmt == "md":
        body = exports.to_markdown(letter).encode("utf-8")
    elif fmt == "docx":
        body = exports.to_docx(letter)
    else:
        try:
            body = _printed(letter, appeal)
        except pdf.PdfRenderError:
            messages.error(
                request,
                _(
                    "The PDF could not be made this time. Your draft is safe; the text, Markdown and Word exports still work. Please try the PDF again in a minute."
                ),
            )
            return redirect(
                f"{reverse('appeals:step', args=[appeal.pk, steps.REVIEW])}?shape={shape}"
            )
    library_services.checker_fired(found)  # curators see which rules letters meet
    _audit(request, appeal, AuditEvent.Action.EXPORTED, f"{fmt} {shape}")
    filename = f"appeal-{slugify(appeal.store.name) or appeal.pk}-round{round.number}-{shape}.{extension}"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def submit(request, pk):
    appeal, round = _appeal_round(request, pk)
    form = forms.SubmitForm(request.POST)
    if form.is_valid():
        try:
            services.round_submit(
                round=round, submitted_on=form.cleaned_data["submitted_on"]
            )
        except services.RoundSubmitted:
            return _sent_already(request, appeal, round)
        _audit(request, appeal, AuditEvent.Action.CHANGED, "submitted")
        messages.success(
            request, _("Marked as submitted. Come back when Amazon answers.")
        )
    else:
        messages.error(
            request, " ".join(e for errs in form.errors.values() for e in errs)
        )
    return redirect(appeal)


@login_required
@require_POST
def next_round(request, pk):
    appeal, round = _appeal_round(request, pk)
    form = forms.NextRoundForm(request.POST)
    if not form.is_valid():
        return render_overview(request, appeal, status=400, next_round_form=form)
    try:
        new = services.round_start_next(round=round, **form.cleaned_data)
        _audit(request, appeal, AuditEvent.Action.CHANGED, "Amazon's answer")
    except services.RoundNotSubmitted:
        messages.error(
            request,
            _("Mark this round as submitted before you record Amazon's answer."),
        )
        return redirect(appeal)
    focus = reply_focus(form.cleaned_data["amazon_reply"])
    messages.success(
        request,
        _(
            "Round %(number)s started with your letter copied. The highlighted steps are what Amazon asked about."
        )
        % {"number": new.number},
    )
    first = steps.step_for_part(focus[0]).name if focus else steps.REVIEW
    return redirect("appeals:step", pk=appeal.pk, name=first)


@login_required
@require_POST
def outcome(request, pk):
    appeal, round = _appeal_round(request, pk)
    form = forms.OutcomeForm(request.POST)
    if form.is_valid():
        services.appeal_set_outcome(round=round, **form.cleaned_data)
        _audit(request, appeal, AuditEvent.Action.CHANGED, "reinstated")
        messages.success(
            request, _("Congratulations: the appeal is marked as reinstated.")
        )
    return redirect(appeal)


@login_required
def history(request, pk):
    appeal = _appeal(request, pk)
    rounds = list(selectors.rounds_of(appeal=appeal))
    texts = [
        r.sent_text or exports.to_text(selectors.letter_for(round=r)) for r in rounds
    ]
    entries = []
    for i, r in enumerate(rounds):
        entries.append(
            {
                "round": r,
                "focus": reply_focus(r.amazon_reply),
                "diff": letter_diff(texts[i - 1], texts[i]) if i else [],
            }
        )
    return render(
        request, "appeals/history.html", {"appeal": appeal, "entries": entries}
    )


@login_required
@require_POST
def clone(request, pk):
    source, _round = _appeal_round(request, pk)
    form = forms.CloneForm(request.POST, stores=stores_for(user=request.user))
    if not form.is_valid():
        messages.error(request, _("Choose a store for the new appeal."))
        return redirect("appeals:list")
    token = form.cleaned_data["token"]
    appeal = services.appeal_once(
        user=request.user,
        # The list's clone forms share one token; each source makes its own.
        token=token and uuid.uuid5(token, f"clone {source.pk}"),
        create=lambda: services.appeal_clone(
            user=request.user,
            source=source,
            store=form.cleaned_data["store"],
            title=form.cleaned_data["title"],
        ),
    )
    # The source's plan now seeds another client's appeal: its seller can see that.
    _audit(request, source, AuditEvent.Action.SHARED, f"template for #{appeal.pk}")
    messages.success(
        request, _("A new appeal was started from “%(title)s”.") % {"title": source}
    )
    return redirect("appeals:step", pk=appeal.pk, name=STEP_NAMES[0])


# --- appeals started from the metrics pages ------------------------------------------


def _metrics_store(request, store_id):
    """The store if the user may see its figures; 404 otherwise (same as not found)."""
    return get_object_or_404(
        metric_figures.metric_stores_for(user=request.user), pk=store_id
    )


def _start_from_figures(request, store, *, answers: Answers, title: str, back: str):
    try:
        appeal = services.appeal_start_from_figures(
            user=request.user, store=store, answers=answers, title=title
        )
    except services.LibraryNotPublished:
        messages.error(
            request,
            _(
                "Appeals cannot be started yet: the phrase library has not been "
                "published. Ask your administrator to publish it, then try again."
            ),
        )
        return redirect(back)
    messages.success(request, _("Appeal started with your figures filled in."))
    return redirect(appeal.get_absolute_url())


@login_required
def start_from_rate(request, store_id):
    """Start an appeal from one rate of the store's figures page (its metric, window
    and "as of" day come from the form on the rate's card)."""
    store = _metrics_store(request, store_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    code = request.POST.get("metric", "")
    days_text = request.POST.get("days", "").strip()
    days = int(days_text) if days_text.isascii() and days_text.isdecimal() else None
    as_of_form = AsOfForm(request.POST)
    if (days_text and days is None) or not as_of_form.is_valid():
        messages.error(
            request,
            _(
                "That figure could not be found. Choose the figure again on this "
                "page and start the appeal from it."
            ),
        )
        return redirect("metrics:store", store_id=store.pk)
    figures = metric_figures.store_figures(
        store=store, as_of=as_of_form.cleaned_data["as_of"]
    )
    figure = figures.get(code, days)
    if figure is None:
        raise Http404
    title = _("%(metric)s — %(store)s") % {
        "metric": _(metric.name(code)),
        "store": store.name,
    }
    return _start_from_figures(
        request,
        store,
        answers=handoff.answers_for_rate(figure.rate, amazon=figure.amazon),
        title=title,
        back=reverse("metrics:store", args=[store.pk]),
    )


@login_required
def start_from_incident(request, store_id):
    """Start a promotion-error appeal from the incident kit's orders (the kit's
    criteria come back as hidden fields)."""
    store = _metrics_store(request, store_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = KitFilterForm(request.POST or None, phrases=metric_kit.buyer_messages())
    found = form.kit(store=store)
    if found is None or not found.rows:
        messages.error(request, _("No orders match; nothing to appeal."))
        return redirect("metrics:incident", store_id=store.pk)
    return _start_from_figures(
        request,
        store,
        answers=handoff.answers_for_incident(
            order_ids=[r.order.order_id for r in found.rows],
            projected=found.projected,
        ),
        title=_("Promotion pricing error — %(store)s") % {"store": store.name},
        back=reverse("metrics:incident", args=[store.pk]),
    )


@login_required
def check_letter(request):
    """Check a letter or buyer message written elsewhere; nothing is saved."""
    form = forms.LetterCheckForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        text, shape = form.cleaned_data["text"], form.cleaned_data["shape"]
        findings = checker.check(text, shape=shape, settings=checker_settings())
        library_services.checker_fired(findings)
        context.update(
            checked=True,
            findings=_shown(findings),
            highlighted=mark_safe(highlighted_html(text, findings)),  # noqa: S308 (escaped)  # nosec B308, B703
        )
    return render(request, "appeals/check_letter.html", context)


@login_required
@require_POST
def escalate(request, pk):
    """Escalate a rejected appeal to the next level (services.round_escalate)."""
    appeal = _appeal(request, pk)
    try:
        round = services.round_escalate(appeal=appeal, user=request.user)
    except services.NotEscalable:
        messages.error(
            request,
            _(
                "This appeal cannot be escalated now. An appeal is escalated after "
                "Amazon rejects its latest round: first to the suspending team, then "
                "to executive seller relations, and no further."
            ),
        )
        return redirect(appeal)
    _audit(
        request, appeal, AuditEvent.Action.CHANGED, f"escalated to {round.addressee}"
    )
    messages.success(
        request,
        _(
            "Round %(number)s is now addressed to: %(to)s. Review the escalation "
            "letter, improve the plan in the steps if you can, then send it."
        )
        % {"number": round.number, "to": round.get_addressee_display()},
    )
    return redirect("appeals:step", pk=appeal.pk, name=steps.REVIEW)
