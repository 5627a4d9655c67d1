from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    TemporaryFileUploadHandler,
)
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from library.concepts import metric

from . import charts, kit, rates, reports
from .forms import (
    MAX_CLAIMS_BYTES,
    AsOfForm,
    ClaimsForm,
    KitFilterForm,
    ReportUploadForm,
    account_health_problem,
    bad_line_reason,
    report_error_message,
)
from .selectors import figures as figure_reads
from .selectors import imports as import_reads
from .selectors import kit as kit_reads
from .services import imports as import_writes
from .templatetags.metric_names import metric_title, rate_title
from .uploads import SizeLimitUploadHandler


def _store(request, store_id):
    """The store if the user may reach it; 404 otherwise (same as not found)."""
    return get_object_or_404(
        figure_reads.metric_stores_for(user=request.user), pk=store_id
    )


@login_required
def index(request):
    summaries = figure_reads.store_summaries_for(user=request.user)
    stores = [
        {
            "summary": summary,
            "charts": [
                {
                    "rate": figure.rate,
                    "chart": charts.rate_chart(
                        figure.rate,
                        figure.series,
                        chart_id=f"s{summary.store.pk}-{figure.metric}",
                        title=rate_title(figure.rate),
                    ),
                }
                for figure in summary.figures.metrics
                if figure.rate.window_days != rates.LSR_LONG_WINDOW
            ],
        }
        for summary in summaries
    ]
    targets = [
        (metric_title(code), metric.METRICS[code].target_percent)
        for code in (rates.ODR, rates.CANCELLATION_RATE, rates.LATE_SHIPMENT_RATE)
    ]
    return render(request, "metrics/index.html", {"stores": stores, "targets": targets})


@login_required
def store(request, store_id):
    store = _store(request, store_id)
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data["as_of"] if as_of_form.is_valid() else None
    figures = figure_reads.store_figures(store=store, as_of=as_of)
    cards = []
    for n, figure in enumerate(figures.metrics):
        title = rate_title(figure.rate)
        cards.append(
            {
                "figure": figure,
                "title": title,
                "chart": charts.rate_chart(
                    figure.rate, figure.series, chart_id=f"chart-{n}", title=title
                ),
            }
        )
    return render(
        request,
        "metrics/store.html",
        {
            "store": store,
            "figures": figures,
            "cards": cards,
            "as_of_form": as_of_form,
            "imports": import_reads.report_imports_for(store=store)[:10],
            "pending": import_reads.pending_imports_for(user=request.user, store=store),
        },
    )


@csrf_exempt
def upload(request, store_id):
    """Install the size-limiting handler before anything reads the body, then let the
    CSRF-protected view do the work (Django's documented pattern for upload handlers)."""
    limiter = _install_limiter(request)
    return _upload(request, store_id, limiter)


@login_required
@csrf_protect
def _upload(request, store_id, limiter):
    store = _store(request, store_id)
    if request.method == "POST":
        form = ReportUploadForm(request.POST, request.FILES)
        if limiter.too_large:
            limiter.drain()
            form = ReportUploadForm(request.POST)
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error(
                "file",
                _(
                    "This file is larger than %(limit)s, so it was refused while "
                    "uploading. Request the report for fewer days and upload it again."
                )
                % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            )
        elif form.is_valid():
            try:
                pending = import_writes.pending_import_from_upload(
                    store=store,
                    user=request.user,
                    upload=form.cleaned_data["file"],
                    keep_buyer_contact=form.cleaned_data["keep_buyer_contact"],
                    contact_days=form.cleaned_data["contact_days"],
                )
            except reports.ReportError as exc:
                form.add_error("file", report_error_message(exc))
            else:
                return redirect(
                    "metrics:import_check", store_id=store.pk, pk=pending.pk
                )
    else:
        form = ReportUploadForm()
    return render(
        request,
        "metrics/upload.html",
        {
            "store": store,
            "form": form,
            "limit": settings.UPLOAD_MAX_BYTES,
            "max_rows": settings.UPLOAD_MAX_ROWS,
        },
    )


def _install_limiter(request, limit: int | None = None) -> SizeLimitUploadHandler:
    limiter = SizeLimitUploadHandler(request, limit=limit)
    request.upload_handlers = [
        limiter,
        MemoryFileUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]
    return limiter


