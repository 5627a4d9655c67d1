"""The step pages' fields (``|as_field``, config.renderers.FastTemplates) are the
markup crispy-forms and Django's widget templates write, on every step of a full
appeal and on a step that shows errors: the pages are compared element by element."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html

from appeals.models import Round
from appeals.steps import STEPS
from appeals.templatetags import fields
from config.renderers import FastTemplates
from tests.appeals.conftest import SITUATIONS
from tests.appeals.test_views import post_step, step_url

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(response) -> str:
    assert response.status_code in (200, 400), response.status_code
    return TOKEN.sub('name="csrfmiddlewaretoken"', response.content.decode())


def as_crispy_and_templates(monkeypatch):
    monkeypatch.setattr(fields, "render_field", as_crispy_field)
    monkeypatch.setattr(FastTemplates, "render", DjangoTemplates.render)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_step_pages_are_the_markup_crispy_writes(
    client, owner, appeal, situation, language, monkeypatch
):
    Round.objects.filter(appeal=appeal).update(
        answers=SITUATIONS[situation]().to_dict()
    )
    client.force_login(owner[0])
    client.cookies["django_language"] = language
    names = [s.name for s in STEPS if s.form is not None]
    fast = {name: page(client.get(step_url(appeal, name))) for name in names}
    with monkeypatch.context() as m:
        as_crispy_and_templates(m)
        slow = {name: page(client.get(step_url(appeal, name))) for name in names}
    for name in names:
        assert 'id="div_id_' in fast[name] or name == "documents"
        assert parse_html(fast[name]) == parse_html(slow[name]), name


def test_errors_are_the_markup_crispy_writes(client, owner, appeal, monkeypatch):
    client.force_login(owner[0])
    bad = {
        "notice_date": "10 November",
        "metrics-0-metric": "odr",
        "metrics-0-defects": "9",
        "metrics-0-orders": "3",
    }
    fast = page(post_step(client, appeal, "situation", bad))
    assert "invalid-feedback" in fast and "is-invalid" in fast
    with monkeypatch.context() as m:
        as_crispy_and_templates(m)
        slow = page(post_step(client, appeal, "situation", bad))
    assert parse_html(fast) == parse_html(slow)
