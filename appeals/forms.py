"""Forms of the appeal wizard. Each step form reads its initial values from the round's
Answers and, once valid, writes its part back with ``apply(answers)``.

Forms only know plain data: the round's typed library (``Library``), the Answers, and the
step's POST. Saving (with the optimistic lock) is services.round_save_answers.

Repeated rows (metric figures, root causes, actions) are formsets the step form owns:
the step form stays the one form the view knows (``is_valid()``, ``errors``, ``apply``).
"""

import uuid
from decimal import Decimal
from functools import cached_property

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Marketplace
from config.widgets import DateField, Textarea
from library import evidence as evidence_checks
from library import letters, outcomes
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    MetricFigure,
    OrderRef,
    parse_order_ids,
)
from library.concepts import route as routes
from library.concepts.percent import PLACES, percent
from library.glosses import chinese, gloss
from library.models import Action, Metric
from library.readmodel import Library

from .models import Appeal, Round

MAX_OWN_ROOT_CAUSES = 2
MAX_METRICS = 2
# Thousands work (Amazon removes accounts over hundreds of orders); far more is a paste error.
MAX_ORDER_IDS = 5000
#: a revision fits the database's integer column even after the save adds one to it,
#: so a tampered page gets a form error (and the conflict page), never a server error
REVISION_MAX = 2**31 - 2
#: a position typed for a row: far more than the rows a step can have
POSITION_MAX = 10_000
#: free text limits (characters): far above any real notice, explanation or letter,
#: far below what a database row or a page should carry
NOTICE_MAX = 20_000
EXPLANATION_MAX = 5_000
LETTER_MAX = 100_000
PASTE_MAX = 250_000  # order IDs and their notes, pasted from a spreadsheet
ACTION_KINDS = tuple(Action.Kind.values)  # corrective, preventive


def not_in_future(value, message):
    """``value`` (a date or None) unless it is after today: then ``message`` as the
    field's error. Every date the seller gives for something that already happened."""
    if value and value > timezone.localdate():
        raise forms.ValidationError(message, code="future")
    return value


def _same_text(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


class RowFormSet(forms.BaseFormSet):
    """Rows the server lays out: one form per entry of ``rows`` (that row's form
    keyword arguments, its ``initial`` included).

    The seller cannot add or remove rows, so the layout, not the posted TOTAL_FORMS,
    says how many there are, and every row is an "initial" one (validated even when
    unchanged). The management form is still required: a post from a page without it
    is refused instead of being read as empty rows.
    """

    def __init__(self, data=None, *, prefix: str, rows: list[dict]):
        self.rows = rows
        super().__init__(data, prefix=prefix)

    def total_form_count(self):
        return len(self.rows)

    def initial_form_count(self):
        return len(self.rows)

    def get_form_kwargs(self, index):
        # ``empty_form`` asks with index None: a blank row has no per-row kwargs.
        return dict(self.rows[index]) if index is not None else {}


class StepForm(forms.Form):
    """Base of every step: carries the revision the page was read at (optimistic lock)."""

    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=REVISION_MAX
    )

    def __init__(
        self, *args, answers: Answers, library: Library, seed: int = 0, **kwargs
    ):
        self.answers = answers
        self.library = library
        self.seed = seed
        super().__init__(*args, **kwargs)

    #: entries the step could not use, listed back to the seller (orders step)
    invalid_entries: list[str] = []

    @property
    def formsets(self) -> list[RowFormSet]:
        """The step's formsets; the templates render their management forms."""
        return []

    def row_formset(self, formset_class, prefix: str, rows: list[dict]) -> RowFormSet:
        return formset_class(
            self.data if self.is_bound else None, prefix=prefix, rows=rows
        )

    def formsets_valid(self) -> bool:
        return all(formset.is_valid() for formset in self.formsets)

    def full_clean(self):
        """Clean the formsets first (``clean()`` reads their rows), then this form; then
        list every row error under its posted name and every formset error (e.g. a
        missing management form) as a non-field error, so ``errors`` and
        ``is_valid()`` cover the whole step. Rows show their own errors in place."""
        for formset in self.formsets:
            formset.full_clean()
        super().full_clean()
        if not self.is_bound:
            return
        for formset in self.formsets:
            if formset.non_form_errors():
                self.add_error(None, formset.non_form_errors().as_data())
            for row in formset.forms:
                for name, errors in row.errors.items():
                    if name == NON_FIELD_ERRORS:
                        self.add_error(None, errors.as_data())
                    else:
                        self._errors[row.add_prefix(name)] = errors

    def apply(self, answers: Answers) -> Answers:
        raise NotImplementedError  # every step form overrides it

    @property
    def values(self) -> dict:
        return letters.placeholder_values(self.answers, today=timezone.localdate())

    #: outcomes of past appeals by kind and ref (offer_record), empty until offered
    record: dict = {}

    def offer_record(self, record: dict) -> None:
        self.record = record

    def record_of(self, kind: str, ref: str) -> str:
        """ "Used in 7 reinstated and 1 rejected appeals", or "" with no record."""
        reinstated, rejected = self.record.get(kind, {}).get(ref, (0, 0))
        if not reinstated and not rejected:
            return ""
        return gettext(
            "Used in %(reinstated)d reinstated and %(rejected)d rejected appeals"
        ) % {"reinstated": reinstated, "rejected": rejected}

    def by_record(self, rows: list, kind: str, cause: str, ref_of) -> list:
        """``rows`` best record first once ``cause`` has enough decided appeals (only
        the display order: the posted field names keep the library's order)."""
        decided = sum(self.record.get("cause", {}).get(cause, (0, 0)))
        refs = [ref_of(row) for row in rows]
        return outcomes.ordered(rows, refs, self.record.get(kind, {}), decided)

    @property
    def chinese(self) -> bool:
        """Whether curated glosses show beside the English (library.glosses)."""
        return chinese()

    @property
    def needs_plan(self) -> bool:
        """Whether the routes of the appeal's causes call for a plan of action."""
        return self.library.needs_plan(self.answers.causes)


