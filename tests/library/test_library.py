"""library/services.py and its management commands: format, import/export, diff, counts."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from library import services as library
from library.models import Action, LibraryVersion, Phrase, RootCause, SuspensionCause

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"


def shipped() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def imported(db):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    return library.library_export()


def counts_output(*args) -> str:
    out = StringIO()
    call_command("library_counts", *args, stdout=out)
    return out.getvalue()


# ------------------------------------------------------------------ format


def test_normalize_is_idempotent_on_the_shipped_library():
    data = library.normalize(shipped())
    assert library.normalize(copy.deepcopy(data)) == data


def test_normalize_lists_every_problem_with_its_path_instead_of_crashing():
    data = {
        "format": library.FORMAT,
        "causes": [
            "not an object",
            {
                "slug": "ok",
                "name": "A cause",
                "position": "ten",
                "root_causes": [
                    {
                        "slug": "rc",
                        "title": "",
                        "explanation": "Sold by {shop}.",
                        "actions": [
                            {"slug": "a", "kind": "sometimes", "text": "[x](http://y)"}
                        ],
                    }
                ],
            },
        ],
        "phrases": {"not": "a list"},
        "shapes": [{"slug": "bad slug!", "name": "Shape", "sections": [{"kind": "x"}]}],
    }
    with pytest.raises(library.LibraryFormatError) as exc:
        library.normalize(data)
    errors = exc.value.errors
    expected = [
        "causes[0]: must be an object",
        "causes[1].position: must be a whole number",
        "causes[1].root_causes[0].title: must not be empty",
        "causes[1].root_causes[0]: unknown placeholder(s) shop",
        "causes[1].root_causes[0].actions[0]: kind must be corrective or preventive",
        "causes[1].root_causes[0].actions[0]: links and images are not allowed",
        "causes[1].root_causes[0].actions[0].timeframe: must not be empty",
        "phrases: must be a list",
        "shapes[0].sections[0]: unknown kind 'x'",
    ]
    for message in expected:
        assert message in errors
    assert any(e.startswith("shapes[0]: slug 'bad slug!'") for e in errors)


def test_normalize_refuses_a_file_of_another_format():
    with pytest.raises(library.LibraryFormatError) as exc:
        library.normalize({"format": "something-else/2"})
    assert "reinstate-library/1" in exc.value.errors[0]


def test_normalize_refuses_text_longer_than_the_database_column():
    data = library.normalize(shipped())
    data["causes"][0]["root_causes"][0]["title"] = "x" * 201
    with pytest.raises(library.LibraryFormatError) as exc:
        library.normalize(data)
    assert exc.value.errors == [
        "causes[0].root_causes[0].title: longer than 200 characters"
    ]


def test_library_parse_reads_utf8_with_a_byte_order_mark():
    raw = "\ufeff".encode() + FIXTURE.read_bytes()
    assert library.library_parse(raw) == library.normalize(shipped())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe{", "not UTF-8"),
        (b'{"format": ', "not valid JSON"),
        (b"[1, 2]", "not a library file"),
        (b" " * (library.MAX_FILE_BYTES + 1), "larger than 5 MB"),
    ],
)
def test_library_parse_explains_why_a_file_is_refused(raw, message):
    with pytest.raises(library.LibraryFormatError) as exc:
        library.library_parse(raw)
    assert message in exc.value.errors[0]


# ---------------------------------------------------------- import / export


def test_export_import_export_gives_identical_json(imported):
    first = library.library_dumps(library.library_export())
    library.library_import(data=json.loads(first))
    assert library.library_dumps(library.library_export()) == first


def test_import_replaces_the_working_copy_and_export_matches_the_file(imported):
    assert imported == library.normalize(shipped())
    assert SuspensionCause.objects.count() == len(imported["causes"])


def test_import_of_an_invalid_file_changes_nothing(imported):
    broken = copy.deepcopy(imported)
    broken["phrases"][0]["text"] = "Hello {shop_name}"
    with pytest.raises(library.LibraryFormatError):
        library.library_import(data=broken)
    assert library.library_export() == imported


def test_management_commands_round_trip_a_library_file(imported, tmp_path):
    first, second = tmp_path / "one.json", tmp_path / "two.json"
    call_command("library_export", "--output", str(first), stderr=StringIO())
    Phrase.objects.all().delete()
    out = StringIO()
    call_command("library_import", str(first), stdout=out)
    assert "Imported 28 causes" in out.getvalue()
    call_command("library_export", "--output", str(second), stderr=StringIO())
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(first.read_text()) == imported


def test_library_import_command_lists_the_errors_of_an_invalid_file(db, tmp_path):
    bad = tmp_path / "bad.json"
    data = shipped()
    data["phrases"][0]["text"] = "Visit [us](https://example.com)"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match="links and images are not allowed"):
        call_command("library_import", str(bad))
    assert not SuspensionCause.objects.exists()


def test_library_import_if_changed_publishes_once(db):
    args = (str(FIXTURE), "--publish", "--if-changed")
    call_command("library_import", *args, stdout=StringIO())
    out = StringIO()
    call_command("library_import", *args, stdout=out)
    assert "already published" in out.getvalue()
    assert LibraryVersion.objects.count() == 1


# ------------------------------------------------------------------ counts


def test_shipped_library_meets_the_content_counts_directly():
    data = library.normalize(shipped())
    causes = [c for c in data["causes"] if c["is_active"]]
    assert len(causes) >= 12
    for cause in causes:
        roots = [rc for rc in cause["root_causes"] if rc["is_active"]]
        assert len(roots) >= 4, cause["slug"]
        for rc in roots:
            actions = [a for a in rc["actions"] if a["is_active"]]
            assert len(actions) >= 3, rc["slug"]
            assert {a["kind"] for a in actions} == {"corrective", "preventive"}
            assert all(a["timeframe"] for a in actions)
        for section in ("acknowledgement", "closing"):
            usable = [
                p
                for p in data["phrases"]
                if p["is_active"]
                and p["section"] == section
                and p["cause"] in (None, cause["slug"])
            ]
            assert len(usable) >= 3, (cause["slug"], section)


def test_library_counts_command_prints_the_shipped_counts_without_flags(imported):
    out = counts_output()
    data = library.normalize(shipped())
    actions = [
        a
        for c in data["causes"]
        for rc in c["root_causes"]
        if rc["is_active"]
        for a in rc["actions"]
        if a["is_active"]
    ]
    corrective = sum(1 for a in actions if a["kind"] == "corrective")
    assert "Published version 1" in out
    assert f"Causes: {len(data['causes'])}" in out
    assert f"corrective {corrective}, preventive {len(actions) - corrective}" in out
    assert "odr-a-to-z-claims" in out
    assert "acknowledgement" in out and "closing" in out
    assert "No content rule is broken." in out


def test_library_counts_flags_thin_causes_and_root_causes_in_the_working_copy(imported):
    cause = SuspensionCause.objects.get(slug="odr-a-to-z-claims")
    root = cause.root_causes.order_by("position").first()
    root.actions.filter(kind="preventive").update(is_active=False)
    RootCause.objects.filter(cause=cause).exclude(pk=root.pk).update(is_active=False)
    Phrase.objects.filter(section="closing").exclude(
        pk=Phrase.objects.filter(section="closing", cause=None).first().pk
    ).update(is_active=False)
    out = counts_output("--working-copy")
    assert "Working copy" in out
    assert "odr-a-to-z-claims: 1 root causes (at least 4 wanted)" in out
    assert f"odr-a-to-z-claims/{root.slug}: no preventive action" in out
    assert "odr-a-to-z-claims: 1 closing phrases to choose from" in out
    # The published version is untouched by edits to the working copy.
    assert "No content rule is broken." in counts_output()


def test_library_counts_strict_fails_when_a_rule_is_broken(imported):
    Action.objects.filter(kind="corrective").update(is_active=False)
    with pytest.raises(CommandError, match="content rule"):
        counts_output("--working-copy", "--strict")


def test_library_counts_without_a_published_version_says_so(db):
    with pytest.raises(CommandError, match="No library version is published"):
        counts_output()


# -------------------------------------------------------------------- diff


def test_diff_of_identical_libraries_is_empty():
    data = library.normalize(shipped())
    assert not library.library_diff(data, copy.deepcopy(data))


def test_diff_names_changed_fields_with_word_level_changes():
    old = library.normalize(shipped())
    new = copy.deepcopy(old)
    cause = new["causes"][0]
    root = cause["root_causes"][0]
    root["explanation"] = "We answered buyers too slowly."
    root["actions"][0]["is_active"] = False
    diff = library.library_diff(old, new)
    changes = {(c.kind, c.ref): c for c in diff.changes}
    ref = f"{cause['slug']}/{root['slug']}"
    explanation = changes[("root_cause", ref)].fields[0]
    assert explanation.name == "explanation"
    assert explanation.new == "We answered buyers too slowly."
    assert ("ins", "We") in explanation.ops or any(
        op == "ins" and "slowly." in text for op, text in explanation.ops
    )
    active = changes[("action", f"{ref}/{root['actions'][0]['slug']}")].fields[0]
    assert (active.name, active.old, active.new) == ("is_active", "yes", "no")
    assert diff.summary() == [
        {"kind": "root_cause", "added": 0, "removed": 0, "changed": 1},
        {"kind": "action", "added": 0, "removed": 0, "changed": 1},
    ]


def test_diff_reports_an_added_cause_once_with_what_it_holds():
    old = library.normalize(shipped())
    new = copy.deepcopy(old)
    removed = new["causes"].pop()
    new["phrases"] = [p for p in new["phrases"] if p["cause"] != removed["slug"]]
    diff = library.library_diff(new, old)
    causes = diff.of_kind("cause")
    assert [(c.ref, c.change) for c in causes] == [(removed["slug"], "added")]
    actions = sum(len(rc["actions"]) for rc in removed["root_causes"])
    assert causes[0].detail == (
        f"{len(removed['root_causes'])} root causes, {actions} actions"
    )
    assert not diff.of_kind("root_cause") and not diff.of_kind("action")
    reverse = library.library_diff(old, new)
    assert [c.change for c in reverse.of_kind("cause")] == ["removed"]


def test_diff_against_nothing_lists_everything_as_added():
    data = library.normalize(shipped())
    diff = library.library_diff(None, data)
    assert {c.change for c in diff.changes} == {"added"}
    assert len(diff.of_kind("cause")) == len(data["causes"])
    assert len(diff.of_kind("phrase")) == len(data["phrases"])


def test_library_export_command_writes_a_published_version(imported):
    Phrase.objects.all().delete()
    out = StringIO()
    call_command("library_export", "--library-version", "1", stdout=out)
    assert json.loads(out.getvalue()) == LibraryVersion.objects.get(number=1).data
    with pytest.raises(CommandError, match="No published library version 9"):
        call_command("library_export", "--library-version", "9", stdout=StringIO())


def test_library_import_command_reads_a_file_with_a_byte_order_mark(db, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes("\ufeff".encode() + FIXTURE.read_bytes())
    call_command("library_import", str(path), stdout=StringIO())
    assert library.library_export() == library.normalize(shipped())


def test_normalize_refuses_a_flag_that_is_not_true_or_false_and_huge_positions():
    data = library.normalize(shipped())
    data["phrases"][0]["is_active"] = "false"
    data["phrases"][1]["position"] = 10**12
    with pytest.raises(library.LibraryFormatError) as exc:
        library.normalize(data)
    assert exc.value.errors == [
        "phrases[0].is_active: must be true or false",
        "phrases[1].position: must be between 0 and 1000000",
    ]
