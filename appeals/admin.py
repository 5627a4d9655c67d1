"""Admin for the phrase library's curators, and (for superusers only) appeals.

Curators edit the working copy (causes, root causes, actions, phrases, letter shapes),
preview any of it in a sample letter, and publish it as an immutable LibraryVersion.
The library can be exported and imported as one ``library.json`` file. Curators hold
permissions on the library models only (appeals.services.curator_group_sync); Appeal and
Round are registered for superusers alone, because they hold sellers' data.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from config.admin_base import RoundTripAdminMixin

from . import exports, letters, library, placeholders, samples
from .models import (
    Action,
    Appeal,
    LetterShape,
    LibraryVersion,
    Phrase,
    RootCause,
    RootCauseVariant,
    Round,
    ShapeSection,
    SuspensionCause,
)

logger = logging.getLogger(__name__)

admin.site.site_header = _("Reinstate administration")
admin.site.site_title = _("Reinstate admin")
admin.site.index_title = _("Phrase library")

#: fields holding letter text, which may use placeholders
PLACEHOLDER_FIELDS = {"explanation", "text", "heading"}
#: phrase sections that are part of the letter (the others stand alone)
LETTER_SECTIONS = {"acknowledgement", "apology", "transition", "closing"}
IMPORT_SESSION_KEY = "appeals_library_import"
MAX_ERRORS_SHOWN = 200

KIND_LABELS = {
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
    "evidence": _("evidence checklist"),
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
}


def placeholder_help() -> str:
    return gettext("Placeholders you may use: %(names)s.") % {
        "names": ", ".join("{" + n + "}" for n in placeholders.NAMES)
    }


def _has_perms(user, actions, models) -> bool:
    return user.has_perms([f"appeals.{a}_{m}" for a in actions for m in models])


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
            formfield.help_text = f"{base} {placeholder_help()}".strip()
            if isinstance(formfield.widget, forms.Textarea):
                formfield.widget.attrs["rows"] = 4
        return formfield


class TabularInline(PlaceholderHelpMixin, admin.TabularInline):
    """A tabular inline whose fields carry labels for screen readers.

    Django's tabular inline shows the field names only as column headers, so each input
    gets an aria-label, and the template names the item column (axe checks both).
    """

    template = "admin/appeals/edit_inline/tabular.html"
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


class RootCauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.cause.name} — {obj.title}"


class LibraryAdmin(PlaceholderHelpMixin, admin.ModelAdmin):
    """A working-copy model: placeholders help, active/inactive actions, a preview page."""

    actions = [make_active, make_inactive]
    save_on_top = True

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            )
        ] + super().get_urls()

    def preview_url(self, obj) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse("admin:{}_{}_preview".format(*info), args=[obj.pk])

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', self.preview_url(obj), gettext("Preview")
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["placeholder_names"] = placeholders.NAMES
        if obj is not None and obj.pk:
            context["preview_url"] = self.preview_url(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def preview_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Preview: %(item)s") % {"item": obj},
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[obj.pk],
            ),
        }
        try:
            data = library.library_export()
        except library.LibraryFormatError as exc:
            context["library_errors"] = exc.errors
            return TemplateResponse(request, "admin/appeals/preview.html", context)
        context.update(self.preview_context(request, obj, data))
        return TemplateResponse(request, "admin/appeals/preview.html", context)

    def preview_context(self, request, obj, data) -> dict:
        """What this model's preview shows; subclasses say which sample to assemble."""
        raise NotImplementedError

    def letter_context(self, request, data, *, shape=None, **sample) -> dict:
        """Assemble the sample letter from ``data`` (the working copy) and render it."""
        today = timezone.localdate()
        seed = _int_param(request, "seed", 1)
        shapes = [s for s in data["shapes"] if s["is_active"]] or data["shapes"]
        slugs = [s["slug"] for s in shapes]
        fixed_shape = shape is not None
        if not fixed_shape:
            shape = request.GET.get("shape", "")
            if shape not in slugs:
                shape = "classic" if "classic" in slugs else (slugs or [""])[0]
        answers = samples.sample_answers(data, today=today, **sample)
        context = {
            "answers": answers,
            "shape": shape,
            "shapes": [(s["slug"], s["name"]) for s in shapes],
            "fixed_shape": fixed_shape,
            "seed": seed,
            "next_seed": seed + 1,
            "values": letters.placeholder_values(answers, today=today),
        }
        try:
            letter = letters.assemble(
                answers, data, shape=shape, today=today, seed=seed
            )
            # to_html returns a fragment already sanitised with nh3.
            context["letter_html"] = exports.to_html(letter)
            context["letter_text"] = exports.to_text(letter)
        except Exception as exc:  # a preview shows the problem, never a stack trace
            logger.exception("library preview failed")
            context["letter_error"] = str(exc) or exc.__class__.__name__
        return context

    def rendered(self, text: str, values: dict) -> str:
        return letters.plain_text(text, values)