class _NumberedIdBoundField(BoundField):
    """Keeps the ids the metric rows have always had (``id_value_1`` for the first
    row's value; labels, help texts and errors follow it), which the browser tests and
    sellers' tools select on, instead of the formset's ``id_metrics-0-value``."""

    @property
    def auto_id(self):
        return f"id_{self.name}_{self.form.number}"


def _metric_choices():
    return [("", _("(no figure)"))] + [
        (m.value, m.label) for m in Metric if m != Metric.NONE
    ]


class MetricFigureForm(forms.Form):
    """One figure Amazon gave: the metric, its rate, its period and the counts."""

    bound_field_class = _NumberedIdBoundField

    metric = forms.ChoiceField(
        label=_("Metric"), choices=_metric_choices, required=False
    )
    value = forms.DecimalField(
        label=_("Value in %"),
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        decimal_places=2,
        help_text=_("e.g. 1.59"),
    )
    period = forms.IntegerField(
        label=_("Period in days"),
        required=False,
        min_value=1,
        max_value=365,
        help_text=_("e.g. 60"),
    )
    defects = forms.IntegerField(
        label=_("Orders with a defect"),
        required=False,
        min_value=0,
        max_value=10**9,
        help_text=_("e.g. 2"),
    )
    orders = forms.IntegerField(
        label=_("All orders in the period"),
        required=False,
        min_value=0,
        max_value=10**9,
        help_text=_("e.g. 126"),
    )

    def __init__(self, *args, number: int, **kwargs):
        self.number = number  # 1-based, as the seller counts rows
        super().__init__(*args, **kwargs)

    @staticmethod
    def initial_for(figure: MetricFigure | None) -> dict:
        if figure is None:
            return {}
        return {
            "metric": figure.metric,
            "value": figure.value,
            "period": figure.period_days,
            "defects": figure.defects,
            "orders": figure.orders,
        }

    def clean(self):
        cleaned = super().clean()
        defects, orders = cleaned.get("defects"), cleaned.get("orders")
        if defects is not None and orders is not None and defects > orders:
            self.add_error(
                "defects",
                forms.ValidationError(
                    _("There cannot be more orders with a defect than orders."),
                    code="too_many_defects",
                ),
            )
        value = cleaned.get("value")
        if value is not None and defects is not None and orders and defects <= orders:
            computed = percent(defects, orders)
            # Amazon rounds to two places; anything further apart is a typing slip.
            if abs(computed - value) > PLACES:
                self.add_error(
                    "value",
                    forms.ValidationError(
                        _(
                            "%(defects)s of %(orders)s orders is %(computed)s%%, not "
                            "%(value)s%%. Correct the value or the counts, or leave "
                            "the value empty to have it worked out."
                        ),
                        code="rate_mismatch",
                        params={
                            "defects": defects,
                            "orders": orders,
                            "computed": computed,
                            "value": value,
                        },
                    ),
                )
        has_figures = any(
            cleaned.get(k) is not None for k in ("value", "period", "defects", "orders")
        )
        if has_figures and not cleaned.get("metric"):
            self.add_error(
                "metric",
                forms.ValidationError(
                    _("Say which metric these figures are for."), code="metric"
                ),
            )
        return cleaned

    def figure(self) -> MetricFigure | None:
        """The row as saved, or None when it names no metric."""
        d = self.cleaned_data
        if not d.get("metric"):
            return None
        value = d.get("value")
        defects, orders = d.get("defects"), d.get("orders")
        if value is None and defects is not None and orders:
            value = percent(defects, orders)
        return MetricFigure(
            metric=d["metric"],
            value=value,
            period_days=d.get("period"),
            defects=defects,
            orders=orders,
        )


MetricFigureFormSet = forms.formset_factory(
    MetricFigureForm, formset=RowFormSet, extra=0
)


def _shown_route(code: str) -> dict:
    """A route as the situation step shows it: its code, and label and meaning in the
    interface's language."""
    route = routes.get(code)
    return {
        "code": route.code,
        "label": gettext(route.label),
        "meaning": gettext(route.meaning),
    }


