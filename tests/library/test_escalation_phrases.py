"""The escalation phrase sections travel like every other part of the library: in the
file format, through import, export, publish and the diff, and past the content check."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from library import services as library
from library.concepts import addressee as addressees
from library.format import LibraryFormatError, normalize
from library.models import Phrase
from library.readmodel import Library

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "library.json"
CHECK = ROOT / "fixtures" / "check_library.py"


def shipped() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def escalation_phrases(data: dict) -> list[dict]:
    return [p for p in data["phrases"] if p["section"] in addressees.SECTIONS]


def test_the_shipped_library_has_four_or_more_phrases_per_escalation_section():
    data = normalize(shipped())
    for section in addressees.SECTIONS:
        assert sum(p["section"] == section for p in data["phrases"]) >= 4, section
    assert set(addressees.SECTIONS) <= set(Phrase.Section.values)


@pytest.mark.django_db
def test_escalation_phrases_round_trip_through_import_publish_and_export():
    data = library.library_import(data=shipped())
    rows = Phrase.objects.filter(section__in=addressees.SECTIONS)
    assert rows.count() == len(escalation_phrases(data)) >= 16
    exported = library.library_export()
    assert escalation_phrases(exported) == escalation_phrases(normalize(shipped()))
    version = library.library_publish(note="escalations")
    typed = Library.from_data(version.data)
    for section in addressees.SECTIONS:
        assert len(typed.phrases_of(section)) >= 4
    assert library.library_counts(exported)["phrases"][addressees.SECTION_TEAM] >= 4


def test_the_diff_lists_added_and_changed_escalation_phrases():
    old = normalize(shipped())
    new = copy.deepcopy(old)
    team = next(p for p in new["phrases"] if p["section"] == addressees.SECTION_TEAM)
    team["text"] = "We ask the team that suspended {store_name} to review our case."
    new["phrases"].append(
        {
            "key": "esc-closing-new",
            "section": addressees.SECTION_CLOSING,
            "cause": None,
            "text": "Thank you for your review.",
            "position": 90,
            "is_active": True,
        }
    )
    diff = library.library_diff(old, normalize(new))
    changes = {(c.ref, c.change) for c in diff.of_kind(library.KIND_PHRASE)}
    assert changes == {(team["key"], "changed"), ("esc-closing-new", "added")}
    assert library.library_diff(old, normalize(copy.deepcopy(old))).changes == []


def test_a_misspelt_escalation_section_is_refused():
    data = shipped()
    escalation_phrases(data)[0]["section"] = "escalation_teams"
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert "section" in error.value.errors[0]


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECK), str(path)], capture_output=True, text=True
    )


def test_check_library_passes_and_counts_the_escalation_sections():
    result = run_check(FIXTURE)
    assert result.returncode == 0, result.stdout
    assert "escalation_executive" in result.stdout


def test_check_library_wants_four_phrases_per_escalation_section(tmp_path):
    data = shipped()
    dropped = [
        p["key"] for p in data["phrases"] if p["section"] == "escalation_closing"
    ]
    data["phrases"] = [p for p in data["phrases"] if p["key"] != dropped[0]]
    data["phrases"] = [
        p for p in data["phrases"] if len(dropped) <= 4 or p["key"] != dropped[1]
    ]
    path = tmp_path / "library.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_check(path)
    assert result.returncode == 1
    assert (
        "need at least 4 active escalation_closing phrases (generic)" in result.stdout
    )
