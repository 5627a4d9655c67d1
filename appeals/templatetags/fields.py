"""``{{ field|as_field }}``: crispy-forms' Bootstrap 5 markup for one field, in Python.

The wizard's step pages show up to 80 fields each; ``|as_crispy_field`` renders a
template tree per field (field.html, its includes, the ``crispy_field`` tag), which took
most of a step page's time. This filter writes the same elements with the same ids,
classes and attributes (the widget still renders through Django, with the classes
crispy adds), so the pages look and behave the same at a fraction of the cost. Fields
crispy lays out differently (radio and checkbox groups, files, fieldsets, widgets made
of several inputs, forms with a FormHelper) go to ``as_crispy_field`` itself.
tests/appeals/test_fields_markup.py holds the two side by side for every step form.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_CRISPY_ONLY = (
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.FileInput,
    forms.MultiWidget,
)


def _add_classes(widget, extra: str) -> None:
    """What crispy's ``crispy_field`` tag does to the widget: its class name, then
    Bootstrap's classes, each once."""
    name = widget.__class__.__name__.lower()
    name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(name, name)
    css = widget.attrs.get("class", "")
    if css:
        if css.find(name) == -1:
            css += f" {name}"
    else:
        css = name
    for part in extra.split():
        if part not in css.split():
            css += f" {part}"
    widget.attrs["class"] = css


def _errors(field) -> SafeString:
    if not field.errors:
        return SafeString("")
    return format_html(
        '<div id="{}_error" class="invalid-feedback">{}</div>',
        getattr(field.errors, "field_id", "") or "",
        format_html_join(
            "",
            '<p id="error_{}_{}"><strong>{}</strong></p>',
            ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
        ),
    )


def _help(field) -> SafeString:
    if not field.help_text:
        return SafeString("")
    text = mark_safe(field.help_text)  # noqa: S308  (crispy prints it |safe too)  # nosec B308, B703
    if field.auto_id:
        return format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, text
        )
    return format_html('<div class="form-text">{}</div>', text)


def _label(field, css: str) -> SafeString:
    required = field.field.required
    return format_html(
        '<label{} class="{}{}">{}{}</label>',
        format_html(' for="{}"', field.id_for_label) if field.id_for_label else "",
        css,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",  # nosec B308 - a constant
    )


@register.filter
def as_field(field) -> SafeString:
    """The field as ``{{ field|as_crispy_field }}`` renders it with the bootstrap5 pack."""
    return render_field(field)


def render_field(field) -> SafeString:
    widget = field.field.widget
    if (
        isinstance(widget, _CRISPY_ONLY)
        or field.use_fieldset
        or getattr(field.form, "helper", None) is not None
    ):
        return as_crispy_field(field)
    if field.is_hidden:
        return mark_safe(str(field))  # noqa: S308 - Django's own widget HTML, values escaped  # nosec B308, B703
    wrapper = f" {css}" if (css := field.css_classes()) else ""
    invalid = " is-invalid" if field.errors else ""
    if isinstance(widget, forms.CheckboxInput):
        _add_classes(widget, f"form-check-input{invalid}")
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check{}">{}{}{}{}</div></div>',
            field.auto_id,
            wrapper,
            str(field),
            _label(field, "form-check-label"),
            _errors(field),
            _help(field),
        )
    kind = "form-select" if isinstance(widget, forms.Select) else "form-control"
    _add_classes(widget, f"{kind}{invalid}")
    return format_html(
        '<div id="div_{}" class="mb-3{}">{}{}{}{}</div>',
        field.auto_id,
        wrapper,
        _label(field, "form-label") if field.label else "",
        str(field),
        _errors(field),
        _help(field),
    )
