"""Forms of the appeal wizard. Each step form reads its initial values from the round's
Answers and, once valid, writes its part back with ``apply(answers)``.

Forms only know plain data: the library version's data (a dict), the Answers, and the
step's POST. Saving (with the optimistic lock) is services.round_save_answers.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.widgets import DateField, Textarea
from library.models import Metric

from . import letters
from .answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
    parse_order_ids,
)
from .models import Appeal, Round

MAX_OWN_ROOT_CAUSES = 2
MAX_METRICS = 2
# Thousands work (Amazon removes accounts over hundreds of orders); far more is a paste error.
MAX_ORDER_IDS = 5000


def _percent(defects: int, orders: int) -> Decimal:
    return (Decimal(defects) * 100 / Decimal(orders)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _same_text(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


class StepForm(forms.Form):
    """Base of every step: carries the revision the page was read at (optimistic lock)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, answers: Answers, library: dict, seed: int = 0, **kwargs):
        self.answers = answers
        self.library = library
        self.seed = seed
        super().__init__(*args, **kwargs)

    #: entries the step could not use, listed back to the seller (orders step)
    invalid_entries: list[str] = []

    def apply(self, answers: Answers) -> Answers:
        raise NotImplementedError  # every step form overrides it

    @property
    def values(self) -> dict:
        return letters.placeholder_values(self.answers, today=timezone.localdate())


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
            (c["slug"], c["name"]) for c in self.library["causes"] if c["is_active"]
        ]
        metric_choices = [("", _("(no figure)"))] + [
            (m.value, m.label) for m in Metric if m != Metric.NONE
        ]
        for n in range(1, MAX_METRICS + 1):
            self.fields[f"metric_{n}"] = forms.ChoiceField(
                label=_("Metric"), choices=metric_choices, required=False
            )
            self.fields[f"value_{n}"] = forms.DecimalField(
                label=_("Value in %"),
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                decimal_places=2,
                help_text=_("e.g. 1.59"),
            )
            self.fields[f"period_{n}"] = forms.IntegerField(
                label=_("Period in days"),
                required=False,
                min_value=1,
                max_value=365,
                help_text=_("e.g. 60"),
            )
            self.fields[f"defects_{n}"] = forms.IntegerField(
                label=_("Orders with a defect"),
                required=False,
                min_value=0,
                help_text=_("e.g. 2"),
            )
            self.fields[f"orders_{n}"] = forms.IntegerField(
                label=_("All orders in the period"),
                required=False,
                min_value=0,
                help_text=_("e.g. 126"),
            )
        if not self.is_bound:
            a = self.answers
            self.initial.update(
                causes=a.causes, notice_date=a.notice_date, notice_text=a.notice_text
            )
            self._initial_figures(a.metrics)

    def _initial_figures(self, figures: list[MetricFigure]) -> None:
        for n, m in enumerate(figures[:MAX_METRICS], start=1):
            self.initial.update(
                {
                    f"metric_{n}": m.metric,
                    f"value_{n}": m.value,
                    f"period_{n}": m.period_days,
                    f"defects_{n}": m.defects,
                    f"orders_{n}": m.orders,
                }
            )

    def offer_figures(self, figures: list[MetricFigure]) -> None:
        """Start an unbound form from figures measured in the store's imported reports,
        while the seller has given none."""
        if figures and not self.is_bound and not self.answers.metrics:
            self._initial_figures(figures)
            self.prefilled = True

    def metric_rows(self):
        return [
            [
                self[f"{name}_{n}"]
                for name in ("metric", "value", "period", "defects", "orders")
            ]
            for n in range(1, MAX_METRICS + 1)
        ]

    def clean_notice_date(self):
        value = self.cleaned_data["notice_date"]
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                _("The notice date cannot be in the future."), code="future"
            )
        return value

    def clean(self):
        cleaned = super().clean()
        for n in range(1, MAX_METRICS + 1):
            defects, orders = cleaned.get(f"defects_{n}"), cleaned.get(f"orders_{n}")
            if defects is not None and orders is not None and defects > orders:
                self.add_error(
                    f"defects_{n}",
                    forms.ValidationError(
                        _("There cannot be more orders with a defect than orders."),
                        code="too_many_defects",
                    ),
                )
            value = cleaned.get(f"value_{n}")
            if (
                value is not None
                and defects is not None
                and orders
                and defects <= orders
            ):
                computed = _percent(defects, orders)
                # Amazon rounds to two places; anything further apart is a typing slip.
                if abs(computed - value) > Decimal("0.01"):
                    self.add_error(
                        f"value_{n}",
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
                cleaned.get(f"{k}_{n}") is not None
                for k in ("value", "period", "defects", "orders")
            )
            if has_figures and not cleaned.get(f"metric_{n}"):
                self.add_error(
                    f"metric_{n}",
                    forms.ValidationError(
                        _("Say which metric these figures are for."), code="metric"
                    ),
                )
        return cleaned

    def apply(self, answers: Answers) -> Answers:
        d = self.cleaned_data
        answers.causes = list(d["causes"])
        answers.notice_date = d["notice_date"]
        answers.notice_text = d["notice_text"]
        metrics = []
        for n in range(1, MAX_METRICS + 1):
            if d.get(f"metric_{n}"):
                value = d.get(f"value_{n}")
                defects, orders = d.get(f"defects_{n}"), d.get(f"orders_{n}")
                if value is None and defects is not None and orders:
                    value = (Decimal(defects) * 100 / Decimal(orders)).quantize(
                        Decimal("0.01")
                    )
                metrics.append(
                    MetricFigure(
                        metric=d[f"metric_{n}"],
                        value=value,
                        period_days=d.get(f"period_{n}"),
                        defects=defects,
                        orders=orders,
                    )
                )
        answers.metrics = metrics
        return answers


