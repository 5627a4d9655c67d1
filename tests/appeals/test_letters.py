import copy
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from library import letters
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
    Signature,
)
from library.concepts import metric
from library.exports import amazon_form_blocks, to_text
from library.letters import ItemList, OrderList, Paragraph
from library.letters import runs as runs_module
from library.letters.document import SALUTATION
from library.readmodel import Library

from .conftest import TODAY, as_library, odr_not_received, wrong_condition

SEED = 20261122


def assemble(answers, library, shape="classic", seed=SEED, **kwargs):
    return letters.assemble(
        answers, as_library(library), shape=shape, today=TODAY, seed=seed, **kwargs
    )


def section(letter, kind):
    return next(s for s in letter.sections if s.kind == kind)


def section_text(sec) -> str:
    return letters.blocks_plain_text(sec.blocks)


def lists(sec) -> list[ItemList]:
    return [b for b in sec.blocks if isinstance(b, ItemList)]


def numbers(sec) -> list[int]:
    return [i.number for block in lists(sec) for i in block.items]


def action_texts(answers, library, kind, rc) -> list[str]:
    """The wording the letter should show for ``rc``'s actions of ``kind``."""
    values = letters.placeholder_values(answers, today=TODAY)
    library = as_library(library)
    out = []
    for action in rc.actions:
        if action.kind != kind:
            continue
        if action.text:
            out.append(action.text)
        else:
            source = library.action(action.ref).text
            out.append(letters.fact_text(library, source, values, action.slots))
    return out


# --- the five situations, in both shapes ------------------------------------------


def test_every_situation_chooses_root_causes_with_both_kinds_of_action(situation):
    _, answers = situation
    for rc in answers.root_causes:
        kinds = {a.kind for a in rc.actions}
        assert kinds == {"corrective", "preventive"}
    # ...and includes the seller's own words somewhere.
    assert any(
        rc.text or not rc.ref or any(a.text for a in rc.actions)
        for rc in answers.root_causes
    )


def test_classic_acknowledgement_names_metric_figure_and_every_order_id(
    situation, shipped_library
):
    name, answers = situation
    letter = assemble(answers, shipped_library)
    text = section_text(section(letter, "acknowledgement"))
    if answers.metrics:
        figure = answers.metrics[0]
        assert f"{figure.value}%" in text
        assert metric.name(figure.metric) in text
    for order in answers.orders:
        assert order.id in text
    assert "[" not in text, f"{name}: unfilled placeholder in {text!r}"


def test_classic_plan_ties_numbered_actions_to_each_root_cause(
    situation, shipped_library
):
    _, answers = situation
    letter = assemble(answers, shipped_library)
    plan = section(letter, "plan")
    sublists = lists(plan)
    assert len(sublists) == len(answers.root_causes)
    total = sum(len(rc.actions) for rc in answers.root_causes)
    assert numbers(plan) == list(range(1, total + 1))
    for block, rc in zip(sublists, answers.root_causes, strict=True):
        texts = [letters.runs_text(i.runs) for i in block.items]
        expected = action_texts(answers, shipped_library, "corrective", rc)
        expected += action_texts(answers, shipped_library, "preventive", rc)
        assert texts == expected  # corrective first, then preventive
        assert block.heading
        assert all(i.detail for i in block.items)


def test_classic_root_causes_are_numbered_one_per_root_cause(
    situation, shipped_library
):
    _, answers = situation
    letter = assemble(answers, shipped_library)
    causes = section(letter, "root_causes")
    assert causes.heading == "Root causes"
    assert numbers(causes) == list(range(1, len(answers.root_causes) + 1))
    for item, rc in zip(lists(causes)[0].items, answers.root_causes, strict=True):
        if rc.text:
            assert letters.runs_text(item.runs) == rc.text


