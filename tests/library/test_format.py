"""library/format.py: the JSON Schema of reinstate-library/1 and what it reports."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from library import format as library_format
from library import services as library
from library.concepts.metric import CAUSE_METRIC_CODES
from library.concepts.shape import SHAPES
from library.format import LibraryFormatError, normalize
from library.models import Action, Metric, Phrase, ShapeSection

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "fixtures" / "library.json"
SCHEMA_FILE = ROOT / "docs" / "library.schema.json"


def shipped() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def errors_of(data) -> list[str]:
    with pytest.raises(LibraryFormatError) as exc:
        normalize(data)
    return exc.value.errors


def tiny() -> dict:
    """A valid library with one of everything and every optional field left out."""
    return {
        "format": "reinstate-library/1",
        "causes": [
            {
                "slug": "c",
                "name": "A cause",
                "root_causes": [
                    {
                        "slug": "rc",
                        "title": "A root cause",
                        "explanation": "We were slow.",
                        "actions": [
                            {
                                "slug": "a",
                                "kind": "preventive",
                                "text": "We answer fast.",
                                "timeframe": "daily",
                            }
                        ],
                    }
                ],
            }
        ],
        "phrases": [{"key": "k", "section": "closing", "text": "Thank you."}],
        "shapes": [
            {"slug": "classic", "name": "Classic", "sections": [{"kind": "plan"}]}
        ],
    }


# ------------------------------------------------------- the shipped library


def test_the_shipped_library_meets_the_schema():
    assert list(library_format.VALIDATOR.iter_errors(shipped())) == []


def test_normalizing_the_shipped_library_only_puts_its_lists_in_order():
    """The fixture spells out every field, so its canonical form is the same file with
    each list in the documented order, byte for byte (key order included)."""
    expected = shipped()

    def by_position(items, key):
        return sorted(items, key=lambda d: (d["position"], d[key]))

    expected["slots"] = by_position(expected["slots"], "name")
    for cause in expected["causes"]:
        for rc in cause["root_causes"]:
            rc["actions"] = by_position(rc["actions"], "slug")
        cause["root_causes"] = by_position(cause["root_causes"], "slug")
    expected["causes"] = by_position(expected["causes"], "slug")
    expected["phrases"].sort(key=lambda p: (p["section"], p["position"], p["key"]))
    for shape in expected["shapes"]:
        shape["sections"].sort(key=lambda s: (s["position"], s["kind"]))
    expected["shapes"] = by_position(expected["shapes"], "slug")
    actual = normalize(shipped())
    assert library.library_dumps(actual) == library.library_dumps(expected)


def test_the_shipped_library_survives_import_and_export_unchanged(db):
    data = library.library_import(data=shipped())
    assert library.library_export() == data == normalize(shipped())


def test_normalize_fills_the_schema_defaults_strips_text_and_drops_blank_items():
    data = tiny()
    data["causes"][0]["name"] = "  A cause \n"
    data["documents"] = [{"slug": "invoice", "name": " Invoices ", "acceptable": "x"}]
    data["causes"][0]["documents"] = ["invoice", "invoice"]
    data["causes"][0]["root_causes"][0]["variants"] = ["", " We were late. "]
    assert normalize(data) == {
        "format": "reinstate-library/1",
        "slots": [],
        "documents": [
            {
                "slug": "invoice",
                "name": "Invoices",
                "name_zh": "",
                "acceptable": "x",
                "acceptable_zh": "",
                "max_age_days": None,
                "counts_units": False,
                "position": 0,
            }
        ],
        "causes": [
            {
                "slug": "c",
                "name": "A cause",
                "name_zh": "",
                "metric": "none",
                "route": "plan_of_action",
                "guidance": "",
                "guidance_zh": "",
                "documents": ["invoice"],
                "position": 0,
                "is_active": True,
                "root_causes": [
                    {
                        "slug": "rc",
                        "title": "A root cause",
                        "title_zh": "",
                        "explanation": "We were slow.",
                        "explanation_zh": "",
                        "variants": ["We were late."],
                        "position": 0,
                        "is_active": True,
                        "actions": [
                            {
                                "slug": "a",
                                "kind": "preventive",
                                "text": "We answer fast.",
                                "text_zh": "",
                                "documents": [],
                                "timeframe": "daily",
                                "position": 0,
                                "is_active": True,
                            }
                        ],
                    }
                ],
            }
        ],
        "phrases": [
            {
                "key": "k",
                "section": "closing",
                "cause": None,
                "text": "Thank you.",
                "position": 0,
                "is_active": True,
            }
        ],
        "shapes": [
            {
                "slug": "classic",
                "name": "Classic",
                "description": "",
                "position": 0,
                "is_active": True,
                "sections": [{"kind": "plan", "heading": "", "position": 0}],
            }
        ],
    }
    assert normalize({"format": "reinstate-library/1"}) == {
        "format": "reinstate-library/1",
        "slots": [],
        "documents": [],
        "causes": [],
        "phrases": [],
        "shapes": [],
    }


def test_a_file_may_name_the_schema_for_editors_and_it_is_not_kept():
    data = {"$schema": "../docs/library.schema.json", **tiny()}
    assert normalize(data) == normalize(tiny())


# ------------------------------------------------------------- every error

CAUSE = ("causes", 0)
RC = (*CAUSE, "root_causes", 0)
ACTION = (*RC, "actions", 0)
PHRASE = ("phrases", 0)
SHAPE = ("shapes", 0)
SECTION = (*SHAPE, "sections", 0)
MISSING = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        # types
        (("causes",), {}, "causes: must be a list"),
        (CAUSE, "text", "causes[0]: must be an object"),
        ((*CAUSE, "name"), 5, "causes[0].name: must be text"),
        ((*CAUSE, "guidance"), None, "causes[0].guidance: must be text"),
        ((*CAUSE, "documents"), "Invoices", "causes[0].documents: must be a list"),
        ((*CAUSE, "route"), "appeal", "causes[0]: unknown route 'appeal'"),
        ((*RC, "variants"), [3], "causes[0].root_causes[0].variants[0]: must be text"),
        (
            (*ACTION, "position"),
            "10",
            "causes[0].root_causes[0].actions[0].position: must be a whole number",
        ),
        ((*PHRASE, "is_active"), "yes", "phrases[0].is_active: must be true or false"),
        ((*PHRASE, "cause"), 7, "phrases[0].cause: must be text or null"),
        ((*SECTION, "heading"), ["x"], "shapes[0].sections[0].heading: must be text"),
        # required and blank
        (
            (*ACTION, "timeframe"),
            MISSING,
            "causes[0].root_causes[0].actions[0].timeframe: must not be empty",
        ),
        (
            (*RC, "explanation"),
            " \n ",
            "causes[0].root_causes[0].explanation: must not be empty",
        ),
        ((*SHAPE, "name"), "", "shapes[0].name: must not be empty"),
        ((*CAUSE, "slug"), MISSING, "causes[0]: missing or duplicate slug ''"),
        ((*PHRASE, "key"), "", "phrases[0]: missing or duplicate key ''"),
        # lengths, patterns and ranges
        ((*CAUSE, "name"), "x" * 201, "causes[0].name: longer than 200 characters"),
        (
            (*ACTION, "timeframe"),
            "x" * 121,
            "causes[0].root_causes[0].actions[0].timeframe: longer than 120 characters",
        ),
        (
            (*SECTION, "heading"),
            "x" * 201,
            "shapes[0].sections[0].heading: longer than 200 characters",
        ),
        (
            (*RC, "slug"),
            "no spaces",
            "causes[0].root_causes[0]: slug 'no spaces' must be "
            "at most 80 letters, digits, hyphens or underscores",
        ),
        (
            (*CAUSE, "slug"),
            "a" * 81,
            f"causes[0]: slug '{'a' * 81}' must be at most 80 "
            "letters, digits, hyphens or underscores",
        ),
        (
            (*SHAPE, "slug"),
            "a" * 41,
            f"shapes[0]: slug '{'a' * 41}' must be at most 40 "
            "letters, digits, hyphens or underscores",
        ),
        (
            (*PHRASE, "position"),
            -1,
            "phrases[0].position: must be between 0 and 1000000",
        ),
        (
            (*SHAPE, "position"),
            1_000_001,
            "shapes[0].position: must be between 0 and 1000000",
        ),
        # allowed values
        ((*CAUSE, "metric"), "speed", "causes[0]: unknown metric 'speed'"),
        (
            (*ACTION, "kind"),
            "maybe",
            "causes[0].root_causes[0].actions[0]: kind must be corrective or preventive",
        ),
        (
            (*ACTION, "kind"),
            MISSING,
            "causes[0].root_causes[0].actions[0]: kind must be corrective or preventive",
        ),
        ((*PHRASE, "section"), "greeting", "phrases[0]: unknown section 'greeting'"),
        ((*SECTION, "kind"), "x", "shapes[0].sections[0]: unknown kind 'x'"),
        # fields the format does not have
        ((*RC, "colour"), "red", "causes[0].root_causes[0]: unknown field(s) 'colour'"),
        (("notes",), "hi", "top level: unknown field(s) 'notes'"),
        # what only Python checks
        ((*PHRASE, "cause"), "nope", "phrases[0]: unknown cause 'nope'"),
        (
            (*RC, "explanation"),
            "Sold by {shop}.",
            "causes[0].root_causes[0]: unknown placeholder(s) shop",
        ),
        (
            (*RC, "variants"),
            ["See [us](https://x.example)"],
            "causes[0].root_causes[0].variants[0]: links and images are not allowed",
        ),
        (
            (*ACTION, "text"),
            "<img src=x>",
            "causes[0].root_causes[0].actions[0]: links and images are not allowed",
        ),
        (
            (*PHRASE, "text"),
            "Hello {shop_name}",
            "phrases[0]: unknown placeholder(s) shop_name",
        ),
        (
            (*SECTION, "heading"),
            "{nope}",
            "shapes[0].sections[0]: unknown placeholder(s) nope",
        ),
    ],
)
def test_each_kind_of_error_is_reported_with_its_path(path, value, message):
    data = tiny()
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    if value is MISSING:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    assert errors_of(data) == [message]


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (("causes",), "causes[1]: missing or duplicate slug 'c'"),
        (
            (*CAUSE, "root_causes"),
            "causes[0].root_causes[1]: missing or duplicate slug 'rc'",
        ),
        (
            (*RC, "actions"),
            "causes[0].root_causes[0].actions[1]: missing or duplicate slug 'a'",
        ),
        (("phrases",), "phrases[1]: missing or duplicate key 'k'"),
        (("shapes",), "shapes[1]: missing or duplicate slug 'classic'"),
    ],
)
def test_slugs_must_be_unique_within_their_parent(where, message):
    data = tiny()
    items = data
    for part in where:
        items = items[part]
    items.append(copy.deepcopy(items[0]))
    assert errors_of(data) == [message]


def test_the_same_slug_may_be_used_under_different_parents():
    data = tiny()
    cause = data["causes"][0]
    cause["root_causes"].append({**copy.deepcopy(cause["root_causes"][0]), "slug": "b"})
    data["causes"].append({**copy.deepcopy(cause), "slug": "d"})
    assert len(normalize(data)["causes"]) == 2


def test_every_problem_is_listed_in_document_order():
    data = tiny()
    data["shapes"][0]["position"] = "first"
    data["causes"][0]["metric"] = "speed"
    data["phrases"][0]["text"] = "{x}"
    data["causes"][0]["root_causes"][0]["title"] = ""
    assert errors_of(data) == [
        "causes[0]: unknown metric 'speed'",
        "causes[0].root_causes[0].title: must not be empty",
        "phrases[0]: unknown placeholder(s) x",
        "shapes[0].position: must be a whole number",
    ]


@pytest.mark.parametrize(
    "data",
    [[], "reinstate-library/1", {}, {"format": "reinstate-library/2", "causes": 5}],
)
def test_anything_but_a_library_file_gets_one_message(data):
    assert errors_of(data) == [
        'not a library file: "format" must be "reinstate-library/1"'
    ]


@pytest.mark.parametrize("value", [[], {}, ["odr"]])
def test_values_of_any_json_type_are_reported_not_crashed_on(value):
    data = tiny()
    data["causes"][0]["metric"] = value
    data["phrases"][0]["cause"] = value
    data["shapes"][0]["sections"][0]["kind"] = value
    assert errors_of(data) == [
        "causes[0].metric: must be text",
        "phrases[0].cause: must be text or null",
        "shapes[0].sections[0].kind: must be text",
    ]


# -------------------------------------------------------------- single sources


def test_a_shape_no_appeal_can_select_is_refused():
    data = tiny()
    data["shapes"][0]["slug"] = "fancy"
    assert errors_of(data) == ["shapes[0]: slug must be classic or amazon_form"]


def test_every_shape_of_the_app_may_be_worded_and_the_shipped_ones_are_such():
    assert {s["slug"] for s in shipped()["shapes"]} <= set(SHAPES)
    for slug in SHAPES:
        data = tiny()
        data["shapes"][0]["slug"] = slug
        assert normalize(data)["shapes"][0]["slug"] == slug


def test_the_injected_enums_come_from_their_single_source_and_the_file_lists_neither():
    defs = library_format.SCHEMA["$defs"]
    metric = defs["cause"]["properties"]["metric"]
    assert metric["enum"] == list(CAUSE_METRIC_CODES)
    assert defs["shape"]["properties"]["slug"]["enum"] == list(SHAPES)
    on_disk = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    assert "enum" not in on_disk["cause"]["properties"]["metric"]
    assert "enum" not in on_disk["shape"]["properties"]["slug"]


def test_the_schema_enums_match_the_model_choices():
    defs = library_format.SCHEMA["$defs"]
    assert defs["action"]["properties"]["kind"]["enum"] == Action.Kind.values
    assert defs["phrase"]["properties"]["section"]["enum"] == Phrase.Section.values
    assert defs["section"]["properties"]["kind"]["enum"] == ShapeSection.Kind.values
    assert defs["cause"]["properties"]["metric"]["enum"] == Metric.values


def test_format_imports_no_django_and_nothing_of_ours_but_pure_modules():
    code = (
        "import sys, library.format; "
        "print('\\n'.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('django', 'library', 'appeals', 'accounts', "
        "'metrics', 'config'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert set(result.stdout.split()) == {
        "library",
        "library.concepts",
        "library.concepts.metric",
        "library.concepts.route",
        "library.concepts.shape",
        "library.format",
        "library.placeholders",
    }