class OrdersForm(StepForm):
    order_ids = forms.CharField(
        label=_("Affected order IDs"),
        required=False,
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
            head, _sep, rest = line.replace("\t", " ").partition(" ")
            head = head.strip(",;:")
            if parse_order_ids(head).ids and rest.strip():
                notes[head] = rest.strip(" :-,;\t")
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

    def apply(self, answers: Answers) -> Answers:
        notes = self.cleaned_data["notes"]
        answers.orders = [
            OrderRef(id=i, note=notes.get(i, "")) for i in self.parsed.ids
        ]
        return answers


class RootCausesForm(StepForm):
    """Pick, reorder and edit the library's suggestions, or write your own."""

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
        self.rows = []
        for i, s in enumerate(self.suggestions):
            prefix = f"rc{i}"
            pos, saved = chosen.get(s["ref"], (None, None))
            self.fields[f"{prefix}_pick"] = forms.BooleanField(
                label=s["title"],
                required=False,
                initial=saved is not None,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"{prefix}_text"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                widget=Textarea(attrs={"rows": 2}),
                initial=saved.text if saved and saved.text is not None else s["text"],
            )
            self.fields[f"{prefix}_order"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                min_value=1,
                initial=(pos + 1) if pos is not None else None,
            )
            self.rows.append({"prefix": prefix, "suggestion": s})
        own = [
            (pos, rc) for pos, rc in enumerate(self.answers.root_causes) if not rc.ref
        ]
        self.own_rows = []
        for j in range(max(MAX_OWN_ROOT_CAUSES, len(own) + 1)):
            prefix = f"own{j}"
            pos, saved = own[j] if j < len(own) else (None, None)
            self.fields[f"{prefix}_title"] = forms.CharField(
                label=_("Short title"),
                required=False,
                max_length=200,
                initial=saved.title if saved else "",
                help_text=_(
                    "e.g. Our supplier changed the packaging without telling us"
                ),
            )
            self.fields[f"{prefix}_text"] = forms.CharField(
                label=_("Explanation"),
                required=False,
                widget=Textarea(attrs={"rows": 2}),
                initial=saved.text if saved else "",
            )
            self.fields[f"{prefix}_order"] = forms.IntegerField(
                label=_("Order"),
                required=False,
                min_value=1,
                initial=(pos + 1) if pos is not None else None,
            )
            self.own_rows.append({"prefix": prefix})

    def bound_rows(self):
        for row in self.rows:
            p = row["prefix"]
            yield {
                **row,
                "pick": self[f"{p}_pick"],
                "text": self[f"{p}_text"],
                "order": self[f"{p}_order"],
            }

    def bound_own_rows(self):
        for row in self.own_rows:
            p = row["prefix"]
            yield {
                "title": self[f"{p}_title"],
                "text": self[f"{p}_text"],
                "order": self[f"{p}_order"],
            }

    def clean(self):
        cleaned = super().clean()
        picked = []
        for n, row in enumerate(self.rows):
            p, s = row["prefix"], row["suggestion"]
            if cleaned.get(f"{p}_pick"):
                text = (cleaned.get(f"{p}_text") or "").strip()
                picked.append(
                    (
                        cleaned.get(f"{p}_order") or 1000 + n,
                        ChosenRootCause(
                            ref=s["ref"],
                            title=s["title"],
                            text=None
                            if not text or _same_text(text, s["text"])
                            else text,
                        ),
                    )
                )
        for n, row in enumerate(self.own_rows):
            p = row["prefix"]
            title = (cleaned.get(f"{p}_title") or "").strip()
            text = (cleaned.get(f"{p}_text") or "").strip()
            if text and not title:
                self.add_error(f"{p}_title", _("Give your root cause a short title."))
            elif title and not text:
                self.add_error(
                    f"{p}_text", _("Explain this root cause in one or two sentences.")
                )
            elif title:
                picked.append(
                    (
                        cleaned.get(f"{p}_order") or 2000 + n,
                        ChosenRootCause(title=title, text=text),
                    )
                )
        if not picked and not self.errors:
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


class PlanForm(StepForm):
    """For each chosen root cause: corrective actions (done, with a date) and preventive ones."""

    own_per_kind = 1

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library_actions = {}
        for s in letters.suggestions(
            self.library, self.answers.causes, values=self.values, seed=self.seed
        ):
            library_actions[s["ref"]] = s["actions"]
        self.groups = []
        for i, rc in enumerate(self.answers.root_causes):
            saved = {a.ref: a for a in rc.actions if a.ref}
            own = [a for a in rc.actions if not a.ref]
            rows = []
            for k, suggestion in enumerate(library_actions.get(rc.ref, [])):
                rows.append(
                    self._add_row(f"a{i}_{k}", suggestion, saved.get(suggestion["ref"]))
                )
            for kind in ("corrective", "preventive"):
                mine = [a for a in own if a.kind == kind]
                for k in range(max(len(mine) + 1, self.own_per_kind)):
                    rows.append(
                        self._add_row(
                            f"o{i}_{kind}_{k}",
                            None,
                            mine[k] if k < len(mine) else None,
                            kind=kind,
                        )
                    )
            self.groups.append({"index": i, "root_cause": rc, "rows": rows})

    def _add_row(self, prefix, suggestion, saved, kind=None):
        kind = suggestion["kind"] if suggestion else kind
        if suggestion:
            self.fields[f"{prefix}_pick"] = forms.BooleanField(
                label=_("Use this action"),
                required=False,
                initial=saved is not None,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        text_initial = ""
        if saved and saved.text is not None:
            text_initial = saved.text
        elif suggestion:
            text_initial = suggestion["text"]
        self.fields[f"{prefix}_text"] = forms.CharField(
            label=_("What you did")
            if kind == "corrective"
            else _("What you will keep doing"),
            required=False,
            widget=Textarea(attrs={"rows": 2}),
            initial=text_initial,
        )
        if kind == "corrective":
            self.fields[f"{prefix}_done_on"] = DateField(
                label=_("Done on"),
                required=False,
                initial=saved.done_on if saved else None,
                help_text=_("The date you completed it."),
            )
        self.fields[f"{prefix}_timeframe"] = forms.CharField(
            label=_("Timeframe")
            if kind == "corrective"
            else _("How often or how fast"),
            required=False,
            max_length=120,
            initial=(
                saved.timeframe
                if saved and saved.timeframe
                else (suggestion or {}).get("timeframe", "")
            ),
            help_text=_("e.g. within 24 hours, every Monday"),
        )
        return {"prefix": prefix, "kind": kind, "suggestion": suggestion}

    def bound_groups(self):
        for group in self.groups:
            rows = []
            for row in group["rows"]:
                p = row["prefix"]
                rows.append(
                    {
                        **row,
                        "pick": self[f"{p}_pick"]
                        if f"{p}_pick" in self.fields
                        else None,
                        "text": self[f"{p}_text"],
                        "done_on": self[f"{p}_done_on"]
                        if f"{p}_done_on" in self.fields
                        else None,
                        "timeframe": self[f"{p}_timeframe"],
                    }
                )
            kinds = {a.kind for a in group["root_cause"].actions}
            yield {
                **group,
                "rows": rows,
                "missing": [k for k in ("corrective", "preventive") if k not in kinds],
            }

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        self.chosen = []
        for group in self.groups:
            actions = []
            for row in group["rows"]:
                p, s = row["prefix"], row["suggestion"]
                text = (cleaned.get(f"{p}_text") or "").strip()
                done_on: date | None = cleaned.get(f"{p}_done_on")
                if done_on and done_on > today:
                    self.add_error(
                        f"{p}_done_on",
                        forms.ValidationError(
                            _(
                                "A corrective action is already done: its date cannot be in the future."
                            ),
                            code="future",
                        ),
                    )
                timeframe = (cleaned.get(f"{p}_timeframe") or "").strip()
                if s:
                    if not cleaned.get(f"{p}_pick"):
                        continue
                    unchanged = not text or _same_text(text, s["text"])
                    actions.append(
                        ChosenAction(
                            kind=s["kind"],
                            ref=s["ref"],
                            text=None if unchanged else text,
                            done_on=done_on,
                            timeframe=timeframe,
                        )
                    )
                elif text:
                    actions.append(
                        ChosenAction(
                            kind=row["kind"],
                            text=text,
                            done_on=done_on,
                            timeframe=timeframe,
                        )
                    )
            self.chosen.append(actions)
        return cleaned

    def apply(self, answers: Answers) -> Answers:
        for rc, actions in zip(answers.root_causes, self.chosen, strict=True):
            rc.actions = actions
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
        for section in ("acknowledgement", "closing"):
            options = letters.phrase_options(self.library, section, self.answers.causes)
            self.fields[section].choices = [("", _("Let Reinstate choose"))] + [
                (p["key"], letters.plain_text(p["text"], self.values)) for p in options
            ]
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

    def apply(self, answers: Answers) -> Answers:
        d = self.cleaned_data
        for section in ("acknowledgement", "closing"):
            if d[section]:
                answers.phrases[section] = d[section]
            else:
                answers.phrases.pop(section, None)
        sig = answers.signature
        sig.name, sig.store_name = d["name"], d["store_name"]
        sig.seller_id, sig.email = d["seller_id"], d["email"]
        return answers


class EditLetterForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    shape = forms.ChoiceField(choices=Round.Shape.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Edit the letter by hand"),
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
        value = self.cleaned_data["submitted_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                _("The date cannot be in the future."), code="future"
            )
        return value


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

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores


class CloneForm(StartAppealForm):
    title = forms.CharField(
        label=_("Title of the new appeal"), max_length=200, required=False
    )


class AppealFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    cause = forms.ChoiceField(label=_("Cause"), required=False)

    def __init__(self, *args, causes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + list(
            Appeal.Status.choices
        )
        self.fields["cause"].choices = [("", _("Any cause"))] + causes