def test_classic_letter_has_closing_and_signature(situation, shipped_library):
    _, answers = situation
    letter = assemble(answers, shipped_library)
    kinds = [s.kind for s in letter.sections]
    documents = ["documents"] if answers.evidence else []
    assert kinds == [
        "acknowledgement",
        "apology",
        "root_causes",
        "transition",
        "plan",
        *documents,
        "closing",
        "signature",
    ]
    values = letters.placeholder_values(answers, today=TODAY)
    closings = {
        letters.plain_text(p.text, values)
        for p in letters.phrase_options(shipped_library, "closing", answers.causes)
    }
    assert section_text(section(letter, "closing")) in closings
    signature = section_text(section(letter, "signature"))
    assert answers.signature.name in signature
    assert answers.signature.seller_id in signature
    assert letter.sections[0].blocks[0] == Paragraph((letters.Run(SALUTATION),))


def test_amazon_form_first_block_names_metric_figure_and_order_ids(
    situation, shipped_library
):
    _, answers = situation
    letter = assemble(answers, shipped_library, shape="amazon_form")
    blocks = amazon_form_blocks(letter)
    documents = ["documents"] if answers.evidence else []
    assert [b.kind for b in blocks] == [
        "root_causes",
        "corrective",
        "preventive",
        *documents,
    ]
    assert [b.heading for b in blocks] == [
        "What caused the issue",
        "Actions taken to resolve the issue",
        "Steps taken to prevent it happening again",
        *(["Supporting documents"] if documents else []),
    ]
    first = blocks[0].text
    for figure in answers.metrics:
        assert f"{figure.value}%" in first
    for order in answers.orders:
        assert order.id in first
    assert first.count("\n1. ") == 1


def test_amazon_form_numbers_corrective_and_preventive_actions_separately(
    situation, shipped_library
):
    _, answers = situation
    letter = assemble(answers, shipped_library, shape="amazon_form")
    for kind in ("corrective", "preventive"):
        sec = section(letter, kind)
        expected = [
            t
            for rc in answers.root_causes
            for t in action_texts(answers, shipped_library, kind, rc)
        ]
        assert numbers(sec) == list(range(1, len(expected) + 1))
        assert [letters.runs_text(i.runs) for b in lists(sec) for i in b.items] == (
            expected
        )
    assert "closing" not in [s.kind for s in letter.sections]


def test_situation_five_reads_like_the_real_appeal(shipped_library):
    answers = odr_not_received()
    text = to_text(assemble(answers, shipped_library))
    assert "Order Defect Rate" in text
    assert "1.59%" in text
    assert "under 1%" in text
    assert "the last 60 days" in text
    assert "(Completed on 5 November 2026)" in text
    assert "item not received" in text
    assert text.startswith("22 November 2026\n\nSubject: Appeal to reinstate selling")


# --- determinism and choices ------------------------------------------------------


def test_choose_is_deterministic_and_depends_on_seed_and_salt():
    options = list("abcdefghij")
    assert letters.choose(options, seed=1, salt="x") == letters.choose(
        options, seed=1, salt="x"
    )
    by_seed = {letters.choose(options, seed=s, salt="x") for s in range(50)}
    by_salt = {letters.choose(options, seed=1, salt=str(s)) for s in range(50)}
    assert len(by_seed) > 5
    assert len(by_salt) > 5
    with pytest.raises(IndexError):
        letters.choose([], seed=1, salt="x")


def test_same_inputs_give_identical_letters(shipped_library):
    first = to_text(assemble(odr_not_received(), shipped_library))
    second = to_text(assemble(odr_not_received(), shipped_library))
    assert first == second


def test_letter_does_not_depend_on_python_hash_randomisation(
    shipped_library_data, tmp_path
):
    """Run assembly in fresh interpreters with different PYTHONHASHSEEDs."""
    (tmp_path / "library.json").write_text(json.dumps(shipped_library_data))
    answers = odr_not_received()
    (tmp_path / "answers.json").write_text(json.dumps(answers.to_dict()))
    script = (
        "import json, sys, datetime\n"
        "from library.answers import Answers\n"
        "from library.letters import assemble\n"
        "from library.exports import to_markdown\n"
        "from library.readmodel import Library\n"
        "lib = Library.from_data(json.load(open(sys.argv[1])))\n"
        "ans = Answers.from_dict(json.load(open(sys.argv[2])))\n"
        "for seed in range(5):\n"
        "    letter = assemble(ans, lib, today=datetime.date(2026, 11, 22), seed=seed)\n"
        "    sys.stdout.write(to_markdown(letter))\n"
    )
    outputs = set()
    for hash_seed in ("1", "2", "12345"):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                tmp_path / "library.json",
                tmp_path / "answers.json",
            ],
            capture_output=True,
            check=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1
    assert b"1.59%" in outputs.pop()


