"""config.renderers.FastTemplates writes what Django's widget templates write."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from config import widgets
from config.renderers import FastTemplates

FAST = FastTemplates()
SLOW = DjangoTemplates()

CHOICES = [
    ("", "---------"),
    ("a&b", 'Quote " and <tag>'),
    (3, gettext_lazy("Simplified Chinese")),
    ("Group <1>", [("g1", "One"), ("g2", mark_safe("<b>safe</b>"))]),
    (Decimal("1.5"), 1.5),
]

CASES = [
    (forms.TextInput(), "text", None),
    (forms.TextInput(), "text", ""),
    (forms.TextInput(attrs={"class": "x y", "data-n": 3}), "t", 'a "b" <c> & d'),
    (forms.TextInput(), "t", mark_safe("<i>safe</i>")),
    (forms.TextInput(attrs={"required": True, "disabled": False}), "t", "v"),
    (forms.NumberInput(attrs={"min": 1}), "n", 12),
    (forms.NumberInput(), "n", Decimal("1.59")),
    (forms.NumberInput(), "n", 1.5),
    (forms.EmailInput(), "e", "li@example.com"),
    (forms.HiddenInput(), "h", 7),
    (forms.PasswordInput(), "p", "secret"),
    (forms.CheckboxInput(), "c", True),
    (forms.CheckboxInput(), "c", False),
    (forms.CheckboxInput(attrs={"class": "form-check-input"}), "c", "on"),
    (widgets.DateInput(), "d", datetime.date(2026, 11, 10)),
    (forms.DateInput(), "d", datetime.date(2026, 11, 10)),
    (forms.Textarea(), "ta", None),
    (forms.Textarea(attrs={"rows": 2}), "ta", 'line one\nline <two> & "three"'),
    (widgets.Textarea(), "ta", "0"),
    (forms.Select(choices=CHOICES), "s", "a&b"),
    (forms.Select(choices=CHOICES), "s", 3),
    (forms.Select(choices=CHOICES), "s", None),
    (forms.Select(choices=CHOICES, attrs={"class": "form-select"}), "s", "g2"),
    (forms.SelectMultiple(choices=CHOICES), "m", ["g1", "a&b"]),
    (forms.NullBooleanSelect(), "nb", True),
    # not written in Python: these go through the templates
    (forms.RadioSelect(choices=CHOICES), "r", "g1"),
    (forms.CheckboxSelectMultiple(choices=CHOICES), "cm", ["g1"]),
    (forms.ClearableFileInput(), "f", None),
]


TEMPLATED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.ClearableFileInput)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize(("widget", "name", "value"), CASES)
def test_fast_renderer_writes_what_the_templates_write(
    widget, name, value, language, monkeypatch
):
    with override(language):
        slow = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=SLOW)
        if not isinstance(widget, TEMPLATED):  # and these no longer use templates

            def no_template(*args, **kwargs):
                raise AssertionError("rendered through a template")

            monkeypatch.setattr(DjangoTemplates, "render", no_template)
        fast = widget.render(name, value, attrs={"id": f"id_{name}"}, renderer=FAST)
    assert fast == slow


def test_the_project_renders_forms_with_the_fast_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastTemplates)
    assert FAST._templates_are_djangos
