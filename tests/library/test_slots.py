"""Fact slots: declared in the library, named in its text, filled by the seller.

Pure tests of the format, read model and letters; admin tests of how curators see and
edit slots (an unknown slot is refused, a slot in use keeps its name).
"""

import copy
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from library import checker, exports, letters, samples
from library.answers import Answers, ChosenAction, ChosenRootCause, Signature
from library.format import LibraryFormatError, normalize
from library.models import Action, RootCause, Slot
from library.readmodel import Library
from tests.appeals.conftest import load_library
from tests.factories import curator
from tests.library.test_admin import FIXTURE, inline_data, url

TODAY = date(2026, 11, 22)
CARRIER_RC = "odr-a-to-z-claims/unreliable-carrier-tracking"
CARRIER_ACTION = f"{CARRIER_RC}/switched-to-tracked-carrier"


@pytest.fixture
def curator_client(client, db):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    client.force_login(curator())
    return client


@pytest.fixture(scope="module")
def shipped() -> Library:
    return Library.from_data(load_library())


def tiny(**extra) -> dict:
    data = {
        "format": "reinstate-library/1",
        "slots": [
            {
                "name": "new_carrier",
                "label": "New carrier",
                "hint": "h",
                "example": "UPS",
            }
        ],
        "causes": [
            {
                "slug": "c",
                "name": "C",
                "root_causes": [
                    {
                        "slug": "rc",
                        "title": "T",
                        "explanation": "We used {new_carrier}.",
                        "variants": ["Our parcels went with {new_carrier}."],
                        "actions": [
                            {
                                "slug": "a",
                                "kind": "corrective",
                                "text": "We moved to {new_carrier}.",
                                "timeframe": "done",
                            }
                        ],
                    }
                ],
            }
        ],
    }
    data.update(extra)
    return data


# ---------------------------------------------------------------- the file format


def test_a_declared_slot_is_accepted_in_fact_text_and_kept_in_canonical_form():
    data = normalize(tiny())
    assert data["slots"][0]["name"] == "new_carrier"
    assert data["slots"][0]["label_zh"] == ""


def test_an_undeclared_slot_is_refused_with_its_place():
    data = tiny()
    data["causes"][0]["root_causes"][0]["actions"][0]["text"] = "We used {old_carrier}."
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert error.value.errors == [
        "causes[0].root_causes[0].actions[0]: unknown placeholder(s) old_carrier"
    ]


def test_slots_are_not_allowed_in_shape_headings():
    data = tiny(
        shapes=[
            {
                "slug": "classic",
                "name": "Classic",
                "sections": [{"kind": "plan", "heading": "Moving to {new_carrier}"}],
            }
        ]
    )
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert "unknown placeholder(s) new_carrier" in error.value.errors[0]


def test_a_variant_naming_other_slots_than_its_explanation_is_refused():
    data = tiny()
    data["causes"][0]["root_causes"][0]["variants"] = ["Our parcels were slow."]
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert error.value.errors == [
        "causes[0].root_causes[0].variants[0]: names the slots none, "
        "its explanation ['new_carrier']"
    ]


@pytest.mark.parametrize(
    "name,problem",
    [
        ("store_name", "slots[0]: 'store_name' is a placeholder's name"),
        ("New Carrier", "slots[0].name: must not be empty"),
    ],
)
def test_a_slot_name_is_snake_case_and_not_a_placeholder(name, problem):
    data = tiny()
    data["slots"][0]["name"] = name
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert problem in error.value.errors


def test_two_slots_with_one_name_are_refused():
    data = tiny()
    data["slots"].append(dict(data["slots"][0]))
    with pytest.raises(LibraryFormatError) as error:
        normalize(data)
    assert "slots[1]: missing or duplicate name 'new_carrier'" in error.value.errors


# ------------------------------------------------------------------ the read model


def test_the_shipped_library_declares_slots_with_a_chinese_label_and_uses_each(shipped):
    assert len(shipped.slots) >= 15
    named = {
        n
        for c in shipped.causes
        for rc in c.root_causes
        for n in (*rc.slots, *(x for a in rc.actions for x in a.slots))
    } | {n for p in shipped.phrases for n in p.slots}
    for slot in shipped.slots:
        assert slot.label and slot.hint and slot.example and slot.label_zh
        assert slot.name in named, slot.name