@csrf_exempt
def claims(request, store_id):
    """Same pattern as ``upload``: the claims file is refused while it arrives."""
    limiter = _install_limiter(request, limit=MAX_CLAIMS_BYTES)
    return _claims(request, store_id, limiter)


@login_required
@csrf_protect
def _claims(request, store_id, limiter):
    store = _store(request, store_id)
    # Reading the fields parses the body (the limiter sees the file arrive).
    data, files = (
        (request.POST, request.FILES) if request.method == "POST" else ({}, {})
    )
    if limiter.too_large:
        limiter.drain()
        form = ClaimsForm(data)
        form.is_valid()
        form.errors.pop("__all__", None)
        form.add_error(
            "file",
            _(
                "This file is larger than %(limit)s, so it was refused while "
                "uploading. Paste the order IDs instead, or split the file."
            )
            % {"limit": filesizeformat(MAX_CLAIMS_BYTES)},
        )
        return render(request, "metrics/claims.html", {"store": store, "form": form})
    form = ClaimsForm(data or None, files or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        filename = ""
        try:
            if form.cleaned_data.get("file"):
                upload = form.cleaned_data["file"]
                filename = upload.name
                decoded, _codec = reports.decode_small_text(upload.read())
                text = "\n".join(t for t in (text, decoded) if t)
            pending = import_writes.pending_import_from_claims(
                store=store,
                user=request.user,
                kind=form.cleaned_data["kind"],
                text=text,
                filename=filename,
            )
        except reports.ReportError as exc:
            form.add_error("file", report_error_message(exc))
        else:
            return redirect("metrics:import_check", store_id=store.pk, pk=pending.pk)
    return render(request, "metrics/claims.html", {"store": store, "form": form})


@login_required
def import_check(request, store_id, pk):
    store = _store(request, store_id)
    pending = get_object_or_404(
        import_reads.pending_imports_for(user=request.user, store=store), pk=pk
    )
    if request.method == "POST":
        if request.POST.get("action") == "commit":
            record = import_writes.pending_import_commit(pending=pending)
            messages.success(
                request,
                _("Imported %(kind)s: %(count)s records.")
                % {"kind": record.get_kind_display(), "count": record.orders_imported},
            )
        else:
            import_writes.pending_import_discard(pending=pending)
            messages.info(request, _("Import discarded. Nothing was saved."))
        return redirect("metrics:store", store_id=store.pk)
    summary = pending.summary
    bad_lines = [
        {**b, "reason_text": bad_line_reason(b["reason"])}
        for b in summary.get("bad_lines", [])
    ]
    return render(
        request,
        "metrics/import_check.html",
        {
            "store": store,
            "pending": pending,
            "summary": summary,
            "bad_lines": bad_lines,
            "health_warnings": [
                account_health_problem(w)
                for w in (summary.get("figures") or {}).get("warnings", [])
            ],
            "is_orders": pending.kind in reports.ORDER_KINDS,
            "kind_display": pending.get_kind_display(),
        },
    )


def _kit_context(data, store):
    """The form, and for valid criteria in ``data`` (GET or POST) the whole kit."""
    phrases = kit_reads.buyer_messages()
    form = KitFilterForm(data or None, phrases=phrases)
    return {
        "store": store,
        "form": form,
        "phrases": phrases,
        "kit": form.kit(store=store),
    }


@login_required
def incident(request, store_id):
    store = _store(request, store_id)
    return render(request, "metrics/incident.html", _kit_context(request.GET, store))


@login_required
def incident_csv(request, store_id):
    store = _store(request, store_id)
    found = _kit_context(request.GET, store)["kit"]
    if found is None:
        return redirect("metrics:incident", store_id=store.pk)
    columns = ["order-id", "buyer-name", "buyer-email", "cancel-reason", "message"]
    text = kit.messages_csv(
        [
            {
                "order-id": r.order.order_id,
                "buyer-name": r.buyer_name,
                "buyer-email": r.buyer_email,
                "cancel-reason": r.reason,
                "message": found.message,
            }
            for r in found.rows
        ],
        columns,
    )
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="buyer-messages.csv"'
    response["Cache-Control"] = "no-store"
    return response
