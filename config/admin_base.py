"""What every admin page of the project shares so that saving a page unchanged changes
nothing (tests/test_roundtrip.py walks every admin change form).

- Text areas store line breaks as ``\\n`` (browsers send CRLF).
- Timestamps are records, not input: the admin's split date/time widget keeps whole
  seconds only, so an editable timestamp would lose its microseconds on every save.
  They are shown read-only; the app's own actions (revoke, publish) set them.
"""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models


class AdminTextarea(AdminTextareaWidget):
    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value


class RoundTripAdminMixin:
    """Mix into every ModelAdmin and inline of the project, before Django's class."""

    formfield_overrides = {models.TextField: {"widget": AdminTextarea}}

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        fields += [
            f.name
            for f in self.model._meta.concrete_fields
            if isinstance(f, models.DateTimeField) and f.name not in fields
        ]
        return fields