def test_items_list_the_slots_their_text_names_in_order(shipped):
    assert shipped.action(CARRIER_ACTION).slots == ("old_carrier", "new_carrier")
    assert shipped.root_cause(CARRIER_RC).slots == ("old_carrier",)
    assert shipped.slot("new_carrier").gap_label == "new carrier or service"


# ---------------------------------------------------------------------- letters


def answers(action_slots=None, rc_slots=None, **kwargs) -> Answers:
    return Answers(
        causes=["odr-a-to-z-claims"],
        root_causes=[
            ChosenRootCause(
                ref=CARRIER_RC,
                actions=[
                    ChosenAction(
                        kind="corrective",
                        ref=CARRIER_ACTION,
                        done_on=date(2026, 11, 20),
                        slots=action_slots or {},
                    )
                ],
                slots=rc_slots or {},
            )
        ],
        signature=Signature(name="Li Wei", store_name="Sunny Audio"),
        **kwargs,
    )


def text_of(a: Answers, library: Library, shape="classic") -> str:
    letter = letters.assemble(a, library, shape=shape, today=TODAY, seed=1)
    return exports.to_text(letter)


def test_filled_slots_read_in_the_sentence(shipped):
    text = text_of(
        answers(
            {"old_carrier": "China Post", "new_carrier": "YunExpress"},
            {"old_carrier": "China Post"},
        ),
        shipped,
    )
    assert "We stopped using China Post and moved all orders to YunExpress" in text
    assert "MISSING" not in text and "{" not in text


@pytest.mark.parametrize("shape", ["classic", "amazon_form"])
def test_an_empty_slot_prints_a_gap_the_checker_blocks_and_links_to_its_root_cause(
    shipped, shape
):
    a = answers({"old_carrier": "China Post"}, {"old_carrier": "China Post"})
    text = text_of(a, shipped, shape)
    assert "(MISSING: new carrier or service)" in text
    assert "{new_carrier}" not in text
    found = [
        f
        for f in checker.check(
            text, shape="form" if shape == "amazon_form" else "classic", answers=a
        )
        if f.category == "placeholder_left"
    ]
    assert [(f.severity, f.part, f.item) for f in found] == [
        ("blocker", "corrective", "rc-0")
    ]
    assert text[found[0].start : found[0].end] == "(MISSING: new carrier or service)"


def test_a_slot_value_is_plain_text_never_markdown_nor_a_placeholder(shipped):
    value = "**Bold** {store_name} <b>x</b>"
    a = answers({"old_carrier": "A", "new_carrier": value}, {"old_carrier": "A"})
    letter = letters.assemble(a, shipped, shape="classic", today=TODAY, seed=1)
    assert value in exports.to_text(letter)
    html = exports.to_html(letter)
    assert "**Bold** {store_name} &lt;b&gt;x&lt;/b&gt;" in html


def test_values_for_names_that_are_not_slots_of_the_library_are_ignored(shipped):
    a = answers(
        {"old_carrier": "A", "new_carrier": "B", "store_name": "Injected"},
        {"old_carrier": "A"},
    )
    assert "Injected" not in text_of(a, shipped)
    assert "Sunny Audio" in text_of(a, shipped)


def test_the_sellers_own_wording_ignores_slots(shipped):
    a = answers({"new_carrier": "B"})
    a.root_causes[0].actions[0].text = "We moved every order to a tracked service."
    a.root_causes[0].text = "Our old service had no tracking."
    text = text_of(a, shipped)
    assert "We moved every order to a tracked service." in text
    assert "MISSING" not in text


def test_a_phrase_with_a_slot_is_chosen_by_reinstate_only_once_it_is_filled():
    data = copy.deepcopy(load_library())
    data["slots"].append(
        {
            "name": "review_day",
            "label": "Review day",
            "hint": "h",
            "example": "Monday",
            "label_zh": "",
            "hint_zh": "",
            "position": 999,
        }
    )
    for p in data["phrases"]:
        if p["section"] == "closing":
            p["text"] = "We review our metrics every {review_day}."
    library = Library.from_data(normalize(data))
    a = answers({"old_carrier": "A", "new_carrier": "B"}, {"old_carrier": "A"})
    assert "every {review_day}" not in text_of(a, library)
    assert "We review our metrics every" not in text_of(a, library)  # the fallback
    a.phrase_slots = {"review_day": "Monday"}
    assert "We review our metrics every Monday." in text_of(a, library)