def test_explanation_variants_differ_across_seeds(shipped_library):
    answers = Answers(
        causes=["odr-a-to-z-claims"],
        root_causes=[
            ChosenRootCause(ref="odr-a-to-z-claims/holiday-closure-listings-active")
        ],
    )
    rc = shipped_library.root_cause("odr-a-to-z-claims/holiday-closure-listings-active")
    wordings = {
        letters.runs_text(
            lists(section(assemble(answers, shipped_library, seed=s), "root_causes"))[0]
            .items[0]
            .runs
        )
        for s in range(30)
    }
    assert len(wordings) == 1 + len(rc.variants) == 3


def test_phrases_vary_across_seeds_but_follow_the_sellers_pick(shipped_library):
    answers = odr_not_received()
    closings = {
        section_text(section(assemble(answers, shipped_library, seed=s), "closing"))
        for s in range(40)
    }
    assert len(closings) > 2
    answers.phrases = {"closing": "closing-respond-quickly"}
    for s in range(5):
        text = section_text(
            section(assemble(answers, shipped_library, seed=s), "closing")
        )
        assert "we will answer within 24 hours" in text


def test_an_inactive_or_unknown_picked_phrase_falls_back_to_seeded_choice(
    shipped_library_data,
):
    library = copy.deepcopy(shipped_library_data)
    for phrase in library["phrases"]:
        if phrase["key"] == "closing-respond-quickly":
            phrase["is_active"] = False
    answers = odr_not_received()
    answers.phrases = {"closing": "closing-respond-quickly", "apology": "no-such-key"}
    letter = assemble(answers, library)
    assert "within 24 hours" not in section_text(section(letter, "closing"))
    assert section_text(section(letter, "apology"))


def test_cause_specific_phrase_is_preferred(shipped_library):
    answers = wrong_condition()
    for seed in range(10):
        letter = assemble(answers, shipped_library, seed=seed)
        assert "listed in the wrong condition" in section_text(
            section(letter, "acknowledgement")
        )
        assert "condition" in section_text(section(letter, "closing"))


def test_phrase_options_list_cause_specific_phrases_first(shipped_library):
    options = letters.phrase_options(
        shipped_library, "acknowledgement", ["wrong-condition"]
    )
    specific = [o for o in options if o.cause == "wrong-condition"]
    assert options[: len(specific)] == specific
    assert options[0].key == "ack-wrong-condition"
    assert all(o.cause is None for o in options[len(specific) :])
    assert options[0].section == "acknowledgement" and options[0].text
    keys = [o.key for o in options]
    assert "ack-promotion-error" not in keys


def test_generic_phrase_whose_placeholders_can_be_filled_wins(shipped_library_data):
    """Without a metric figure, acknowledgements needing {metric_value} are skipped."""
    library = copy.deepcopy(shipped_library_data)
    library["phrases"].append(
        {
            "key": "ack-no-figure",
            "section": "acknowledgement",
            "cause": None,
            "text": "We received your notice of {notice_date} about {store_name}.",
            "position": 99,
            "is_active": True,
        }
    )
    answers = wrong_condition()
    answers.causes = ["packaging-shipping-damage-not-chosen"]
    values = letters.placeholder_values(answers, today=TODAY)
    chosen = set()
    for seed in range(30):
        phrase = letters.choose_phrase(
            as_library(library), "acknowledgement", answers, values=values, seed=seed
        )
        assert "metric_value" not in phrase.text
        chosen.add(phrase.key)
        text = section_text(
            section(assemble(answers, library, seed=seed), "acknowledgement")
        )
        assert "MISSING" not in text and "[" not in text
    assert "ack-no-figure" in chosen


# --- placeholders and metrics -------------------------------------------------------


