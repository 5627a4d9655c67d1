from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from config.widgets import DateField, Textarea
from library.readmodel import Phrase

from . import reports
from .amazon import AS_OF_MIN
from .models import ReportKind
from .selectors.kit import IncidentKit, KitFilter, incident_kit_for

#: the largest claims/chargebacks file taken (refused while it arrives above this)
MAX_CLAIMS_BYTES = 2 * 1024 * 1024  # the messages say "2 MB"

CONTACT_DAYS = [(7, _("7 days")), (30, _("30 days")), (60, _("60 days"))]


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Report file"),
        help_text=_(
            "An order report (All Orders, seller-fulfilled or unshipped), the Feedback "
            "Manager download, or the Account Health report (JSON). "
            "e.g. 12345678901234.txt from Seller Central > Reports > Order Reports"
        ),
    )
    keep_buyer_contact = forms.BooleanField(
        label=_("Keep buyer name and e-mail for apology messages"),
        required=False,
        help_text=_(
            "Only tick this after a promotion or pricing mistake, to message each "
            "buyer. Nothing else about buyers (phone, address) is ever kept."
        ),
    )
    contact_days = forms.TypedChoiceField(
        label=_("Delete the buyer contacts after"),
        choices=CONTACT_DAYS,
        coerce=int,
        initial=30,
    )

    # The file comes last so that a browser sends the choices before it: when an
    # oversized file is refused mid-upload, what the seller chose is still there.
    field_order = ["keep_buyer_contact", "contact_days", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(limit)s."),
                code="too_large",
                params={"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            )
        return upload


class ClaimsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What are these?"),
        choices=[
            (ReportKind.CLAIMS, _("A-to-z Guarantee claims")),
            (ReportKind.CHARGEBACKS, _("Chargebacks")),
        ],
        widget=forms.RadioSelect,
        initial=ReportKind.CLAIMS,
    )
    text = forms.CharField(
        label=_("Order IDs with dates"),
        required=False,
        max_length=MAX_CLAIMS_BYTES,  # the same limit as a claims file
        widget=Textarea(attrs={"rows": 6}),
        help_text=_(
            "One claim per line: order ID, then the date of the claim. Add the word "
            "denied if Amazon decided it in your favour. "
            "e.g. 112-4839201-5839201  2026-11-03"
        ),
    )
    file = forms.FileField(
        label=_("Or a two-column file"),
        required=False,
        help_text=_("e.g. claims.csv with the columns order-id and date"),
    )

    def clean_text(self):
        return self.cleaned_data["text"].strip()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_CLAIMS_BYTES:
            raise ValidationError(
                _("A claims file must be under 2 MB."), code="too_large"
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("text") and not cleaned.get("file"):
            raise ValidationError(
                _("Paste the order IDs with their dates, or choose a file."),
                code="empty",
            )
        return cleaned


class AsOfForm(forms.Form):
    as_of = DateField(
        label=_("Figures as of"),
        required=False,
        help_text=_("e.g. the date of Amazon's notice. Empty: the newest order."),
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        latest = timezone.localdate() + timedelta(days=1)
        if day is not None and not AS_OF_MIN <= day <= latest:
            raise ValidationError(
                _("Choose a day from %(first)s to %(last)s."),
                code="out_of_range",
                params={
                    "first": AS_OF_MIN.isoformat(),
                    "last": latest.isoformat(),
                },
            )
        return day


class KitFilterForm(forms.Form):
    promotion_id = forms.CharField(
        label=_("Promotion ID"),
        required=False,
        max_length=100,
        help_text=_("e.g. the promotion-ids value in the order report"),
    )
    max_price = forms.DecimalField(
        label=_("Item price below"),
        required=False,
        min_value=0,
        decimal_places=2,
        help_text=_("e.g. 5.00 to find items sold for USD 1"),
    )
    date_from = DateField(
        label=_("Ordered from"),
        required=False,
        help_text=_("e.g. 2026-11-18"),
    )
    date_to = DateField(
        label=_("Ordered until"),
        required=False,
        help_text=_("e.g. 2026-11-18"),
    )
    sku = forms.CharField(
        label=_("SKU"),
        required=False,
        max_length=100,
        help_text=_("e.g. HP-ANC-BLK"),
    )
    message = forms.ChoiceField(label=_("Apology message"), required=False, choices=[])

    def __init__(
        self, *args, phrases: tuple[Phrase, ...] | list[Phrase] = (), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["message"].choices = [
            (p.key, p.text[:80] + ("…" if len(p.text) > 80 else "")) for p in phrases
        ]

    def criteria(self) -> KitFilter:
        """The valid form's criteria for ``selectors.kit.incident_kit_for``."""
        cleaned = self.cleaned_data
        return KitFilter(
            promotion_id=cleaned["promotion_id"],
            max_price=cleaned["max_price"],
            date_from=cleaned["date_from"],
            date_to=cleaned["date_to"],
            sku=cleaned["sku"],
        )

    @property
    def message_key(self) -> str:
        """The buyer message chosen (empty: the library's first)."""
        return self.cleaned_data.get("message") or ""

    def kit(self, *, store) -> IncidentKit | None:
        """The incident kit of ``store`` for these criteria; None when the form is
        unbound or invalid (the page then shows the form alone)."""
        if not (self.is_bound and self.is_valid()):
            return None
        return incident_kit_for(
            store=store, criteria=self.criteria(), message_key=self.message_key
        )

    def clean_promotion_id(self):
        return self.cleaned_data["promotion_id"].strip()

    def clean_sku(self):
        return self.cleaned_data["sku"].strip()

    def clean(self):
        cleaned = super().clean()
        keys = ("promotion_id", "max_price", "date_from", "date_to", "sku")
        if not any(cleaned.get(k) not in (None, "") for k in keys):
            raise ValidationError(
                _("Give at least one way to find the affected orders."),
                code="no_filter",
            )
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                ValidationError(
                    _("The end date is before the start date."), code="date_order"
                ),
            )
        return cleaned


def _missing_columns(p: dict) -> str:
    kinds = dict(ReportKind.choices)
    return _g(
        "This looks like the %(kind)s but these required columns are missing: "
        "%(columns)s."
    ) % {
        "kind": kinds.get(p["kind"], p["kind"]),
        "columns": ", ".join(p["columns"]),
    }


def _health_invalid(p: dict) -> str:
    return _g(
        "The Account Health report does not match Amazon's schema: %(errors)s"
    ) % {"errors": "; ".join(account_health_problem(e) for e in p.get("errors", []))}


#: the seller-facing sentence for each ``reports.ReportError`` code, from its params
REPORT_ERRORS = {
    "empty_file": lambda p: _g("The file is empty."),
    "unknown_encoding": lambda p: _g(
        "The file's text encoding could not be recognised. Save it from Excel as "
        "UTF-8 or 'Unicode text' and try again."
    ),
    "decode_error": lambda p: (
        _g(
            "Line %(line)s cannot be read as %(encoding)s (byte 0x%(byte)s). The file "
            "mixes text encodings; nothing was imported and no character was replaced."
        )
        % p
    ),
    "unknown_report": lambda p: (
        _g(
            "This does not look like a Seller Central report. Its first line has: "
            "%(columns)s. Expected an order report, the Feedback Manager download or "
            "the Account Health report."
        )
        % {"columns": ", ".join(p.get("columns", [])) or "-"}
    ),
    "missing_columns": _missing_columns,
    "too_many_rows": lambda p: (
        _g("The file has more than %(limit)s lines. Request a report for fewer days.")
        % {"limit": f"{p['limit']:,}"}
    ),
    "csv_error": lambda p: (
        _g(
            "The file cannot be split into columns near line %(line)s (%(detail)s). "
            "An opening quote may have no closing quote."
        )
        % p
    ),
    "nul_byte": lambda p: (
        _g(
            "The file's line %(line)s holds a NUL character (a zero byte), which no "
            "Seller Central report has. Download the report again; nothing was "
            "imported."
        )
        % p
    ),
    "json_too_large": lambda p: _g("The Account Health report is too large."),
    "json_too_deep": lambda p: (
        _g(
            "The JSON file is nested too deeply (more than %(limit)s levels); it is "
            "not an Account Health report. Nothing was imported."
        )
        % p
    ),
    "json_nul": lambda p: _g(
        "The JSON file holds a NUL character (\\u0000), which no Account Health "
        "report has. Nothing was imported."
    ),
    "json_invalid": lambda p: (
        _g("The JSON file is broken at line %(line)s: %(detail)s.") % p
    ),
    "account_health_bad_date": lambda p: (
        _g(
            "The Account Health report has a date that cannot be read: "
            "%(field)s is “%(value)s”. Download the report from Seller "
            "Central again; nothing was imported."
        )
        % p
    ),
    "account_health_invalid": _health_invalid,
}


def report_error_message(error: reports.ReportError) -> str:
    """The seller-facing sentence for a file that could not be read."""
    sentence = REPORT_ERRORS.get(error.code)
    return sentence(error.params) if sentence else _g("The file cannot be read.")


def bad_line_reason(code: str) -> str:
    reasons = {
        "missing_order_id": _g("no order ID"),
        "bad_order_id": _g("the order ID is not in the form 123-1234567-1234567"),
        "bad_date": _g("the date cannot be read"),
        "bad_price": _g("the price is not a number"),
        "bad_quantity": _g("the quantity is not a whole number"),
        "bad_rating": _g("the rating is not a number from 1 to 5"),
        "too_many_fields": _g("more fields than the header has columns"),
        "bad_flag": _g("is-buyer-requested-cancellation is neither true nor false"),
    }
    return reasons.get(code, code)


def account_health_problem(problem) -> str:
    """The sentence for one ``reports.problem`` of an Account Health report (reports
    stored before problems were codes are plain strings and shown as they are)."""
    if not isinstance(problem, dict):
        return str(problem)
    p = problem.get("params") or {}
    where = problem.get("where") or _g("the document")
    code = problem.get("code")
    if code == "not_object":
        return _g("The file is not a JSON object.")
    if code == "other_marketplace":
        return _g(
            "No figures for marketplace %(wanted)s; the figures for %(shown)s are "
            "shown instead."
        ) % {"wanted": p.get("wanted") or "-", "shown": p.get("shown") or "-"}
    if code == "required":
        return _g("%(where)s: %(name)s is missing.") % {
            "where": where,
            "name": p.get("name", ""),
        }
    if code == "type":
        return _g("%(where)s: should be of type %(expected)s.") % {
            "where": where,
            "expected": " / ".join(p.get("expected", [])),
        }
    if code == "enum":
        return _g("%(where)s: %(value)s is not one of %(allowed)s.") % {
            "where": where,
            "value": p.get("value", ""),
            "allowed": ", ".join(p.get("allowed", [])),
        }
    return _g("%(where)s does not match Amazon's schema (rule: %(rule)s).") % {
        "where": where,
        "rule": p.get("rule", code),
    }