def test_the_admin_sample_fills_every_slot_with_its_example(shipped):
    a = samples.sample_answers(shipped, today=TODAY, cause="odr-a-to-z-claims")
    text = text_of(a, shipped)
    assert "MISSING" not in text
    closure = shipped.slot("closure_start").example
    assert closure in text


# -------------------------------------------------------------------------- admin


def test_curators_see_each_slot_with_how_many_texts_name_it(curator_client):
    response = curator_client.get(url("library_slot_changelist"))
    assert response.status_code == 200
    rows = {s.name: s.uses for s in response.context["cl"].result_list}
    uses = sum(
        1
        for text in Action.objects.values_list("text", flat=True)
        if "{new_carrier}" in text
    ) + sum(
        1
        for text in RootCause.objects.values_list("explanation", flat=True)
        if "{new_carrier}" in text
    )
    assert rows["new_carrier"] >= uses >= 1
    assert "{new_carrier}" in response.text


def test_a_slot_in_use_keeps_its_name_and_cannot_be_deleted(curator_client):
    slot = Slot.objects.get(name="new_carrier")
    page = curator_client.get(url("library_slot_change", slot.pk))
    assert 'name="name"' not in page.text  # read-only
    response = curator_client.post(url("library_slot_delete", slot.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Slot.objects.filter(name="new_carrier").exists()


def test_an_unused_slot_can_be_added_edited_and_deleted(curator_client):
    response = curator_client.post(
        url("library_slot_add"),
        {
            "name": "warehouse_city",
            "label": "Warehouse city",
            "label_zh": "仓库所在城市",
            "hint": "The city your warehouse is in",
            "hint_zh": "您的仓库所在城市",
            "example": "Shenzhen",
            "position": 5,
        },
    )
    assert response.status_code == 302
    slot = Slot.objects.get(name="warehouse_city")
    response = curator_client.post(url("library_slot_delete", slot.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Slot.objects.filter(name="warehouse_city").exists()


@pytest.mark.parametrize(
    "name,message",
    [("store_name", "is a placeholder"), ("Bad-Name", "lower-case letters")],
)
def test_a_slot_named_like_a_placeholder_or_badly_is_refused(
    curator_client, name, message
):
    response = curator_client.post(
        url("library_slot_add"),
        {"name": name, "label": "L", "hint": "H", "example": "E", "position": 0},
    )
    assert response.status_code == 200
    assert message in response.text


def test_an_action_naming_an_unknown_slot_is_refused_and_a_known_one_saved(
    curator_client,
):
    root = RootCause.objects.get(slug="unreliable-carrier-tracking")
    response = curator_client.post(
        url("library_rootcause_change", root.pk),
        inline_data(root, "We moved to {warehouse_carrier}."),
    )
    assert response.status_code == 200
    assert "Unknown placeholder(s) or slot(s): {warehouse_carrier}" in response.text
    response = curator_client.post(
        url("library_rootcause_change", root.pk),
        inline_data(root, "We moved every order to {new_carrier}."),
    )
    assert response.status_code == 302


def test_a_variant_naming_other_slots_than_the_explanation_is_refused_in_admin(
    curator_client,
):
    root = RootCause.objects.get(slug="unreliable-carrier-tracking")
    data = inline_data(root, root.actions.order_by("position", "id").first().text)
    data["variants-0-explanation"] = "Our parcels had no tracking."
    response = curator_client.post(url("library_rootcause_change", root.pk), data)
    assert response.status_code == 200
    assert "A variant names the same fact slots as the explanation" in response.text


def test_a_gap_after_the_plan_leads_to_the_closing_step_not_the_plan(shipped):
    a = answers({"old_carrier": "A", "new_carrier": "B"}, {"old_carrier": "A"})
    a.signature.name = ""
    text = text_of(a, shipped)
    assert "(MISSING: your name)" in text
    found = [
        (f.part, f.item)
        for f in checker.check(text, shape="classic", answers=a)
        if f.category == "placeholder_left"
    ]
    assert found == [("closing", "")]