def test_placeholder_values_from_answers():
    answers = odr_not_received()
    values = letters.placeholder_values(answers, today=TODAY)
    assert values["metric_name"] == "Order Defect Rate"
    assert values["metric_value"] == "1.59%"
    assert values["metric_target"] == "under 1%"
    assert values["period"] == "the last 60 days"
    assert values["defect_count"] == "2"
    assert values["order_count"] == "3"
    assert values["order_ids"].count("-") == 6
    assert values["notice_date"] == "3 November 2026"
    assert values["today"] == "22 November 2026"
    assert values["store_name"] == "Sunny Audio"
    assert values["marketplace"] == "amazon.com"


def test_metric_value_keeps_the_sellers_precision_without_float_noise():
    for raw, shown in [
        ("6.20", "6.20%"),
        ("0.1", "0.1%"),
        ("1E+1", "10%"),
        ("2.5", "2.5%"),
    ]:
        answers = Answers(metrics=[MetricFigure("cancellation_rate", Decimal(raw))])
        assert letters.placeholder_values(answers, today=TODAY)["metric_value"] == shown


def test_order_count_falls_back_to_the_metrics_defects_without_pasted_orders():
    answers = Answers(metrics=[MetricFigure("odr", Decimal("1.59"), 60, 2, 126)])
    assert letters.placeholder_values(answers, today=TODAY)["order_count"] == "2"


def test_missing_placeholders_read_as_gap_markers():
    text = letters.plain_text(
        "Our {metric_name} was {metric_value} for **{store_name}**.",
        {"store_name": "Acme"},
    )
    assert text == "Our (MISSING: metric name) was (MISSING: metric value) for Acme."


def test_plain_text_renders_library_markdown_without_syntax():
    text = letters.plain_text("We **always** check *twice*.\n\n- one\n- two", {})
    assert text == "We always check twice.\n\n1. one\n2. two"


def test_seller_values_are_inserted_once_and_never_parsed():
    values = {"store_name": "**Bold** {seller_id} <b>x</b>", "seller_id": "A1"}
    blocks = runs_module._fill_blocks(
        letters.library_blocks("Store *{store_name}* ({seller_id})"),
        runs_module._complete(values),
    )
    runs = blocks[0].runs
    assert letters.runs_text(runs) == "Store **Bold** {seller_id} <b>x</b> (A1)"
    assert runs[1] == letters.Run("**Bold** {seller_id} <b>x</b>", em=True)


def test_further_metric_figures_get_a_sentence_each(shipped_library):
    answers = odr_not_received()
    answers.metrics.append(MetricFigure("late_shipment_rate", Decimal("6.2"), 30))
    answers.metrics.append(MetricFigure("valid_tracking_rate", Decimal("91.0")))
    ack = section_text(section(assemble(answers, shipped_library), "acknowledgement"))
    assert "1.59%" in ack
    assert (
        "Our Late Shipment Rate was 6.2% over the last 30 days, against Amazon's "
        "target of under 4%." in ack
    )
    assert (
        "Our Valid Tracking Rate was 91.0%, against Amazon's target of above 95%."
        in ack
    )
    form = assemble(answers, shipped_library, shape="amazon_form")
    first = amazon_form_blocks(form)[0].text
    assert first.startswith("Our Order Defect Rate was 1.59% over the last 60 days")
    assert "(2 of 126 orders counted against it)" in first
    assert "6.2%" in first and "91.0%" in first


def test_acknowledgement_lists_every_order_with_its_note(shipped_library):
    letter = assemble(odr_not_received(), shipped_library)
    block = next(
        b for b in section(letter, "acknowledgement").blocks if isinstance(b, OrderList)
    )
    text = letters.runs_text(block.runs)
    assert text.startswith("The 3 affected orders are: ")
    assert "117-4830000-5830000 (item not received)" in text
    assert (
        len(letter.orders) == 3 and letter.orders[2].note == "confirmed before shipping"
    )


def test_single_order_sentence(shipped_library):
    answers = odr_not_received()
    answers.orders = answers.orders[:1]
    letter = assemble(answers, shipped_library)
    ack = section_text(section(letter, "acknowledgement"))
    assert "The affected order is 117-4830000-5830000 (item not received)." in ack


