"""What the library admin pages share: labels, permissions checks, the placeholder
help, and the base admin with its sample letter."""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.admin_base import RoundTripAdminMixin
from library import exports, letters, placeholders, samples
from library import services as library
from library.models import OutcomeCount, Slot
from library.readmodel import Library

logger = logging.getLogger(__name__)

admin.site.site_header = _("Reinstate administration")
admin.site.site_title = _("Reinstate admin")
admin.site.index_title = _("Phrase library")

#: fields holding letter text, which may use placeholders
PLACEHOLDER_FIELDS = {"explanation", "text", "heading"}
#: phrase sections that are part of the letter (the others stand alone)
LETTER_SECTIONS = set(letters.PHRASE_SECTIONS)
IMPORT_SESSION_KEY = "library_import"
MAX_ERRORS_SHOWN = 200

KIND_LABELS = {
    library.KIND_SLOT: _("Fact slots"),
    library.KIND_DOCUMENT: _("Supporting documents"),
    library.KIND_CAUSE: _("Suspension causes"),
    library.KIND_ROOT_CAUSE: _("Root causes"),
    library.KIND_ACTION: _("Actions"),
    library.KIND_PHRASE: _("Phrases"),
    library.KIND_SHAPE: _("Letter shapes"),
}
CHANGE_LABELS = {
    "added": _("added"),
    "removed": _("removed"),
    "changed": _("changed"),
}
FIELD_LABELS = {
    "name": _("name"),
    "metric": _("metric"),
    "guidance": _("guidance for the seller"),
    "position": _("position"),
    "is_active": _("active"),
    "title": _("short title"),
    "explanation": _("explanation"),
    "variants": _("explanation variants"),
    "kind": _("kind"),
    "text": _("text"),
    "timeframe": _("default timeframe"),
    "section": _("section"),
    "cause": _("cause"),
    "description": _("description"),
    "sections": _("sections"),
    "label": _("label"),
    "label_zh": _("label (简体中文)"),
    "hint": _("hint"),
    "hint_zh": _("hint (简体中文)"),
    "example": _("example"),
    "name_zh": _("name (简体中文)"),
    "route": _("route"),
    "guidance_zh": _("guidance (简体中文)"),
    "documents": _("documents it needs"),
    "title_zh": _("short title (简体中文)"),
    "explanation_zh": _("explanation (简体中文)"),
    "text_zh": _("text (简体中文)"),
    "acceptable": _("what makes it acceptable"),
    "acceptable_zh": _("what makes it acceptable (简体中文)"),
    "max_age_days": _("maximum age in days"),
    "counts_units": _("must cover the units sold"),
}


def placeholder_help(slots: bool = False) -> str:
    """The names a letter-text field may use; fact text also the working copy's slots."""
    text = gettext("Placeholders you may use: %(names)s.") % {
        "names": ", ".join("{" + n + "}" for n in placeholders.NAMES)
    }
    names = list(Slot.objects.values_list("name", flat=True)) if slots else []
    if names:
        text += " " + gettext("Fact slots the seller fills: %(names)s.") % {
            "names": ", ".join("{" + n + "}" for n in names)
        }
    return text


def _has_perms(user, actions, models) -> bool:
    return user.has_perms([f"library.{a}_{m}" for a in actions for m in models])


def can_import(user) -> bool:
    """Importing replaces the whole working copy: it needs every write permission on it."""
    return _has_perms(user, ("add", "change", "delete"), library.WORKING_MODELS)


def can_export(user) -> bool:
    return _has_perms(user, ("view",), library.WORKING_MODELS)


def diff_context(diff: library.LibraryDiff) -> dict:
    """The diff as the template shows it: labelled, grouped by kind."""
    groups = []
    for kind in library.DIFF_KINDS:
        changes = diff.of_kind(kind)
        if not changes:
            continue
        groups.append(
            {
                "label": KIND_LABELS[kind],
                "changes": [
                    {
                        "change": c.change,
                        "change_label": CHANGE_LABELS[c.change],
                        "ref": c.ref,
                        "label": c.label,
                        "detail": c.detail,
                        "fields": [
                            {
                                "label": FIELD_LABELS.get(f.name, f.name),
                                "old": f.old,
                                "new": f.new,
                                "ops": f.ops,
                            }
                            for f in c.fields
                        ],
                    }
                    for c in changes
                ],
            }
        )
    summary = [{**row, "label": KIND_LABELS[row["kind"]]} for row in diff.summary()]
    return {"diff_groups": groups, "diff_summary": summary, "diff_empty": not diff}


# ------------------------------------------------------------------ shared pieces


@admin.action(description=_("Mark selected items as active"), permissions=["change"])
def make_active(modeladmin, request, queryset):
    count = queryset.update(is_active=True)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d item is now active.", "%(count)d items are now active.", count
        )
        % {"count": count},
        messages.SUCCESS,
    )