class SituationForm(StepForm):
    """Causes, notice and figures; ``offer_figures`` starts it from imported reports."""

    causes = forms.MultipleChoiceField(
        label=_("Why was your account suspended or warned?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose every cause Amazon's notice names, e.g. Order Defect Rate and late shipments."
        ),
        error_messages={"required": _("Choose at least one cause.")},
    )
    notice_date = DateField(
        label=_("Date of Amazon's notice"),
        required=False,
        help_text=_("e.g. 2026-11-14. Amazon often gives 17 days to appeal."),
    )
    notice_text = forms.CharField(
        label=_("Amazon's notice (optional)"),
        required=False,
        max_length=NOTICE_MAX,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_(
            "Paste the e-mail or Account Health message. It stays private and is not copied into the letter."
        ),
    )

    def __init__(self, *args, prefill: list[MetricFigure] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        prefill = prefill or []
        self.prefilled = (
            bool(prefill) and not self.answers.metrics and not self.is_bound
        )
        self.fields["causes"].choices = [
            (c.slug, c.name) for c in self.library.active_causes()
        ]
        if not self.is_bound:
            a = self.answers
            self.initial.update(
                causes=a.causes, notice_date=a.notice_date, notice_text=a.notice_text
            )
        self.metrics = self._metric_formset(self.answers.metrics)

    @property
    def cause_rows(self) -> list[dict]:
        """Each cause on offer with its checkbox, its gloss, its route and guidance."""
        causes = {c.slug: c for c in self.library.active_causes()}
        rows = []
        for widget in self["causes"]:
            cause = causes.get(widget.data["value"])
            if cause is None:
                continue
            rows.append(
                {
                    "widget": widget,
                    "cause": cause,
                    "gloss": cause.name_zh if chinese() else "",
                    "route": _shown_route(cause.route),
                    # sanitised by nh3 in safe_html: paragraphs, emphasis, lists only
                    "guidance": mark_safe(  # noqa: S308  # nosec B308, B703
                        letters.safe_html(gloss(cause.guidance, cause.guidance_zh))
                    ),
                }
            )
        return rows

    @property
    def chosen_routes(self) -> list[dict]:
        """The routes of the causes saved so far, once each, with what they mean."""
        codes = [
            cause.route
            for slug in self.answers.causes
            if (cause := self.library.cause(slug)) is not None
        ]
        return [_shown_route(code) for code in dict.fromkeys(codes)]

    def _metric_formset(self, figures: list[MetricFigure]) -> RowFormSet:
        """``metrics-<n>-metric/value/period/defects/orders``, MAX_METRICS rows."""
        rows = [
            {
                "number": n + 1,
                "initial": MetricFigureForm.initial_for(
                    figures[n] if n < len(figures) else None
                ),
            }
            for n in range(MAX_METRICS)
        ]
        return self.row_formset(MetricFigureFormSet, "metrics", rows)

    @property
    def formsets(self) -> list[RowFormSet]:
        return [self.metrics]

    def offer_figures(self, figures: list[MetricFigure]) -> None:
        """Start an unbound form from figures measured in the store's imported reports,
        while the seller has given none."""
        if figures and not self.is_bound and not self.answers.metrics:
            self.metrics = self._metric_formset(figures)
            self.prefilled = True

    def clean_notice_date(self):
        return not_in_future(
            self.cleaned_data["notice_date"],
            _("The notice date cannot be in the future."),
        )

    def apply(self, answers: Answers) -> Answers:
        d = self.cleaned_data
        answers.causes = list(d["causes"])
        answers.notice_date = d["notice_date"]
        answers.notice_text = d["notice_text"]
        figures = (row.figure() for row in self.metrics)
        answers.metrics = [f for f in figures if f is not None]
        return answers


class OrdersForm(StepForm):
    order_ids = forms.CharField(
        label=_("Affected order IDs"),
        required=False,
        max_length=PASTE_MAX,
        widget=Textarea(
            attrs={"rows": 8, "spellcheck": "false", "class": "font-monospace"}
        ),
        help_text=_(
            "Paste them any way: one per line, separated by spaces, commas or tabs, or a whole "
            "spreadsheet column with its header. e.g. 112-4839201-5839201"
        ),
    )
    notes = forms.CharField(
        label=_("What happened to each order (optional)"),
        required=False,
        max_length=PASTE_MAX,
        widget=Textarea(attrs={"rows": 4}),
        help_text=_(
            "One line per order: the order ID, then a short note. e.g. 112-4839201-5839201 A-to-z claim, item not received"
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.parsed = None
        if not self.is_bound:
            self.initial["order_ids"] = "\n".join(o.id for o in self.answers.orders)
            self.initial["notes"] = "\n".join(
                f"{o.id} {o.note}" for o in self.answers.orders if o.note
            )

    def clean_order_ids(self):
        self.parsed = parse_order_ids(self.cleaned_data["order_ids"])
        if len(self.parsed.ids) > MAX_ORDER_IDS:
            raise forms.ValidationError(
                _(
                    "That is %(count)s order IDs; an appeal can name at most %(max)s. "
                    "Keep the orders Amazon's notice is about."
                ),
                code="too_many_orders",
                params={"count": len(self.parsed.ids), "max": MAX_ORDER_IDS},
            )
        return self.cleaned_data["order_ids"]

    def clean(self):
        cleaned = super().clean()
        notes = cleaned.get("notes") or {}
        if self.parsed and notes:
            listed = set(self.parsed.ids)
            orphans = [order_id for order_id in notes if order_id not in listed]
            if orphans:
                self.add_error(
                    "notes",
                    forms.ValidationError(
                        _(
                            "These notes are for orders that are not in the list above: "
                            "%(ids)s. Add the orders to the list or remove the notes."
                        ),
                        code="note_without_order",
                        params={"ids": ", ".join(orphans[:10])},
                    ),
                )
        return cleaned

    def clean_notes(self):
        notes = {}
        bad = []
        for line in self.cleaned_data["notes"].splitlines():
            line = line.strip()
            if not line:
                continue
            # split() also splits at the ideographic space of Chinese input methods
            head, rest = (line.split(None, 1) + [""])[:2]
            parsed = parse_order_ids(head.strip(",;:"))
            if parsed.entries == len(parsed.ids) == 1 and rest.strip():
                # the ID as the list keeps it: full-width digits typed become ASCII
                notes[parsed.ids[0]] = rest.strip(" :-,;\t")
            else:
                bad.append(line)
        if bad:
            raise forms.ValidationError(
                _(
                    "These lines do not start with an order ID followed by a note: %(lines)s"
                ),
                code="bad_note",
                params={"lines": "; ".join(bad[:10])},
            )
        return notes

    @property
    def invalid_entries(self) -> list[str]:
        return self.parsed.invalid if self.parsed else []

    @property
    def other_digit_entries(self) -> list[str]:
        """Invalid entries typed with digits other than 0-9 (Arabic-Indic, ...)."""
        return self.parsed.other_digits if self.parsed else []

    @property
    def saved_summary(self) -> str:
        """What became of the pasted entries, as one sentence, e.g. "300 entries: 295
        kept, 3 duplicates removed, 2 not valid." ("" when nothing was pasted). The view
        shows it as a message once the step is saved."""
        parsed = self.parsed
        if not parsed or not parsed.entries:
            return ""
        entries, kept = parsed.entries, len(parsed.ids)
        dupes, bad = parsed.duplicates, parsed.invalid_count
        parts = {
            "entries": ngettext("%(count)s entry", "%(count)s entries", entries),
            # Translators: order IDs kept in the list (of the "%(count)s entries").
            "kept": ngettext("%(count)s kept", "%(count)s kept", kept),
            "duplicates": ngettext(
                "%(count)s duplicate removed", "%(count)s duplicates removed", dupes
            ),
            # Translators: entries that are not order IDs (of the "%(count)s entries").
            "invalid": ngettext("%(count)s not valid", "%(count)s not valid", bad),
        }
        counts = {"entries": entries, "kept": kept, "duplicates": dupes, "invalid": bad}
        # Translators: each part is one count above, e.g. "300 entries: 295 kept,
        # 3 duplicates removed, 2 not valid."; reorder the parts and change the
        # punctuation as the language needs.
        return gettext("%(entries)s: %(kept)s, %(duplicates)s, %(invalid)s.") % {
            key: part % {"count": counts[key]} for key, part in parts.items()
        }

    def apply(self, answers: Answers) -> Answers:
        notes = self.cleaned_data["notes"]
        answers.orders = [
            OrderRef(id=i, note=notes.get(i, "")) for i in self.parsed.ids
        ]
        return answers


SLOT_PREFIX = "slot_"
MAX_SLOT_LENGTH = 120


def add_slot_fields(form: forms.Form, slots, values: dict[str, str]) -> None:
    """One small optional field per fact slot a library wording names
    (``slot_<name>``), labelled and explained in the interface's language; the example
    stays English, as the letter is."""
    for slot in slots:
        hint = gloss(slot.hint, slot.hint_zh)
        form.fields[SLOT_PREFIX + slot.name] = forms.CharField(
            label=gloss(slot.label, slot.label_zh),
            required=False,
            max_length=MAX_SLOT_LENGTH,
            # Help text is printed as HTML: curated text is escaped here.
            help_text=format_html(
                gettext("{hint} e.g. {example}"), hint=hint, example=slot.example
            ),
            initial=values.get(slot.name, ""),
        )


def slot_values(form: forms.Form) -> dict[str, str]:
    """The slot fields the seller filled: name -> value."""
    return {
        name.removeprefix(SLOT_PREFIX): value.strip()
        for name, value in form.cleaned_data.items()
        if name.startswith(SLOT_PREFIX) and (value or "").strip()
    }


def slot_fields(form: forms.Form) -> list:
    """The bound slot fields, for the template."""
    return [form[name] for name in form.fields if name.startswith(SLOT_PREFIX)]


class SuggestedRootCauseForm(forms.Form):
    """A library suggestion: tick it, edit its words, number it, fill its fact slots.

    ``shown`` is the wording the page showed (the library's, with the saved slots
    filled): text posted back unchanged follows the library and its slots.
    """

    pick = forms.BooleanField(
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=EXPLANATION_MAX,
        widget=Textarea(attrs={"rows": 2}),
    )
    order = forms.IntegerField(
        label=pgettext_lazy("sequence", "Order"),
        required=False,
        min_value=1,
        max_value=POSITION_MAX,
    )

    def __init__(
        self,
        *args,
        suggestion: letters.Suggestion,
        shown: str = "",
        slots: dict | None = None,
        **kwargs,
    ):
        self.suggestion = suggestion
        self.shown = shown or suggestion.text
        super().__init__(*args, **kwargs)
        self.fields["pick"].label = suggestion.title
        add_slot_fields(self, suggestion.slots, slots or {})

    @property
    def slot_fields(self) -> list:
        return slot_fields(self)

    def chosen(self) -> ChosenRootCause | None:
        if not self.cleaned_data.get("pick"):
            return None
        s = self.suggestion
        text = (self.cleaned_data.get("text") or "").strip()
        return ChosenRootCause(
            ref=s.ref,
            title=s.title,
            # Words left as the library has them follow the library (stored as None).
            text=None if not text or _same_text(text, self.shown) else text,
            slots=slot_values(self),
        )


class OwnRootCauseForm(forms.Form):
    """A root cause the seller writes: a short title and an explanation, numbered."""

    title = forms.CharField(
        label=_("Short title"),
        required=False,
        max_length=200,
        help_text=_("e.g. Our supplier changed the packaging without telling us"),
    )
    text = forms.CharField(
        label=_("Explanation"),
        required=False,
        max_length=EXPLANATION_MAX,
        widget=Textarea(attrs={"rows": 2}),
    )
    order = forms.IntegerField(
        label=pgettext_lazy("sequence", "Order"),
        required=False,
        min_value=1,
        max_value=POSITION_MAX,
    )

    def clean(self):
        cleaned = super().clean()
        title = (cleaned.get("title") or "").strip()
        text = (cleaned.get("text") or "").strip()
        if text and not title:
            self.add_error("title", _("Give your root cause a short title."))
        elif title and not text:
            self.add_error(
                "text", _("Explain this root cause in one or two sentences.")
            )
        return cleaned

    def chosen(self) -> ChosenRootCause | None:
        title = (self.cleaned_data.get("title") or "").strip()
        text = (self.cleaned_data.get("text") or "").strip()
        if not (title and text):
            return None
        return ChosenRootCause(title=title, text=text)


SuggestedRootCauseFormSet = forms.formset_factory(
    SuggestedRootCauseForm, formset=RowFormSet, extra=0
)
OwnRootCauseFormSet = forms.formset_factory(
    OwnRootCauseForm, formset=RowFormSet, extra=0
)


class RootCausesForm(StepForm):
    """Pick, reorder and edit the library's suggestions, or write your own.

    Formsets: ``suggested-<i>-pick/text/order``, one row per library suggestion, and
    ``own-<j>-title/text/order``, MAX_OWN_ROOT_CAUSES rows (or one more than saved).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = letters.suggestions(
            self.library, self.answers.causes, values=self.values, seed=self.seed
        )
        chosen = {
            rc.ref: (pos, rc)
            for pos, rc in enumerate(self.answers.root_causes)
            if rc.ref
        }
        rows = []
        for s in self.suggestions:
            pos, saved = chosen.get(s.ref, (None, None))
            slots = saved.slots if saved else {}
            shown = letters.fact_text(self.library, s.source, self.values, slots)
            initial = {
                "pick": saved is not None,
                "text": saved.text if saved and saved.text is not None else shown,
                "order": (pos + 1) if pos is not None else None,
            }
            rows.append(
                {"suggestion": s, "shown": shown, "slots": slots, "initial": initial}
            )
        self.suggested = self.row_formset(SuggestedRootCauseFormSet, "suggested", rows)
        own = [
            (pos, rc) for pos, rc in enumerate(self.answers.root_causes) if not rc.ref
        ]
        own_rows = []
        for j in range(max(MAX_OWN_ROOT_CAUSES, len(own) + 1)):
            pos, saved = own[j] if j < len(own) else (None, None)
            initial = {
                "title": saved.title if saved else "",
                "text": saved.text if saved else "",
                "order": (pos + 1) if pos is not None else None,
            }
            own_rows.append({"initial": initial})
        self.own = self.row_formset(OwnRootCauseFormSet, "own", own_rows)

    @property
    def formsets(self) -> list[RowFormSet]:
        return [self.suggested, self.own]

    @property
    def rows(self) -> list[dict]:
        """The suggestion rows for the template: the suggestion and its bound fields."""
        rows = [
            {
                "suggestion": row.suggestion,
                "prefix": row.prefix,
                "pick": row["pick"],
                "text": row["text"],
                "order": row["order"],
                "slots": row.slot_fields,
                "anchor": self.anchors.get(row.suggestion.ref, ""),
                "record": self.record_of("root_cause", row.suggestion.ref),
            }
            for row in self.suggested
        ]
        # Grouped by cause in the template (regroup): order within each cause.
        ordered = []
        for cause in dict.fromkeys(r["suggestion"].cause for r in rows):
            mine = [r for r in rows if r["suggestion"].cause == cause]
            ordered += self.by_record(
                mine, "root_cause", cause, lambda r: r["suggestion"].ref
            )
        return ordered

    @property
    def anchors(self) -> dict[str, str]:
        """ref -> the id a checker finding about that chosen root cause links to."""
        return {
            rc.ref: f"rc-{n}" for n, rc in enumerate(self.answers.root_causes) if rc.ref
        }

    def clean(self):
        cleaned = super().clean()
        picked = []
        for n, row in enumerate(self.suggested):
            if rc := row.chosen():
                picked.append((row.cleaned_data.get("order") or 1000 + n, rc))
        for n, row in enumerate(self.own):
            if rc := row.chosen():
                picked.append((row.cleaned_data.get("order") or 2000 + n, rc))
        needs_plan = self.library.needs_plan(self.answers.causes)
        if not picked and needs_plan and not self.errors and self.formsets_valid():
            raise forms.ValidationError(
                _("Choose at least one root cause, or write your own."),
                code="no_root_cause",
            )
        picked.sort(key=lambda pair: pair[0])
        self.chosen = [rc for _order, rc in picked]
        return cleaned

    def apply(self, answers: Answers) -> Answers:
        # Keep the actions already planned for a root cause the seller kept.
        previous = {(rc.ref or rc.title): rc.actions for rc in answers.root_causes}
        for rc in self.chosen:
            rc.actions = previous.get(rc.ref or rc.title, [])
        answers.root_causes = self.chosen
        return answers


class ActionForm(forms.Form):
    """One action row: what (and for a corrective one, when it was done), and its
    timeframe; preventive actions have no date. The seller's own actions use it as
    is; SuggestedActionForm starts from a library action and adds the tick."""

    suggestion = None  # the library action a row starts from (SuggestedActionForm)

    text = forms.CharField(
        required=False,
        max_length=EXPLANATION_MAX,
        widget=Textarea(attrs={"rows": 2}),
    )
    done_on = DateField(
        label=_("Done on"),
        required=False,
        help_text=_("The date you completed it."),
    )
    timeframe = forms.CharField(
        required=False,
        max_length=120,
        help_text=_("e.g. within 24 hours, every Monday"),
    )

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        corrective = kind == "corrective"
        self.fields["text"].label = (
            _("What you did") if corrective else _("What you will keep doing")
        )
        self.fields["timeframe"].label = (
            _("Timeframe") if corrective else _("How often or how fast")
        )
        if not corrective:
            del self.fields["done_on"]

    @staticmethod
    def initial_for(
        saved: ChosenAction | None, suggestion=None, shown: str = ""
    ) -> dict:
        """What a row shows: the saved action, else the library's wording (``shown``:
        with the saved fact slots filled)."""
        text = ""
        if saved and saved.text is not None:
            text = saved.text
        elif suggestion:
            text = shown or suggestion.text
        timeframe = suggestion.timeframe if suggestion else ""
        if saved and saved.timeframe:
            timeframe = saved.timeframe
        initial = {
            "text": text,
            "done_on": saved.done_on if saved else None,
            "timeframe": timeframe,
        }
        if suggestion:
            initial["pick"] = saved is not None
        return initial

    def clean_done_on(self):
        return not_in_future(
            self.cleaned_data["done_on"],
            _("A corrective action is already done: its date cannot be in the future."),
        )

    def _parts(self) -> tuple[str, dict]:
        d = self.cleaned_data
        return (d.get("text") or "").strip(), {
            "done_on": d.get("done_on"),
            "timeframe": (d.get("timeframe") or "").strip(),
        }

    def action(self) -> ChosenAction | None:
        """The action as saved, or None for a row left empty."""
        text, parts = self._parts()
        return ChosenAction(kind=self.kind, text=text, **parts) if text else None


class SuggestedActionForm(ActionForm):
    """A library action: tick it, and edit its words, date, timeframe and fact slots.

    ``shown`` is the wording the page showed (the library's, saved slots filled)."""

    field_order = ["pick", "text", "done_on", "timeframe"]

    pick = forms.BooleanField(
        label=_("Use this action"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, suggestion, shown: str = "", slots=None, **kwargs):
        self.suggestion = suggestion
        self.shown = shown or suggestion.text
        super().__init__(*args, kind=suggestion.kind, **kwargs)
        add_slot_fields(self, suggestion.slots, slots or {})

    def action(self) -> ChosenAction | None:
        if not self.cleaned_data.get("pick"):
            return None
        s = self.suggestion
        text, parts = self._parts()
        unchanged = not text or _same_text(text, self.shown)
        # Words left as the library has them follow the library (stored as None).
        return ChosenAction(
            kind=s.kind,
            ref=s.ref,
            text=None if unchanged else text,
            slots=slot_values(self),
            **parts,
        )


SuggestedActionFormSet = forms.formset_factory(
    SuggestedActionForm, formset=RowFormSet, extra=0
)
OwnActionFormSet = forms.formset_factory(ActionForm, formset=RowFormSet, extra=0)


class PlanForm(StepForm):
    """For each chosen root cause: corrective actions (done, with a date) and preventive ones.

    Formsets per root cause i: ``plan-<i>-suggested-<k>-pick/text/done_on/timeframe``,
    one row per library action, then ``plan-<i>-own-corrective-<k>-...`` and
    ``plan-<i>-own-preventive-<k>-...``: the seller's own actions and one blank row.
    """

    own_per_kind = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library_actions = {}
        for s in letters.suggestions(
            self.library, self.answers.causes, values=self.values, seed=self.seed
        ):
            library_actions[s.ref] = s.actions
        self.groups = []
        for i, rc in enumerate(self.answers.root_causes):
            saved = {a.ref: a for a in rc.actions if a.ref}
            rows = []
            for s in library_actions.get(rc.ref, []):
                mine = saved.get(s.ref)
                slots = mine.slots if mine else {}
                shown = letters.fact_text(self.library, s.source, self.values, slots)
                initial = ActionForm.initial_for(mine, s, shown)
                rows.append(
                    {
                        "suggestion": s,
                        "shown": shown,
                        "slots": slots,
                        "initial": initial,
                    }
                )
            formsets = [
                self.row_formset(SuggestedActionFormSet, f"plan-{i}-suggested", rows)
            ]
            for kind in ACTION_KINDS:
                formsets.append(self._own_formset(f"plan-{i}-own-{kind}", rc, kind))
            self.groups.append({"index": i, "root_cause": rc, "formsets": formsets})

    def _own_formset(self, prefix: str, rc: ChosenRootCause, kind: str) -> RowFormSet:
        """The seller's own actions of one kind, then blank rows (at least one)."""
        mine = [a for a in rc.actions if not a.ref and a.kind == kind]
        rows = [
            {
                "kind": kind,
                "initial": ActionForm.initial_for(mine[k] if k < len(mine) else None),
            }
            for k in range(max(len(mine) + 1, self.own_per_kind))
        ]
        return self.row_formset(OwnActionFormSet, prefix, rows)

    @property
    def formsets(self) -> list[RowFormSet]:
        return [formset for group in self.groups for formset in group["formsets"]]

    def bound_groups(self):
        for group in self.groups:
            rows = []
            for formset in group["formsets"]:
                for row in formset:
                    fields = row.fields
                    rows.append(
                        {
                            "prefix": row.prefix,
                            "kind": row.kind,
                            "suggestion": row.suggestion,
                            "pick": row["pick"] if "pick" in fields else None,
                            "text": row["text"],
                            "done_on": row["done_on"] if "done_on" in fields else None,
                            "timeframe": row["timeframe"],
                            "slots": slot_fields(row),
                            "record": self.record_of("action", row.suggestion.ref)
                            if row.suggestion
                            else "",
                        }
                    )
            suggested = [r for r in rows if r["suggestion"]]
            cause = group["root_cause"].ref.split("/", 1)[0]
            suggested = self.by_record(
                suggested, "action", cause, lambda r: r["suggestion"].ref
            )
            rows = suggested + [r for r in rows if not r["suggestion"]]
            kinds = {a.kind for a in group["root_cause"].actions}
            yield {
                **group,
                "rows": rows,
                "missing": [k for k in ACTION_KINDS if k not in kinds],
            }

    def clean(self):
        cleaned = super().clean()
        self.chosen = [
            [
                action
                for formset in group["formsets"]
                for row in formset
                if (action := row.action()) is not None
            ]
            for group in self.groups
        ]
        return cleaned

    def apply(self, answers: Answers) -> Answers:
        for rc, actions in zip(answers.root_causes, self.chosen, strict=True):
            rc.actions = actions
        return answers


class EvidenceRowForm(forms.Form):
    """One document of the checklist: tick it, and say where it is from, its date and
    (for an invoice) the units it covers."""

    pick = forms.BooleanField(
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=200,
        help_text=_("e.g. from Shenzhen Huaxin Electronics, covering SKU ZX-200"),
    )
    dated = DateField(
        label=_("Date on the document"), required=False, help_text=_("e.g. 2026-10-03")
    )
    quantity = forms.IntegerField(
        label=_("Units it covers"), required=False, min_value=0, max_value=10**9
    )

    def __init__(self, *args, document, **kwargs):
        self.document = document
        super().__init__(*args, **kwargs)
        self.fields["pick"].label = gloss(document.name, document.name_zh)
        if not document.counts_units:
            del self.fields["quantity"]

    def clean_dated(self):
        return not_in_future(
            self.cleaned_data["dated"], _("A document's date cannot be in the future.")
        )

    def item(self) -> EvidenceItem | None:
        d = self.cleaned_data
        if not d.get("pick"):
            return None
        return EvidenceItem(
            document=self.document.slug,
            note=(d.get("note") or "").strip(),
            dated=d.get("dated"),
            quantity=d.get("quantity"),
        )


EvidenceFormSet = forms.formset_factory(EvidenceRowForm, formset=RowFormSet, extra=0)


class EvidenceForm(StepForm):
    """The supporting documents the appeal's causes need, as a checklist.

    Formset ``documents-<k>-pick/note/dated/quantity``: one row per document of the
    chosen causes (and any document ticked before that they no longer name, so nothing
    saved is lost). The letter names only the ticked ones.
    """

    units_sold: int | None = None  # from the store's imported reports (offer_units)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        saved = {e.document: e for e in self.answers.evidence}
        documents = list(self.library.documents_for(self.answers.causes))
        listed = {d.slug for d in documents}
        documents += [
            d
            for slug in saved
            if slug not in listed and (d := self.library.document(slug)) is not None
        ]
        rows = []
        for doc in documents:
            item = saved.get(doc.slug)
            initial = {
                "pick": item is not None,
                "note": item.note if item else "",
                "dated": item.dated if item else None,
                "quantity": item.quantity if item else None,
            }
            rows.append({"document": doc, "initial": initial})
        self.documents = self.row_formset(EvidenceFormSet, "documents", rows)

    @property
    def formsets(self) -> list[RowFormSet]:
        return [self.documents]

    def offer_units(self, units: int) -> None:
        self.units_sold = units or None

    @property
    def warnings(self) -> dict[str, list[str]]:
        """Document slug -> the saved checklist's warnings, translated."""
        found = evidence_checks.evidence_warnings(
            self.answers.evidence,
            self.library,
            today=timezone.localdate(),
            units_sold=self.units_sold,
        )
        out: dict[str, list[str]] = {}
        for w in found:
            doc = self.library.document(w.document)
            params = {**w.params, "document": gloss(doc.name, doc.name_zh)}
            out.setdefault(w.document, []).append(gettext(w.message) % params)
        return out

    @cached_property  # the template reads it twice; warnings are computed once
    def rows(self) -> list[dict]:
        warnings = self.warnings
        return [
            {
                "document": row.document,
                "acceptable": gloss(
                    row.document.acceptable, row.document.acceptable_zh
                ),
                "form": row,
                "warnings": warnings.get(row.document.slug, []),
            }
            for row in self.documents
        ]

    def apply(self, answers: Answers) -> Answers:
        answers.evidence = [
            item for row in self.documents if (item := row.item()) is not None
        ]
        return answers


class ClosingForm(StepForm):
    acknowledgement = forms.ChoiceField(
        label=_("Opening paragraph"), required=False, widget=forms.RadioSelect
    )
    closing = forms.ChoiceField(
        label=_("Closing paragraph"), required=False, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Your name"), max_length=200, help_text=_("e.g. Li Wei")
    )
    store_name = forms.CharField(label=_("Store name"), max_length=200)
    seller_id = forms.CharField(
        label=_("Seller ID"),
        max_length=20,
        required=False,
        help_text=_("Merchant token from Seller Central, e.g. A1B2C3D4E5F6G7"),
    )
    email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        facts = self.answers.phrase_slots
        named = []  # the fact slots the letter's paragraphs may name, in order
        for section in letters.PHRASE_SECTIONS:
            options = letters.phrase_options(self.library, section, self.answers.causes)
            named += [n for p in options for n in p.slots if n not in named]
            if section not in self.fields:
                continue  # apology, transition: Reinstate picks (once filled)
            self.fields[section].choices = [("", _("Let Reinstate choose"))] + [
                (p.key, letters.fact_text(self.library, p.text, self.values, facts))
                for p in options
            ]
        slots = [s for n in named if (s := self.library.slot(n)) is not None]
        add_slot_fields(self, slots, facts)
        if not self.is_bound:
            sig = self.answers.signature
            self.initial.update(
                acknowledgement=self.answers.phrases.get("acknowledgement", ""),
                closing=self.answers.phrases.get("closing", ""),
                name=sig.name,
                store_name=sig.store_name,
                seller_id=sig.seller_id,
                email=sig.email,
            )

    def clean_seller_id(self):
        value = self.cleaned_data["seller_id"].strip().upper()
        if value and not value.isalnum():
            raise forms.ValidationError(
                _("A seller ID has only letters and digits, e.g. A1B2C3D4E5F6G7."),
                code="seller_id",
            )
        return value

    @property
    def slot_fields(self) -> list:
        """Facts a paragraph on offer names: filled, Reinstate may choose it too."""
        return slot_fields(self)

    def apply(self, answers: Answers) -> Answers:
        d = self.cleaned_data
        for section in ("acknowledgement", "closing"):
            if d[section]:
                answers.phrases[section] = d[section]
            else:
                answers.phrases.pop(section, None)
        answers.phrase_slots = slot_values(self)
        sig = answers.signature
        sig.name, sig.store_name = d["name"], d["store_name"]
        sig.seller_id, sig.email = d["seller_id"], d["email"]
        return answers


class EditLetterForm(forms.Form):
    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=REVISION_MAX
    )
    shape = forms.ChoiceField(choices=Round.Shape.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Edit the letter by hand"),
        max_length=LETTER_MAX,
        widget=Textarea(attrs={"rows": 24, "class": "letter-edit"}),
        help_text=_(
            "Your edits are kept. Later changes in the steps will not change this text until you reset it."
        ),
    )


class SubmitForm(forms.Form):
    submitted_on = DateField(
        label=_("Date you sent the appeal to Amazon"),
        initial=timezone.localdate,
    )

    def clean_submitted_on(self):
        return not_in_future(
            self.cleaned_data["submitted_on"], _("The date cannot be in the future.")
        )


class NextRoundForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What did Amazon answer?"),
        choices=[
            (Round.Outcome.MORE_INFO, Round.Outcome.MORE_INFO.label),
            (Round.Outcome.REJECTED, Round.Outcome.REJECTED.label),
        ],
        widget=forms.RadioSelect,
    )
    reply_received_on = DateField(
        label=_("Date of Amazon's reply"),
        initial=timezone.localdate,
    )
    amazon_reply = forms.CharField(
        label=_("Amazon's reply"),
        max_length=NOTICE_MAX,
        widget=Textarea(attrs={"rows": 8}),
        help_text=_(
            "Paste the whole message. Reinstate highlights the parts of your letter it asks about."
        ),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Round.Outcome.REINSTATED, Round.Outcome.REINSTATED.label)],
        widget=forms.HiddenInput,
    )
    reply_received_on = DateField(
        label=_("Date of Amazon's reply"),
        initial=timezone.localdate,
    )