def test_letter_without_orders_or_metrics_still_assembles(shipped_library):
    answers = wrong_condition()
    answers.orders = []
    answers.notice_date = None
    letter = assemble(answers, shipped_library)
    ack = section_text(section(letter, "acknowledgement"))
    # Only phrases the answers can fill: no notice date, no orders, no gap.
    assert ack and "MISSING" not in ack and "notice of" not in ack
    assert not any(isinstance(b, OrderList) for s in letter.sections for b in s.blocks)


# --- stale refs, subjects, shapes ------------------------------------------------


def test_stale_refs_fall_back_without_crashing(shipped_library):
    answers = Answers(
        root_causes=[
            ChosenRootCause(
                ref="odr-a-to-z-claims/removed-since",
                title="A root cause since removed",
                actions=[
                    ChosenAction(
                        kind="corrective", ref="odr-a-to-z-claims/removed-since/gone"
                    ),
                    ChosenAction(
                        kind="preventive", text="We check daily.", timeframe="daily"
                    ),
                ],
            )
        ]
    )
    letter = assemble(answers, shipped_library)
    assert (
        section_text(section(letter, "root_causes")) == "1. A root cause since removed"
    )
    plan = section_text(section(letter, "plan"))
    assert "1. (MISSING: action no longer in the library, gone)" in plan
    assert "2. We check daily." in plan
    assert lists(section(letter, "plan"))[0].items[1].detail == "Daily"


def test_subject_date_sender_and_version(shipped_library):
    letter = assemble(odr_not_received(), shipped_library, library_version=4)
    assert letter.subject == (
        "Appeal to reinstate selling privileges: Sunny Audio (Seller ID A2K4TQ9ZP3XW7M)"
    )
    assert letter.date == TODAY
    assert letter.sender.email == "li.wei@example.com"
    assert letter.library_version == 4
    blank = assemble(Answers(), shipped_library)
    assert blank.subject.endswith(": (MISSING: store name)")


def test_curators_can_rename_and_reorder_shape_sections(shipped_library_data):
    library = copy.deepcopy(shipped_library_data)
    form = next(s for s in library["shapes"] if s["slug"] == "amazon_form")
    form["sections"] = [
        {
            "kind": "preventive",
            "heading": "How {store_name} prevents it",
            "position": 1,
        },
        {"kind": "root_causes", "heading": "Why it happened", "position": 2},
    ]
    letter = assemble(odr_not_received(), library, shape="amazon_form")
    assert [(s.kind, s.heading) for s in letter.sections] == [
        ("preventive", "How Sunny Audio prevents it"),
        ("root_causes", "Why it happened"),
    ]


def test_unknown_shape_is_refused(shipped_library):
    with pytest.raises(ValueError):
        assemble(odr_not_received(), shipped_library, shape="haiku")


def test_suggestions_match_what_assemble_uses(shipped_library):
    answers = odr_not_received()
    values = letters.placeholder_values(answers, today=TODAY)
    found = letters.suggestions(
        shipped_library,
        ["odr-a-to-z-claims", "wrong-condition"],
        values=values,
        seed=SEED,
    )
    refs = [s.ref for s in found]
    assert refs[0].startswith("odr-a-to-z-claims/")
    assert refs[-1].startswith("wrong-condition/")
    holiday = found[0]
    assert holiday.cause_name.startswith("Order Defect Rate")
    assert holiday.actions[0].ref.startswith(holiday.ref + "/")
    assert {a.kind for a in holiday.actions} == {"corrective", "preventive"}
    assert all(a.timeframe for a in holiday.actions)
    answers.root_causes = [ChosenRootCause(ref=holiday.ref)]
    letter = assemble(answers, shipped_library)
    assert section_text(section(letter, "root_causes")) == f"1. {holiday.text}"


# --- hand-edited letters ---------------------------------------------------------


