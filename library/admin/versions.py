"""Published versions: the history, publishing the working copy, import and export."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.admin_base import RoundTripAdminMixin
from library import services as library
from library.models import (
    LetterShape,
    LibraryVersion,
)
from library.selectors import version_current

from .common import (
    IMPORT_SESSION_KEY,
    MAX_ERRORS_SHOWN,
    can_export,
    can_import,
    diff_context,
)

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
            reverse("admin:library_libraryversion_changes", args=[obj.pk]),
            gettext("What changed"),
            reverse("admin:library_libraryversion_download", args=[obj.pk]),
            gettext("Download"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("publish/", view(self.publish_view), name="library_publish"),
            path("export/", view(self.export_view), name="library_export"),
            path("import/", view(self.import_view), name="library_import"),
            path(
                "import/confirm/",
                view(self.import_confirm_view),
                name="library_import_confirm",
            ),
            path(
                "<int:pk>/changes/",
                view(self.changes_view),
                name="library_libraryversion_changes",
            ),
            path(
                "<int:pk>/download/",
                view(self.download_view),
                name="library_libraryversion_download",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["changes_url"] = reverse(
                "admin:library_libraryversion_changes", args=[obj.pk]
            )
            context["download_url"] = reverse(
                "admin:library_libraryversion_download", args=[obj.pk]
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
            request, "admin/library/libraryversion/changes.html", context
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
                reverse("admin:library_libraryversion_changelist")
            )
        return _json_download(data, "library.json")

    def publish_view(self, request):
        """Show what changed since the newest version; publish the working copy on POST."""
        if not request.user.has_perm("library.add_libraryversion"):
            raise PermissionDenied
        current = version_current()
        try:
            working = library.library_export()
        except library.LibraryFormatError as exc:
            context = self._context(
                request, gettext("Publish library"), library_errors=exc.errors
            )
            return TemplateResponse(
                request, "admin/library/libraryversion/publish.html", context
            )
        diff = library.library_diff(current.data if current else None, working)
        reviewed = library.checksum(working)
        form = PublishForm(request.POST or None, initial={"checksum": reviewed})
        if request.method == "POST" and form.is_valid():
            published = self._publish(
                request, form, reviewed=reviewed, changed=bool(diff)
            )
            if published:
                return HttpResponseRedirect(
                    reverse("admin:library_libraryversion_changelist")
                )
            if form.cleaned_data["checksum"] != reviewed:
                form = PublishForm(
                    initial={"checksum": reviewed, "note": form.cleaned_data["note"]}
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
            request, "admin/library/libraryversion/publish.html", context
        )

    def _publish(self, request, form, *, reviewed: str, changed: bool) -> bool:
        """Publish what the curator reviewed; False (with a message) when it changed
        meanwhile or holds nothing new."""
        if form.cleaned_data["checksum"] != reviewed:
            self.message_user(
                request,
                gettext(
                    "The library changed while you were reviewing it. Check the "
                    "changes below again, then publish."
                ),
                messages.WARNING,
            )
            return False
        if not changed:
            self.message_user(
                request,
                gettext("Nothing has changed since the newest version."),
                messages.WARNING,
            )
            return False
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
        return True

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
            return HttpResponseRedirect(reverse("admin:library_import_confirm"))
        context = self._context(
            request,
            gettext("Import library"),
            form=form,
            max_mb=library.MAX_FILE_BYTES // (1024 * 1024),
        )
        return TemplateResponse(
            request, "admin/library/libraryversion/import.html", context
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
            return HttpResponseRedirect(reverse("admin:library_import"))
        if request.method == "POST" and "discard" in request.POST:
            del request.session[IMPORT_SESSION_KEY]
            self.message_user(
                request,
                gettext("The uploaded file was discarded; nothing changed."),
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:library_import"))
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
            return HttpResponseRedirect(reverse("admin:library_publish"))
        return self._import_confirm_page(request, pending)

    def _import_confirm_page(self, request, pending: dict):
        """The uploaded file against the working copy, with its counts and flags."""
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
            request, "admin/library/libraryversion/import_confirm.html", context
        )


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = HttpResponse(
        library.library_dumps(data), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