def _int_param(request, name: str, default: int) -> int:
    try:
        return max(1, min(int(request.GET.get(name, default)), 1_000_000))
    except (TypeError, ValueError):
        return default


# ------------------------------------------------------------------------ inlines


class RootCauseInline(PlaceholderHelpMixin, admin.StackedInline):
    model = RootCause
    fields = (
        ("title", "slug"),
        "explanation",
        ("position", "is_active"),
        "action_list",
    )
    readonly_fields = ("action_list",)
    extra = 0
    show_change_link = True
    ordering = ("position", "id")

    @admin.display(description=_("actions (edit on the root cause's page)"))
    def action_list(self, obj):
        if not obj.pk:
            return "—"
        items = format_html_join(
            "",
            '<li class="{}"><strong>{}</strong> {} <em>({})</em></li>',
            (
                (
                    "" if a.is_active else "inactive",
                    a.get_kind_display(),
                    a.text,
                    a.default_timeframe,
                )
                for a in obj.actions.all()
            ),
        )
        return format_html('<ul class="action-list">{}</ul>', items)


class CausePhraseInline(TabularInline):
    model = Phrase
    fields = ("key", "section", "text", "position", "is_active")
    extra = 0
    show_change_link = True
    verbose_name = _("phrase for this cause only")
    verbose_name_plural = _("phrases for this cause only")


class RootCauseVariantInline(TabularInline):
    model = RootCauseVariant
    fields = ("explanation", "position")
    extra = 0


class ActionInline(TabularInline):
    model = Action
    fields = ("kind", "slug", "text", "default_timeframe", "position", "is_active")
    extra = 0
    ordering = ("position", "id")


class ShapeSectionInline(TabularInline):
    model = ShapeSection
    fields = ("kind", "heading", "position")
    extra = 0


# ------------------------------------------------------------------ working copy


@admin.register(SuspensionCause)
class SuspensionCauseAdmin(LibraryAdmin):
    list_display = (
        "name",
        "slug",
        "metric",
        "root_cause_count",
        "position",
        "is_active",
        "preview_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("metric", "is_active")
    search_fields = ("name", "slug", "guidance")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "metric",
        "guidance",
        "evidence_checklist",
        "position",
        "is_active",
    )
    inlines = [RootCauseInline, CausePhraseInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _root_causes=Count("root_causes", filter=Q(root_causes__is_active=True))
            )
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RootCauseInline):
            kwargs["queryset"] = inline.get_queryset(request).prefetch_related(
                "actions"
            )
        return kwargs

    @admin.display(description=_("active root causes"), ordering="_root_causes")
    def root_cause_count(self, obj):
        return obj._root_causes

    def preview_context(self, request, obj, data):
        return self.letter_context(request, data, cause=obj.slug)


@admin.register(RootCause)
class RootCauseAdmin(LibraryAdmin):
    list_display = (
        "title",
        "cause",
        "slug",
        "action_count",
        "position",
        "is_active",
        "preview_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("cause", "is_active")
    list_select_related = ("cause",)
    search_fields = ("title", "slug", "explanation", "cause__name")
    prepopulated_fields = {"slug": ("title",)}
    fields = ("cause", "title", "slug", "explanation", "position", "is_active")
    inlines = [RootCauseVariantInline, ActionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_actions=Count("actions", filter=Q(actions__is_active=True)))
        )

    @admin.display(description=_("active actions"), ordering="_actions")
    def action_count(self, obj):
        return obj._actions

    def preview_context(self, request, obj, data):
        context = self.letter_context(
            request, data, cause=obj.cause.slug, root_cause=obj.slug
        )
        values = context["values"]
        wordings = [obj.explanation] + [v.explanation for v in obj.variants.all()]
        context["wordings"] = [self.rendered(t, values) for t in wordings]
        context["inactive"] = not obj.is_active or not obj.cause.is_active
        return context