@admin.action(description=_("Mark selected items as inactive"), permissions=["change"])
def make_inactive(modeladmin, request, queryset):
    count = queryset.update(is_active=False)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d item is now inactive: new letters will not use it.",
            "%(count)d items are now inactive: new letters will not use them.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class PlaceholderHelpMixin(RoundTripAdminMixin):
    """Letter-text fields list the allowed placeholders under them, in forms and inlines.

    The model fields carry the validators (unknown placeholders, links), so every admin
    form, inline forms included, refuses bad text with a message naming the placeholder.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and db_field.name in PLACEHOLDER_FIELDS:
            base = str(db_field.help_text or "")
            fact = db_field.name != "heading"  # shape headings take no slots
            formfield.help_text = f"{base} {placeholder_help(fact)}".strip()
            if isinstance(formfield.widget, forms.Textarea):
                formfield.widget.attrs["rows"] = 4
        return formfield


class TabularInline(PlaceholderHelpMixin, admin.TabularInline):
    """A tabular inline whose fields carry labels for screen readers.

    Django's tabular inline shows the field names only as column headers, so each input
    gets an aria-label, and the template names the item column (axe checks both).
    """

    template = "admin/library/edit_inline/tabular.html"
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault(
                "aria-label", capfirst(db_field.verbose_name)
            )
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = gettext("Delete")

        return LabelledFormSet


def with_outcomes(queryset, kind: str, *ref_parts):
    """``queryset`` annotated with ``_reinstated`` and ``_rejected``: how many appeals
    that used each item ended so, across library versions (OutcomeCount). The item's
    ref is built in the database from ``ref_parts`` (field names joined by "/")."""
    parts = []
    for n, part in enumerate(ref_parts):
        if n:
            parts.append(Value("/"))
        parts.append(OuterRef(part))
    # Slug and char fields mixed: PostgreSQL needs the result type said.
    ref = Concat(*parts, output_field=CharField()) if len(parts) > 1 else parts[0]
    counts = OutcomeCount.objects.filter(kind=kind, version=None, ref=ref)
    return queryset.annotate(
        _reinstated=Coalesce(Subquery(counts.values("reinstated")[:1]), 0),
        _rejected=Coalesce(Subquery(counts.values("rejected")[:1]), 0),
    )


class OutcomeColumnsMixin:
    """The "reinstated / rejected" column of items whose queryset went through
    ``with_outcomes``: curators see which wording worked, to improve or retire it."""

    @admin.display(
        description=_("appeals reinstated / rejected"), ordering="_reinstated"
    )
    def outcomes(self, obj):
        return f"{obj._reinstated} / {obj._rejected}"


class RootCauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.cause.name} — {obj.title}"


class LibraryAdmin(PlaceholderHelpMixin, admin.ModelAdmin):
    """A working-copy model: placeholders help, active/inactive actions, a sample letter page."""

    actions = [make_active, make_inactive]
    save_on_top = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/sample/",
                self.admin_site.admin_view(self.sample_view),
                name="{}_{}_sample".format(*info),
            )
        ] + super().get_urls()

    def sample_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_sample".format(*info), args=[obj.pk])

    @admin.display(description=_("sample letter"))
    def sample_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', self.sample_url(obj), gettext("Sample letter")
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["placeholder_names"] = placeholders.NAMES
        if obj is not None and obj.pk:
            context["sample_url"] = self.sample_url(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def sample_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Sample letter: %(item)s") % {"item": obj},
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
            ),
        }
        try:
            working = Library.from_data(library.library_export())
        except library.LibraryFormatError as exc:
            context["library_errors"] = exc.errors
            return TemplateResponse(request, "admin/library/sample.html", context)
        context.update(self.sample_context(request, obj, working))
        return TemplateResponse(request, "admin/library/sample.html", context)

    def sample_context(self, request, obj, working: Library) -> dict:
        """What this model's sample page shows; subclasses say which sample to assemble."""
        raise NotImplementedError

    def letter_context(
        self, request, working: Library, *, shape=None, **sample
    ) -> dict:
        """Assemble the sample letter from the working copy and render it."""
        today = timezone.localdate()
        seed = _int_param(request, "seed", 1)
        shapes = [s for s in working.shapes if s.is_active] or list(working.shapes)
        slugs = [s.slug for s in shapes]
        fixed_shape = shape is not None
        if not fixed_shape:
            shape = request.GET.get("shape", "")
            if shape not in slugs:
                shape = "classic" if "classic" in slugs else (slugs or [""])[0]
        answers = samples.sample_answers(working, today=today, **sample)
        context = {
            "answers": answers,
            "shape": shape,
            "shapes": [(s.slug, s.name) for s in shapes],
            "fixed_shape": fixed_shape,
            "seed": seed,
            "next_seed": seed + 1,
            "values": letters.placeholder_values(answers, today=today),
        }
        try:
            letter = letters.assemble(
                answers, working, shape=shape, today=today, seed=seed
            )
            # to_html returns a fragment already sanitised with nh3.
            context["letter_html"] = exports.to_html(letter)
            context["letter_text"] = exports.to_text(letter)
        except Exception as exc:  # a sample shows the problem, never a stack trace
            logger.exception("library sample letter failed")
            context["letter_error"] = str(exc) or exc.__class__.__name__
        return context

    def rendered(self, text: str, values: dict, working: Library) -> str:
        """Library text as the sample shows it: fact slots filled with their examples."""
        examples = samples.examples(working, [s.name for s in working.slots])
        return letters.fact_text(working, text, values, examples)


def _int_param(request, name: str, default: int) -> int:
    try:
        return max(1, min(int(request.GET.get(name, default)), 1_000_000))
    except (TypeError, ValueError):
        return default
