"""Form widgets whose rendered value follows HTML, not the active language.

HTML fixes the value of ``<input type="date">`` to ISO ``YYYY-MM-DD`` whatever the
language of the page (the browser shows it in the user's locale). Django's own
``DateInput`` renders the first of the active locale's ``DATE_INPUT_FORMATS``, which in
简体中文 is ``%Y/%m/%d``: browsers reject that value, show an empty field, and the next
save erases the date. Every date field of the project is this ``DateField`` with this
``DateInput``, so none can render a localized value into a date input
(tests/test_roundtrip.py checks every form).
"""

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """``<input type="date">`` whose value is always ISO, in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=ISO_DATE)


class DateField(forms.DateField):
    """A date typed in a date input: rendered as ISO, read as ISO first.

    The locale's input formats still parse (a client or script may post them), but ISO
    is tried first so a value a browser sends never depends on the language.
    """

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                return super().strptime(value.strip(), ISO_DATE)
            except ValueError:
                pass
        return super().to_python(value)


class Textarea(forms.Textarea):
    """A textarea whose line breaks are stored as ``\\n``, with no ``maxlength``.

    Browsers submit a textarea's line breaks as CRLF (HTML's form submission rules),
    while text saved by the app, the library and the tests uses ``\\n``: without this,
    saving a page unchanged would rewrite every multi-line text.

    A field's ``max_length`` is checked on the server only: a browser given
    ``maxlength`` silently cuts a pasted text short, while the form says the text is
    too long and shows all of it again.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value
