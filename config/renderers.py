"""The form renderer: Django's, with the common widgets written in Python.

A wizard step shows up to 170 widgets; each went through Django's widget templates
(``input.html`` and its ``attrs.html`` loop, ``select.html`` with an include per
option), about half of a step page's time. ``FastTemplates`` writes the markup those
templates write, character for character (tests/test_renderers.py compares the two on
every kind of value), for inputs, textareas and selects; any other template, and any
widget whose options use another template, goes through the templates as before.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
_INPUTS = {
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "checkbox",
        "search",
        "tel",
    )
}
_OPTION = f"{_WIDGETS}select_option.html"
_DJANGO_FORMS = str(Path(django.forms.__file__).resolve().parent / "templates")
_CONTEXT = Context(autoescape=True)  # what a form template's {{ }} uses: l10n, tz


def _value(value) -> str:
    """``{{ value }}``: localized, then escaped unless it is safe already."""
    return render_value_in_context(value, _CONTEXT)


def _format(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``%s``, escaped unless the value was safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_value(name)}" if value is True else f' {_value(name)}="{_format(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_format(widget["value"])}"'
    return (
        f'<input type="{_value(widget["type"])}" name="{_value(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _value(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{value}</textarea>"
    )


def _select(widget: dict) -> str | None:
    out = [f'<select name="{_value(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_value(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            out.append(
                f'\n  <option value="{_format(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_value(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FastTemplates(DjangoTemplates):
    """Django's default renderer, with inputs, textareas and selects in Python."""

    @cached_property
    def _templates_are_djangos(self) -> bool:
        """True while the widget templates found are Django's own (an app that
        overrides one gets its template rendered, not our Python)."""
        names = [
            *_INPUTS,
            _OPTION,
            f"{_WIDGETS}textarea.html",
            f"{_WIDGETS}select.html",
        ]
        return all(
            self.get_template(n).template.origin.name.startswith(_DJANGO_FORMS)
            for n in names
        )

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None and self._templates_are_djangos:
            if template_name in _INPUTS:
                html = _input(widget)
            elif template_name == f"{_WIDGETS}textarea.html":
                html = _textarea(widget)
            elif template_name == f"{_WIDGETS}select.html":
                html = _select(widget)
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()