def test_from_plain_text_round_trips_the_amazon_form(shipped_library):
    base = assemble(odr_not_received(), shipped_library, shape="amazon_form")
    edited = to_text(base).replace(
        "We stopped confirming", "We have stopped confirming"
    )
    letter = letters.from_plain_text(edited, base=base)
    assert (
        letter.subject,
        letter.date,
        letter.sender,
        letter.orders,
        letter.shape,
    ) == (
        base.subject,
        base.date,
        base.sender,
        base.orders,
        base.shape,
    )
    assert [s.kind for s in letter.sections] == [
        "root_causes",
        "corrective",
        "preventive",
        "documents",
    ]
    blocks = amazon_form_blocks(letter)
    assert blocks[1].text.startswith("1. We have stopped confirming")
    assert [b.text for b in blocks][2] == amazon_form_blocks(base)[2].text
    assert to_text(letter) == edited


def test_from_plain_text_finds_paragraphs_lists_and_headings(shipped_library):
    base = assemble(odr_not_received(), shipped_library)
    text = (
        "Dear team,\n\nWe are sorry.\nIt will not happen again.\n\n"
        "What we changed\n1. First step\n2. Second step\ncontinued here\n\n"
        "Carrier\n3. Third step\n\nOur own heading\n\nLast words."
    )
    letter = letters.from_plain_text(text, base=base)
    # A heading directly above numbered lines heads that list; one on its own line
    # followed by other content heads a section.
    assert [(s.kind, s.heading) for s in letter.sections] == [
        ("text", ""),
        ("text", "Our own heading"),
    ]
    first, own = letter.sections
    assert first.blocks[1] == Paragraph(
        (letters.Run("We are sorry.\nIt will not happen again."),)
    )
    numbered = lists(first)
    assert numbered[0].heading == "What we changed"
    assert [i.number for i in numbered[0].items] == [1, 2]
    assert letters.runs_text(numbered[0].items[1].runs) == "Second step continued here"
    assert numbered[1].heading == "Carrier"
    assert numbered[1].items[0].number == 3
    assert own.blocks == (Paragraph((letters.Run("Last words."),)),)


def test_from_plain_text_maps_known_headings_back_to_their_kind(shipped_library):
    base = assemble(odr_not_received(), shipped_library)
    letter = letters.from_plain_text(to_text(base), base=base)
    kinds = [s.kind for s in letter.sections]
    assert "root_causes" in kinds and "plan" in kinds
    plan = section(letter, "plan")
    assert numbers(plan) == numbers(section(base, "plan"))


def test_from_plain_text_drops_the_date_line_even_a_day_later(shipped_library):
    base = assemble(odr_not_received(), shipped_library)
    edited = to_text(base).replace("22 November 2026", "21 November 2026", 1)
    letter = letters.from_plain_text(edited, base=base)
    assert to_text(letter) == to_text(base)


def test_from_plain_text_keeps_seller_text_literal(shipped_library):
    base = assemble(odr_not_received(), shipped_library)
    letter = letters.from_plain_text("**not bold** {store_name} <b>", base=base)
    assert letters.runs_text(letter.sections[0].blocks[0].runs) == (
        "**not bold** {store_name} <b>"
    )


def test_letter_dataclasses_are_frozen(shipped_library):
    letter = assemble(odr_not_received(), shipped_library)
    with pytest.raises(AttributeError):
        letter.subject = "x"
    assert replace(letter, subject="x").subject == "x"
    assert isinstance(letter.orders[0], OrderRef)
    assert isinstance(letter.sender, Signature)
    assert letter.sender is not odr_not_received().signature
    assert date(2026, 11, 22) == letter.date


def test_assembles_from_a_library_without_phrases_or_shapes():
    answers = wrong_condition()
    letter = letters.assemble(
        answers,
        Library.from_data({"format": "reinstate-library/1"}),
        today=TODAY,
        seed=1,
    )
    assert [s.kind for s in letter.sections] == [
        "acknowledgement",
        "root_causes",
        "plan",
        "signature",
    ]
    causes = section_text(section(letter, "root_causes"))
    # Refs that do not resolve, with no title saved: a visible gap, never a crash.
    assert causes.startswith("1. (MISSING: root cause 1)\n2. (MISSING: root cause 2)\n")
    assert "4. Nobody compared the uploaded conditions" in causes
    plan = section_text(section(letter, "plan"))
    assert "(MISSING: action no longer in the library, reviewed upload file)" in plan