@admin.register(Action)
class ActionAdmin(LibraryAdmin):
    list_display = (
        "short_text",
        "kind",
        "root_cause",
        "cause_name",
        "default_timeframe",
        "position",
        "is_active",
        "preview_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("root_cause__cause", "kind", "is_active")
    list_select_related = ("root_cause__cause",)
    search_fields = ("text", "slug", "root_cause__title", "root_cause__cause__name")
    fields = (
        "root_cause",
        "kind",
        "slug",
        "text",
        "default_timeframe",
        "position",
        "is_active",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "root_cause":
            kwargs["queryset"] = RootCause.objects.select_related("cause").order_by(
                "cause__position", "cause__name", "position"
            )
            kwargs["form_class"] = RootCauseChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("text"), ordering="text")
    def short_text(self, obj):
        return library._short(obj.text, 80)

    @admin.display(description=_("cause"), ordering="root_cause__cause__name")
    def cause_name(self, obj):
        return obj.root_cause.cause.name

    def preview_url(self, obj) -> str:
        # An action reads best inside its root cause's letter.
        return reverse("admin:appeals_rootcause_preview", args=[obj.root_cause_id])

    def preview_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return HttpResponseRedirect(self.preview_url(obj))


@admin.register(Phrase)
class PhraseAdmin(LibraryAdmin):
    list_display = (
        "key",
        "section",
        "cause",
        "short_text",
        "position",
        "is_active",
        "preview_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("section", "cause", "is_active")
    list_select_related = ("cause",)
    search_fields = ("key", "text")
    fields = ("key", "section", "cause", "text", "position", "is_active")

    @admin.display(description=_("text"), ordering="text")
    def short_text(self, obj):
        return library._short(obj.text, 90)

    def preview_context(self, request, obj, data):
        cause = obj.cause.slug if obj.cause_id else None
        if obj.section in LETTER_SECTIONS:
            context = self.letter_context(
                request, data, cause=cause, phrases={obj.section: obj.key}
            )
        else:
            # Buyer messages and annotation requests are sent on their own.
            today = timezone.localdate()
            answers = samples.sample_answers(data, today=today, cause=cause)
            context = {
                "answers": answers,
                "values": letters.placeholder_values(answers, today=today),
                "standalone": True,
            }
        context["phrase_text"] = self.rendered(obj.text, context["values"])
        context["inactive"] = not obj.is_active
        return context


@admin.register(LetterShape)
class LetterShapeAdmin(LibraryAdmin):
    list_display = ("name", "slug", "position", "is_active", "preview_link")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "description")
    fields = ("name", "slug", "description", "position", "is_active")
    inlines = [ShapeSectionInline]

    def preview_context(self, request, obj, data):
        return self.letter_context(request, data, shape=obj.slug)


# ---------------------------------------------------------------------- versions


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("What changed, in a sentence"),
        max_length=300,
        help_text=_("Shown in the version history, e.g. “New closing phrases”."),
    )
    checksum = forms.CharField(widget=forms.HiddenInput)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Library file (library.json)"),
        help_text=_("A file written by “Export library” or manage.py library_export."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > library.MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)d MB."),
                code="too_large",
                params={"size": library.MAX_FILE_BYTES // (1024 * 1024)},
            )
        try:
            self.data_imported = library.library_parse(upload.read())
        except library.LibraryFormatError as exc:
            shown = exc.errors[:MAX_ERRORS_SHOWN]
            errors = [ValidationError(e, code="invalid_library") for e in shown]
            if len(exc.errors) > len(shown):
                errors.append(
                    ValidationError(
                        _("… and %(count)d more problems."),
                        code="invalid_library",
                        params={"count": len(exc.errors) - len(shown)},
                    )
                )
            raise ValidationError(errors) from exc
        return upload


class ImportConfirmForm(forms.Form):
    checksum = forms.CharField(widget=forms.HiddenInput)


