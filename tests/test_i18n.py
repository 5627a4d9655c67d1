"""The zh-hans catalogue is complete, its placeholders match, and pages use it."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.urls import reverse

from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES_IGNORE = [
    ".venv",
    "staticfiles",
    "tests",
    "bench",
    "fixtures",
    "docs",
    "locale",
    ".i18n-check-*",
]

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def entries():
    return [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]


def test_catalogue_header_declares_chinese_plurals():
    po = polib.pofile(str(CATALOGUE))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert "charset=UTF-8" in po.metadata["Content-Type"]
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(CATALOGUE))
    assert len(entries()) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("entry", entries(), ids=lambda e: e.msgid[:50])
def test_placeholders_and_markup_survive_translation(entry):
    if entry.msgid_plural:
        translated = entry.msgstr_plural[0]
        # Chinese has one form; it must carry what the plural English form carries.
        assert set(placeholders(translated)) == set(placeholders(entry.msgid_plural))
    else:
        translated = entry.msgstr
        assert placeholders(translated) == placeholders(entry.msgid)
    assert sorted(TAG.findall(translated)) == sorted(TAG.findall(entry.msgid))
    assert ("%%" in translated) == ("%%" in entry.msgid)


@pytest.mark.skipif(
    not shutil.which("xgettext") and not os.environ.get("CI"),
    reason="GNU gettext is not installed (CI installs it, so CI never skips this)",
)
def test_makemessages_finds_no_string_missing_from_the_catalogue(tmp_path):
    # makemessages writes each source file's strings to the first locale path whose
    # parent folder contains the file, so the scratch copy lives inside BASE_DIR
    # (and the real locale/ is ignored, or makemessages would pick it first).
    locale = Path(tempfile.mkdtemp(dir=BASE_DIR, prefix=".i18n-check-"))
    try:
        result = _makemessages_into(locale, tmp_path)
        fresh = polib.pofile(str(locale / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    finally:
        shutil.rmtree(locale)
    assert result.returncode == 0, result.stderr
    committed = {(e.msgctxt, e.msgid) for e in entries()}
    missing = sorted(
        e.msgid
        for e in fresh
        if not e.obsolete and (e.msgctxt, e.msgid) not in committed
    )
    assert not missing, (
        "Strings not in locale/zh_Hans/LC_MESSAGES/django.po (run makemessages and "
        f"translate them): {missing}"
    )


def _makemessages_into(locale: Path, settings_dir: Path) -> subprocess.CompletedProcess:
    target = locale / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy(CATALOGUE, target / "django.po")
    (settings_dir / "i18n_check_settings.py").write_text(
        f"from config.settings import *  # noqa\nLOCALE_PATHS = [{str(locale)!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "i18n_check_settings",
        "PYTHONPATH": os.pathsep.join([str(settings_dir), str(BASE_DIR)]),
    }
    ignores = [f"--ignore={name}" for name in MAKEMESSAGES_IGNORE]
    return subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", *ignores],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_signed_in_pages_show_chinese_navigation(client, db):
    client.force_login(UserFactory())
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("accounts:workspaces")).content.decode()
    assert '<html lang="zh-hans">' in page
    for label in ["控制台", "申诉", "账户指标", "工作区", "退出登录"]:
        assert label in page
    assert "Sign out" not in page


def test_the_language_switcher_returns_to_english(client, db):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "登录" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login")).content.decode()
    assert "Forgot your password?" in page
