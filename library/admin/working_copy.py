"""The working copy curators edit: fact slots, causes, root causes, actions, phrases,
letter shapes."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from library import letters, placeholders, samples
from library import services as library
from library.models import (
    Action,
    CauseDocument,
    Document,
    LetterShape,
    Phrase,
    RootCause,
    RootCauseVariant,
    ShapeSection,
    Slot,
    SuspensionCause,
)

from .common import (
    LETTER_SECTIONS,
    LibraryAdmin,
    OutcomeColumnsMixin,
    PlaceholderHelpMixin,
    RootCauseChoiceField,
    TabularInline,
    with_outcomes,
)

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


class CauseDocumentInline(TabularInline):
    model = CauseDocument
    fields = ("document", "position")
    extra = 0
    ordering = ("position", "id")


class CausePhraseInline(TabularInline):
    model = Phrase
    fields = ("key", "section", "text", "position", "is_active")
    extra = 0
    show_change_link = True
    verbose_name = _("phrase for this cause only")
    verbose_name_plural = _("phrases for this cause only")


class VariantFormSet(BaseInlineFormSet):
    """Every variant names the same fact slots as the explanation: the seller fills one
    set of fields, whichever wording a letter uses (library.format checks the same)."""

    def clean(self):
        super().clean()
        slots = frozenset(Slot.objects.values_list("name", flat=True))
        wanted = set(placeholders.slots_in(self.instance.explanation or "", slots))
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            text = form.cleaned_data.get("explanation") or ""
            named = set(placeholders.slots_in(text, slots))
            if named != wanted:
                form.add_error(
                    "explanation",
                    ValidationError(
                        _(
                            "A variant names the same fact slots as the explanation "
                            "(%(wanted)s); this one names %(named)s."
                        ),
                        code="variant_slots",
                        params={
                            "wanted": _slot_list(wanted),
                            "named": _slot_list(named),
                        },
                    ),
                )


def _slot_list(names) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or str(_("none"))


class RootCauseVariantInline(TabularInline):
    model = RootCauseVariant
    formset = VariantFormSet
    fields = ("explanation", "position")
    extra = 0


class ActionInline(TabularInline):
    model = Action
    fields = (
        "kind",
        "slug",
        "text",
        "text_zh",
        "default_timeframe",
        "position",
        "is_active",
    )
    extra = 0
    ordering = ("position", "id")


class ShapeSectionInline(TabularInline):
    model = ShapeSection
    fields = ("kind", "heading", "position")
    extra = 0


# ------------------------------------------------------------------ working copy


@admin.register(Document)
class DocumentAdmin(PlaceholderHelpMixin, admin.ModelAdmin):
    """The supporting documents causes ask for, and what makes each acceptable."""

    list_display = (
        "name",
        "name_zh",
        "slug",
        "max_age_days",
        "counts_units",
        "position",
    )
    list_editable = ("position",)
    search_fields = ("name", "name_zh", "slug", "acceptable")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        ("name", "name_zh"),
        "slug",
        "acceptable",
        "acceptable_zh",
        ("max_age_days", "counts_units"),
        "position",
    )
    save_on_top = True


@admin.register(Slot)
class SlotAdmin(PlaceholderHelpMixin, admin.ModelAdmin):
    """Fact slots: what the wizard asks beside a suggestion that names ``{name}``.

    A slot some library text names keeps its name and cannot be deleted: the text would
    name a slot that no longer exists (library text is refused for the same reason).
    """

    list_display = ("braced", "label", "label_zh", "example", "used_by", "position")
    list_editable = ("position",)
    search_fields = ("name", "label", "label_zh", "hint", "example")
    fields = ("name", "label", "label_zh", "hint", "hint_zh", "example", "position")
    save_on_top = True

    @admin.display(description=_("slot"), ordering="name")
    def braced(self, obj):
        return str(obj)

    def get_queryset(self, request):
        return library.slots_with_uses()

    @admin.display(description=_("texts naming it"), ordering="uses")
    def used_by(self, obj):
        return obj.uses

    # ``obj`` and the bulk action's queryset come from get_queryset: ``uses`` is there.
    def get_readonly_fields(self, request, obj=None):
        return ("name",) if obj is not None and obj.uses else ()

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.uses:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # The bulk action: slots still named by library text are kept.
        super().delete_queryset(request, queryset.filter(uses=0))


@admin.register(SuspensionCause)
class SuspensionCauseAdmin(OutcomeColumnsMixin, LibraryAdmin):
    list_display = (
        "name",
        "slug",
        "metric",
        "route",
        "root_cause_count",
        "outcomes",
        "position",
        "is_active",
        "sample_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("metric", "route", "is_active")
    search_fields = ("name", "slug", "guidance")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        ("name", "name_zh"),
        "slug",
        ("metric", "route"),
        "guidance",
        "guidance_zh",
        "position",
        "is_active",
    )
    inlines = [CauseDocumentInline, RootCauseInline, CausePhraseInline]

    def get_queryset(self, request):
        counted = (
            super()
            .get_queryset(request)
            .annotate(
                _root_causes=Count("root_causes", filter=Q(root_causes__is_active=True))
            )
        )
        return with_outcomes(counted, "cause", "slug")

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

    def sample_context(self, request, obj, working):
        return self.letter_context(request, working, cause=obj.slug)


@admin.register(RootCause)
class RootCauseAdmin(OutcomeColumnsMixin, LibraryAdmin):
    list_display = (
        "title",
        "cause",
        "slug",
        "action_count",
        "outcomes",
        "position",
        "is_active",
        "sample_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("cause", "is_active")
    list_select_related = ("cause",)
    search_fields = ("title", "slug", "explanation", "cause__name")
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "cause",
        ("title", "title_zh"),
        "slug",
        "explanation",
        "explanation_zh",
        "position",
        "is_active",
    )
    inlines = [RootCauseVariantInline, ActionInline]

    def get_queryset(self, request):
        counted = (
            super()
            .get_queryset(request)
            .annotate(_actions=Count("actions", filter=Q(actions__is_active=True)))
        )
        return with_outcomes(counted, "root_cause", "cause__slug", "slug")

    @admin.display(description=_("active actions"), ordering="_actions")
    def action_count(self, obj):
        return obj._actions

    def sample_context(self, request, obj, working):
        context = self.letter_context(
            request, working, cause=obj.cause.slug, root_cause=obj.slug
        )
        values = context["values"]
        wordings = [obj.explanation] + [v.explanation for v in obj.variants.all()]
        context["wordings"] = [self.rendered(t, values, working) for t in wordings]
        context["inactive"] = not obj.is_active or not obj.cause.is_active
        return context


@admin.register(Action)
class ActionAdmin(OutcomeColumnsMixin, LibraryAdmin):
    list_display = (
        "short_text",
        "kind",
        "root_cause",
        "cause_name",
        "default_timeframe",
        "outcomes",
        "position",
        "is_active",
        "sample_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("root_cause__cause", "kind", "is_active")
    list_select_related = ("root_cause__cause",)
    search_fields = ("text", "slug", "root_cause__title", "root_cause__cause__name")

    def get_queryset(self, request):
        return with_outcomes(
            super().get_queryset(request),
            "action",
            "root_cause__cause__slug",
            "root_cause__slug",
            "slug",
        )

    fields = (
        "root_cause",
        "kind",
        "slug",
        "text",
        "text_zh",
        "documents",
        "default_timeframe",
        "position",
        "is_active",
    )
    filter_horizontal = ("documents",)

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

    def sample_url(self, obj) -> str:
        # An action reads best inside its root cause's letter.
        return reverse("admin:library_rootcause_sample", args=[obj.root_cause_id])

    def sample_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        return HttpResponseRedirect(self.sample_url(obj))


@admin.register(Phrase)
class PhraseAdmin(OutcomeColumnsMixin, LibraryAdmin):
    list_display = (
        "key",
        "section",
        "cause",
        "short_text",
        "outcomes",
        "position",
        "is_active",
        "sample_link",
    )
    list_editable = ("position", "is_active")
    list_filter = ("section", "cause", "is_active")
    list_select_related = ("cause",)
    search_fields = ("key", "text")
    fields = ("key", "section", "cause", "text", "position", "is_active")

    def get_queryset(self, request):
        return with_outcomes(super().get_queryset(request), "phrase", "key")

    @admin.display(description=_("text"), ordering="text")
    def short_text(self, obj):
        return library._short(obj.text, 90)

    def sample_context(self, request, obj, working):
        cause = obj.cause.slug if obj.cause_id else None
        if obj.section in LETTER_SECTIONS:
            context = self.letter_context(
                request, working, cause=cause, phrases={obj.section: obj.key}
            )
        else:
            # Buyer messages and annotation requests are sent on their own.
            today = timezone.localdate()
            answers = samples.sample_answers(working, today=today, cause=cause)
            context = {
                "answers": answers,
                "values": letters.placeholder_values(answers, today=today),
                "standalone": True,
            }
        context["phrase_text"] = self.rendered(obj.text, context["values"], working)
        context["inactive"] = not obj.is_active
        return context


@admin.register(LetterShape)
class LetterShapeAdmin(LibraryAdmin):
    list_display = ("name", "slug", "position", "is_active", "sample_link")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug", "description")
    fields = ("name", "slug", "description", "position", "is_active")
    inlines = [ShapeSectionInline]

    def sample_context(self, request, obj, working):
        return self.letter_context(request, working, shape=obj.slug)
