"""Views for the people working on appeals together: a consultant's clients, an
appeal's title, assignee, deadline and notes, withdrawal, the library of past appeals
as CSV and anonymised, and the workspace's audit log.

The same rules as appeals.views: every object comes through a selector scoped to the
user (404 for anyone else's), writes go through services.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library import exports

from . import forms, selectors, services
from .models import Appeal, AuditEvent
from .views import appeal_list_context, render_overview, scoped_appeal

CHANGED, SHARED, VIEWED, EXPORTED = (
    AuditEvent.Action.CHANGED,
    AuditEvent.Action.SHARED,
    AuditEvent.Action.VIEWED,
    AuditEvent.Action.EXPORTED,
)


@login_required
def client_list(request):
    """A consultant's clients: open appeals, the nearest deadline, the last outcome."""
    clients = selectors.client_rows_for(user=request.user, today=timezone.localdate())
    return render(request, "appeals/client_list.html", {"clients": clients})


@login_required
def client_detail(request, pk):
    """One client: its stores and their figures, its appeals, its evidence."""
    client = selectors.client_for(user=request.user, pk=pk)
    context = selectors.client_page(
        user=request.user, client=client, today=timezone.localdate()
    )
    return render(request, "appeals/client_detail.html", context)


@login_required
@require_POST
def appeal_settings(request, pk):
    appeal = scoped_appeal(request, pk)
    form = forms.AppealSettingsForm(
        request.POST, instance=appeal, people=selectors.assignable_for(appeal=appeal)
    )
    if not form.is_valid():
        appeal.refresh_from_db()  # the form wrote the typed values onto the instance
        return render_overview(request, appeal, status=400, settings_form=form)
    services.appeal_update_settings(
        appeal=appeal,
        title=form.cleaned_data["title"],
        assignee=form.cleaned_data["assignee"],
        deadline_days=form.cleaned_data["deadline_days"],
    )
    services.audit(appeal=appeal, user=request.user, action=CHANGED, detail="settings")
    messages.success(request, _("Saved."))
    return redirect(appeal)


@login_required
@require_POST
def note_add(request, pk):
    appeal = scoped_appeal(request, pk)
    firm = selectors.note_firm_for(user=request.user, appeal=appeal)
    form = forms.NoteForm(request.POST, in_firm=firm is not None)
    if not form.is_valid():
        return render_overview(request, appeal, status=400, note_form=form)
    note = services.note_add(
        appeal=appeal,
        author=request.user,
        firm=firm,
        text=form.cleaned_data["text"],
        shared=form.cleaned_data.get("shared", False),
    )
    if note.shared:
        services.audit(appeal=appeal, user=request.user, action=SHARED, detail="note")
    messages.success(request, _("Note saved."))
    return redirect(f"{appeal.get_absolute_url()}#notes")


@login_required
@require_POST
def note_share(request, pk, note_pk):
    appeal = scoped_appeal(request, pk)
    note = selectors.note_for(user=request.user, appeal=appeal, pk=note_pk)
    services.note_share(note=note)
    services.audit(appeal=appeal, user=request.user, action=SHARED, detail="note")
    messages.success(request, _("The note is now shared with the seller."))
    return redirect(f"{appeal.get_absolute_url()}#notes")


@login_required
@require_POST
def withdraw(request, pk):
    appeal = scoped_appeal(request, pk)
    if appeal.status == Appeal.Status.WITHDRAWN:
        services.appeal_reopen(appeal=appeal)
        messages.success(request, _("The appeal is open again."))
    else:
        services.appeal_withdraw(appeal=appeal)
        messages.success(
            request,
            _("The appeal is withdrawn. Its letters stay here; you can reopen it."),
        )
    services.audit(appeal=appeal, user=request.user, action=CHANGED, detail="status")
    return redirect(appeal)


@login_required
def anonymised(request, pk):
    """The current letter with the client's names, IDs and facts hidden."""
    appeal = scoped_appeal(request, pk)
    round = selectors.round_current(appeal=appeal)
    letter = selectors.anonymised_letter(round=round)
    services.audit(appeal=appeal, user=request.user, action=VIEWED, detail="anonymised")
    return render(
        request,
        "appeals/anonymised.html",
        {
            "appeal": appeal,
            "round": round,
            "letter_html": exports.to_html(letter),  # sanitised, shown with |safe
            "causes": selectors.cause_labels(appeal=appeal),
        },
    )


#: the CSV's columns, the anonymised ones marked False
CSV_COLUMNS = (
    ("id", True),
    ("title", False),
    ("client", False),
    ("store", False),
    ("seller_id", False),
    ("marketplace", True),
    ("causes", True),
    ("status", True),
    ("notice_date", True),
    ("deadline", True),
    ("rounds", True),
    ("last_submitted", True),
    ("assignee", True),
    ("started", True),
    ("last_change", True),
)


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def appeal_list_csv(request):
    """The list as filtered on the page, every page of it, as CSV."""
    context = appeal_list_context(request)
    if not context["valid"]:
        # Never a file of something else than asked: the list shows what to correct.
        return redirect(f"{reverse('appeals:list')}?{request.GET.urlencode()}")
    anonymise = context["anonymised"]
    columns = [name for name, public in CSV_COLUMNS if public or not anonymise]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = "-anonymised" if anonymise else ""
    response["Content-Disposition"] = (
        f'attachment; filename="appeals-{timezone.localdate():%Y-%m-%d}{suffix}.csv"'
    )
    response.write("\ufeff")  # Excel reads UTF-8 (Chinese names) with the mark
    writer = csv.writer(response)
    writer.writerow(columns)
    appeals = list(context["appeals"])
    selectors.with_work_columns(appeals, today=timezone.localdate())
    names = dict(selectors.library_causes())
    for a in appeals:
        row = {
            "id": a.pk,
            "title": a.title,
            "client": a.workspace.name,
            "store": a.store.name,
            "seller_id": a.store.seller_id,
            "marketplace": a.store.marketplace,
            "causes": "; ".join(names.get(s, s) for s in a.cause_slugs),
            "status": a.get_status_display(),
            "notice_date": a.notice_date.isoformat() if a.notice_date else "",
            "deadline": a.due.due.isoformat() if a.due else "",
            "rounds": len(a.rounds.all()),
            "last_submitted": a.last_sent.isoformat() if a.last_sent else "",
            "assignee": (a.assignee.get_full_name() or a.assignee.get_username())
            if a.assignee
            else "",
            "started": a.created_at.date().isoformat(),
            "last_change": a.updated_at.date().isoformat(),
        }
        writer.writerow([_cell(row[c]) for c in columns])
    services.audit_many(
        appeals=appeals,
        user=request.user,
        action=EXPORTED,
        detail="list CSV (anonymised)" if anonymise else "list CSV",
    )
    return response


@login_required
def audit_log(request, pk):
    """A seller workspace's audit log, for its owners."""
    workspace = selectors.audit_workspace_for(user=request.user, pk=pk)
    page = Paginator(selectors.audit_events_for(workspace=workspace), 100).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "appeals/audit_log.html",
        {"workspace": workspace, "page": page},
    )