@admin.register(LibraryVersion)
class LibraryVersionAdmin(RoundTripAdminMixin, admin.ModelAdmin):
    """The version history: read-only, nothing deleted; publishing has its own page."""

    list_display = (
        "number",
        "published_at",
        "published_by",
        "note",
        "contents",
        "links",
    )
    list_display_links = ("number",)
    search_fields = ("note",)
    actions = ["download_selected"]
    fields = ("number", "published_at", "published_by", "note", "contents", "checksum")
    readonly_fields = fields
    list_select_related = ("published_by",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Download the selected version as a library file"),
        permissions=["view"],
    )
    def download_selected(self, request, queryset):
        versions = list(queryset[:2])
        if len(versions) != 1:
            self.message_user(
                request,
                gettext("Select exactly one version to download."),
                messages.WARNING,
            )
            return None
        version = versions[0]
        return _json_download(version.data, f"library-v{version.number}.json")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": gettext("Library version history"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("contents"))
    def contents(self, obj):
        counts = library.library_counts(obj.data)
        actions = sum(counts["actions"].values())
        return gettext(
            "%(causes)d causes, %(root_causes)d root causes, %(actions)d actions, "
            "%(phrases)d phrases"
        ) % {
            "causes": len(counts["causes"]),
            "root_causes": counts["root_causes"],
            "actions": actions,
            "phrases": sum(counts["phrases"].values()),
        }

    @admin.display(description=_("changes"))
    def links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:appeals_libraryversion_changes", args=[obj.pk]),
            gettext("What changed"),
            reverse("admin:appeals_libraryversion_download", args=[obj.pk]),
            gettext("Download"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("publish/", view(self.publish_view), name="appeals_library_publish"),
            path("export/", view(self.export_view), name="appeals_library_export"),
            path("import/", view(self.import_view), name="appeals_library_import"),
            path(
                "import/confirm/",
                view(self.import_confirm_view),
                name="appeals_library_import_confirm",
            ),
            path(
                "<int:pk>/changes/",
                view(self.changes_view),
                name="appeals_libraryversion_changes",
            ),
            path(
                "<int:pk>/download/",
                view(self.download_view),
                name="appeals_libraryversion_download",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["changes_url"] = reverse(
                "admin:appeals_libraryversion_changes", args=[obj.pk]
            )
            context["download_url"] = reverse(
                "admin:appeals_libraryversion_download", args=[obj.pk]
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def _context(self, request, title, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **extra,
        }

    def _version(self, request, pk) -> LibraryVersion:
        if not self.has_view_permission(request):
            raise PermissionDenied
        version = LibraryVersion.objects.filter(pk=pk).first()
        if version is None:
            raise Http404
        return version

    def changes_view(self, request, pk):
        version = self._version(request, pk)
        previous = library.version_previous(version=version)
        diff = library.library_diff(previous.data if previous else None, version.data)
        context = self._context(
            request,
            gettext("What changed in version %(number)d") % {"number": version.number},
            version=version,
            previous=previous,
            **diff_context(diff),
        )
        return TemplateResponse(
            request, "admin/appeals/libraryversion/changes.html", context
        )

    def download_view(self, request, pk):
        version = self._version(request, pk)
        return _json_download(version.data, f"library-v{version.number}.json")

    def export_view(self, request):
        if not can_export(request.user):
            raise PermissionDenied
        try:
            data = library.library_export()
        except library.LibraryFormatError as exc:
            self.message_user(
                request,
                gettext("The working copy cannot be exported: %(errors)s")
                % {"errors": "; ".join(exc.errors[:10])},
                messages.ERROR,
            )
            return HttpResponseRedirect(
                reverse("admin:appeals_libraryversion_changelist")
            )
        return _json_download(data, "library.json")

    def publish_view(self, request):
        """Show what changed since the newest version; publish the working copy on POST."""
        if not request.user.has_perm("appeals.add_libraryversion"):
            raise PermissionDenied
        current = library.library_current()
        try:
            working = library.library_export()
        except library.LibraryFormatError as exc:
            context = self._context(
                request, gettext("Publish library"), library_errors=exc.errors
            )
            return TemplateResponse(
                request, "admin/appeals/libraryversion/publish.html", context
            )
        diff = library.library_diff(current.data if current else None, working)
        reviewed = library.checksum(working)
        form = PublishForm(request.POST or None, initial={"checksum": reviewed})
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["checksum"] != reviewed:
                self.message_user(
                    request,
                    gettext(
                        "The library changed while you were reviewing it. Check the "
                        "changes below again, then publish."
                    ),
                    messages.WARNING,
                )
                form = PublishForm(
                    initial={"checksum": reviewed, "note": form.cleaned_data["note"]}
                )
            elif not diff:
                self.message_user(
                    request,
                    gettext("Nothing has changed since the newest version."),
                    messages.WARNING,
                )
            else:
                version = library.library_publish(
                    user=request.user, note=form.cleaned_data["note"]
                )
                self.log_addition(request, version, [{"added": {}}])
                self.message_user(
                    request,
                    gettext(
                        "Published library version %(number)d. New appeals use it "
                        "from now on; existing appeals keep the version they started "
                        "with."
                    )
                    % {"number": version.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:appeals_libraryversion_changelist")
                )
        context = self._context(
            request,
            gettext("Publish library"),
            form=form,
            current=current,
            flags=library.library_flags(library.library_counts(working)),
            shapes=LetterShape.objects.all(),
            **diff_context(diff),
        )
        return TemplateResponse(
            request, "admin/appeals/libraryversion/publish.html", context
        )

    def import_view(self, request):
        """Upload a library file; a valid one waits in the session for confirmation."""
        if not can_import(request.user):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.data_imported
            request.session[IMPORT_SESSION_KEY] = {
                "name": form.cleaned_data["file"].name,
                "checksum": library.checksum(data),
                "data": data,
            }
            return HttpResponseRedirect(reverse("admin:appeals_library_import_confirm"))
        context = self._context(
            request,
            gettext("Import library"),
            form=form,
            max_mb=library.MAX_FILE_BYTES // (1024 * 1024),
        )
        return TemplateResponse(
            request, "admin/appeals/libraryversion/import.html", context
        )

    def import_confirm_view(self, request):
        """Show the uploaded file against the working copy; replace it on POST."""
        if not can_import(request.user):
            raise PermissionDenied
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending:
            self.message_user(
                request,
                gettext("There is no uploaded library waiting. Upload a file first."),
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:appeals_library_import"))
        if request.method == "POST" and "discard" in request.POST:
            del request.session[IMPORT_SESSION_KEY]
            self.message_user(
                request,
                gettext("The uploaded file was discarded; nothing changed."),
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:appeals_library_import"))
        form = ImportConfirmForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["checksum"] != pending["checksum"]:
                raise PermissionDenied
            library.library_import(data=pending["data"])
            del request.session[IMPORT_SESSION_KEY]
            self.message_user(
                request,
                gettext(
                    "The working copy now holds %(name)s. Preview it, then publish "
                    "it when you are ready: sellers see nothing until then."
                )
                % {"name": pending["name"]},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:appeals_library_publish"))
        try:
            working = library.library_export()
        except library.LibraryFormatError:
            working = None
        diff = library.library_diff(working, pending["data"])
        counts = library.library_counts(pending["data"])
        context = self._context(
            request,
            gettext("Replace the working copy?"),
            form=ImportConfirmForm(initial={"checksum": pending["checksum"]}),
            file_name=pending["name"],
            counts=counts,
            flags=library.library_flags(counts),
            **diff_context(diff),
        )
        return TemplateResponse(
            request, "admin/appeals/libraryversion/import_confirm.html", context
        )


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        library.library_dumps(data), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ------------------------------------------------------------- superusers only


class SuperuserOnlyAdmin(RoundTripAdminMixin, admin.ModelAdmin):
    """Sellers' data: visible to superusers alone, whatever permissions a group holds."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class RoundInline(RoundTripAdminMixin, admin.TabularInline):
    model = Round
    fields = ("number", "library_version", "shape", "submitted_on", "updated_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Appeal)
class AppealAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "store", "workspace", "status", "updated_at")
    list_filter = ("status",)
    list_select_related = ("store", "workspace")
    search_fields = ("title", "store__name", "workspace__name")
    raw_id_fields = ("workspace", "store", "created_by", "source")
    inlines = [RoundInline]

    def has_add_permission(self, request):
        # An appeal starts with its first round (services.appeal_create), never bare.
        return False


@admin.register(Round)
class RoundAdmin(SuperuserOnlyAdmin):
    list_display = ("__str__", "number", "library_version", "shape", "updated_at")
    list_filter = ("shape",)
    list_select_related = ("appeal", "library_version")
    raw_id_fields = ("appeal",)
    readonly_fields = ("library_version", "sent_text", "revision")