class StartAppealForm(forms.Form):
    store = forms.ModelChoiceField(label=_("Store"), queryset=None, empty_label=None)
    # One per rendered form: a double click posts it twice and starts one appeal.
    token = forms.UUIDField(
        required=False, initial=uuid.uuid4, widget=forms.HiddenInput
    )

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores


class CloneForm(StartAppealForm):
    title = forms.CharField(
        label=_("Title of the new appeal"), max_length=200, required=False
    )


class AppealFilterForm(forms.Form):
    """The library of past appeals: search, filters and order, all in the URL."""

    SORTS = [
        ("", _("Best match, else last change")),
        ("-updated", _("Last change")),
        ("-created", _("Newest first")),
        ("created", _("Oldest first")),
        ("title", _("Title")),
        ("status", _("Status")),
        ("notice", _("Notice date")),
    ]
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words in letters and answers, order IDs, SKUs"),
    )
    status = forms.ChoiceField(label=_("Status or outcome"), required=False)
    cause = forms.ChoiceField(label=_("Cause"), required=False)
    marketplace = forms.ChoiceField(label=_("Marketplace"), required=False)
    client = forms.TypedChoiceField(
        label=_("Client"), required=False, coerce=int, empty_value=None
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    started_from = DateField(label=_("Started from"), required=False)
    started_to = DateField(label=_("Started until"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
    anonymised = forms.BooleanField(
        label=_("Anonymised"),
        required=False,
        help_text=_("Hide store names, seller IDs, order IDs and the client's facts"),
    )

    def __init__(
        self, *args, causes: list[tuple[str, str]], clients=(), people=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + list(
            Appeal.Status.choices
        )
        self.fields["cause"].choices = [("", _("Any cause"))] + causes
        self.fields["marketplace"].choices = [("", _("Any marketplace"))] + list(
            Marketplace.choices
        )
        self.fields["client"].choices = [("", _("Any client"))] + [
            (c.pk, c.name) for c in clients
        ]
        self.fields["assignee"].choices = assignee_choices(people)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_from"), cleaned.get("started_to")
        if start and end and start > end:
            self.add_error(
                "started_to",
                forms.ValidationError(
                    _("The end of the range comes before its start."), code="range"
                ),
            )
        return cleaned


def assignee_choices(people) -> list[tuple[str, str]]:
    """Choices of an assignee filter: anyone, me, nobody, then each person."""
    return [
        ("", _("Anyone")),
        ("me", _("Assigned to me")),
        ("none", _("Not assigned")),
    ] + [(str(p.pk), p.get_full_name() or p.get_username()) for p in people]


class WorklistFilterForm(forms.Form):
    """The dashboard's filters: which client, whose work, which status, how urgent."""

    DUE = [
        ("", _("Any deadline")),
        ("week", _("Due within a week or overdue")),
        ("overdue", _("Overdue")),
    ]
    client = forms.TypedChoiceField(
        label=_("Client"), required=False, coerce=int, empty_value=None
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    due = forms.ChoiceField(label=_("Deadline"), required=False, choices=DUE)

    def __init__(self, *args, clients=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", _("Every client"))] + [
            (c.pk, c.name) for c in clients
        ]
        self.fields["assignee"].choices = assignee_choices(people)
        self.fields["status"].choices = (
            [("", _("Every open appeal"))]
            + [(s, Appeal.Status(s).label) for s in Appeal.OPEN]
            + [(Appeal.Status.WITHDRAWN, Appeal.Status.WITHDRAWN.label)]
        )


class AppealSettingsForm(forms.ModelForm):
    """What the team sees of an appeal: its title, who works on it, its deadline."""

    class Meta:
        model = Appeal
        fields = ["title", "assignee", "deadline_days"]
        help_texts = {
            "title": _("Leave empty for the default: store, causes and notice date."),
        }

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people
        self.fields["assignee"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )
        self.fields["assignee"].empty_label = _("Nobody")
        if self.instance and not self.instance.title_custom:
            self.initial["title"] = ""
            self.fields["title"].widget.attrs["placeholder"] = self.instance.title

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())


class NoteForm(forms.Form):
    """An internal note; it never reaches a letter."""

    text = forms.CharField(
        label=_("Note"),
        max_length=5000,
        widget=Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only people working on the appeal see it. It never goes into a letter."
        ),
    )
    shared = forms.BooleanField(
        label=_("Share with the seller"),
        required=False,
        help_text=_("Otherwise only your firm sees it."),
    )

    def __init__(self, *args, in_firm: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_firm:  # the seller's own notes are seen by everyone on the appeal
            del self.fields["shared"]
            self.fields["text"].help_text = _(
                "You and the consultants working on this appeal see it. It never goes "
                "into a letter."
            )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the note first."), code="required")
        return text


class LetterCheckForm(forms.Form):
    """A letter (or buyer message) written anywhere, pasted to be checked."""

    SHAPES = [
        ("classic", _("A letter")),
        ("form", _("Amazon's appeal form (three parts)")),
        ("message", _("A message to a buyer")),
    ]
    shape = forms.ChoiceField(
        label=_("What is it?"),
        choices=SHAPES,
        initial="classic",
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Paste the text"),
        max_length=50_000,
        widget=Textarea(attrs={"rows": 16}),
        help_text=_("It is checked here and not saved."),
    )
