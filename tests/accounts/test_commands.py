"""Set-up commands: catalogues compile only when changed; demo logins are printed."""

import gettext
from io import StringIO

import polib
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD


def _catalogue(base, msgstr):
    folder = base / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgid="Sign in", msgstr=msgstr))
    po.save(str(folder / "django.po"))
    return folder / "django.mo"


def _compile(settings, base) -> str:
    settings.BASE_DIR = base
    out = StringIO()
    call_command("compile_catalogues", stdout=out)
    return out.getvalue()


def test_compile_catalogues_writes_the_mo_only_when_the_po_changed(settings, tmp_path):
    mo = _catalogue(tmp_path, "登录")
    assert "Compiled" in _compile(settings, tmp_path)
    assert gettext.GNUTranslations(mo.open("rb")).gettext("Sign in") == "登录"

    assert _compile(settings, tmp_path) == ""  # unchanged: nothing rewritten

    _catalogue(tmp_path, "请登录")
    assert "Compiled" in _compile(settings, tmp_path)
    assert gettext.GNUTranslations(mo.open("rb")).gettext("Sign in") == "请登录"


def test_compile_catalogues_recompiles_an_mo_newer_than_a_changed_po(
    settings, tmp_path
):
    """A checkout can leave the .po older than a stale .mo; content decides."""
    import os

    mo = _catalogue(tmp_path, "登录")
    _compile(settings, tmp_path)
    _catalogue(tmp_path, "请登录")
    po = mo.with_suffix(".po")
    os.utime(po, (1, 1))  # far in the past
    assert "Compiled" in _compile(settings, tmp_path)


def test_demo_logins_lists_the_three_roles_with_the_url():
    out = StringIO()
    call_command("demo_logins", url="http://127.0.0.1:8123/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    for username in ["seller", "consultant", "curator"]:
        assert f"user: {username}" in text
    assert text.count(DEMO_PASSWORD) == 3
