"""A letter Reinstate chooses the wording of never ships a template gap.

Openings and closings are chosen only among phrases the answers can fill; when none
can be, a fixed sentence without placeholders stands in. What is still missing after
that (a phrase the seller picked, a heading, the subject) prints as the marker
``(MISSING: ...)``, never as ``[period]`` or ``{period}``, and the checker finds it.
"""

import copy
import re
from datetime import date
from decimal import Decimal

import pytest

from library import checker, exports, letters, samples
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
)
from library.letters.assembly import FALLBACK_PHRASES
from library.letters.runs import MISSING_LABELS, gap
from library.readmodel import Library

from .conftest import TODAY, load_library, order_ids, signature

SEEDS = range(21)
SHAPES = ("classic", "amazon_form")
EXPORTS = {
    "txt": exports.to_text,
    "md": exports.to_markdown,
    "html": exports.to_html,
}
TEMPLATE_SYNTAX = re.compile(r"[\[\]{}]")
NOT_AS_DESCRIBED = "not-as-described-returns"
# A figure for causes whose library metric is "none" (a seller may still give one).
DEFAULT_METRIC = "odr"


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.from_data(load_library())


def all_of(library: Library, slug: str) -> list[ChosenRootCause]:
    """Every active root cause of a cause with every action, the library's wording,
    each fact slot filled as the seller would (with the slot's example)."""
    return [
        ChosenRootCause(
            ref=rc.ref,
            actions=[
                ChosenAction(
                    kind=a.kind,
                    ref=a.ref,
                    done_on=date(2026, 11, 20) if a.kind == "corrective" else None,
                    slots=samples.examples(library, a.slots),
                )
                for a in rc.active_actions()
            ],
            slots=samples.examples(library, rc.slots),
        )
        for rc in library.cause(slug).active_root_causes()
    ]


def answers_for(library: Library, slug: str, scenario: str) -> Answers:
    """The seller's answers for one cause; ``scenario`` says what they left out."""
    metric = library.cause(slug).metric
    figure = MetricFigure(
        metric if metric != "none" else DEFAULT_METRIC,
        Decimal("3.2"),
        period_days=60,
        defects=4,
        orders=125,
    )
    answers = Answers(
        causes=[slug],
        notice_date=date(2026, 11, 14),
        metrics=[figure],
        orders=[OrderRef(i) for i in order_ids(3)],
        root_causes=all_of(library, slug),
        signature=signature("Second Chance Books"),
    )
    if scenario in ("no_figure", "bare"):
        answers.metrics = []
    if scenario in ("no_orders", "bare"):
        answers.orders = []
    if scenario == "bare":
        # No notice date, e-mail or marketplace either (the wizard does not require
        # them). The seller ID stays: without it the subject shows the gap marker on
        # purpose (test_a_heading_and_the_subject_print_the_marker).
        answers.notice_date = None
        answers.signature = signature("Second Chance Books", email="", marketplace="")
    return answers


def assemble(answers, library, *, shape="classic", seed=0):
    return letters.assemble(answers, library, shape=shape, today=TODAY, seed=seed)


def assert_no_gap(letter, where: str):
    for ext, render in EXPORTS.items():
        out = render(letter)
        found = TEMPLATE_SYNTAX.findall(out)
        assert not found, f"{where} {ext}: {found} in\n{out}"
        assert "MISSING" not in out, f"{where} {ext}: a gap marker in\n{out}"


def section_text(letter, kind: str) -> str:
    sec = next((s for s in letter.sections if s.kind == kind), None)
    return letters.blocks_plain_text(sec.blocks) if sec else ""


# --- the reported case -------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["no_figure", "bare"])
def test_not_as_described_without_a_figure_has_no_gap(library, scenario):
    """The reported bug: only "Items not as described", no figure, Reinstate chooses."""
    answers = answers_for(library, NOT_AS_DESCRIBED, scenario)
    assert answers.phrases == {}
    for shape in SHAPES:
        for seed in SEEDS:
            letter = assemble(answers, library, shape=shape, seed=seed)
            assert_no_gap(letter, f"{shape} seed {seed}")
            if shape == "classic":
                ack = section_text(letter, "acknowledgement")
                # The opening comes from the library, not the code's fallback.
                assert ack and FALLBACK_PHRASES["acknowledgement"] not in ack
                assert section_text(letter, "closing")


# --- every shipped cause -----------------------------------------------------------


@pytest.mark.parametrize("scenario", ["no_figure", "no_orders", "bare", "figures"])
@pytest.mark.parametrize("slug", [c["slug"] for c in load_library()["causes"]])
def test_every_shipped_cause_has_no_gap(library, slug, scenario):
    answers = answers_for(library, slug, scenario)
    for shape in SHAPES:
        for seed in SEEDS:
            letter = assemble(answers, library, shape=shape, seed=seed)
            assert_no_gap(letter, f"{slug} {scenario} {shape} seed {seed}")
            found = checker.check(
                exports.to_text(letter),
                shape="classic" if shape == "classic" else "form",
                answers=answers,
                metric_causes=set(library.metric_cause_slugs()),
            )
            assert "placeholder_left" not in {f.category for f in found}


@pytest.mark.parametrize("slug", [c["slug"] for c in load_library()["causes"]])
def test_every_shipped_cause_has_a_fillable_opening_without_a_figure(library, slug):
    """Library content: an opening from the library, not the code's fallback."""
    answers = answers_for(library, slug, "bare")
    values = letters.placeholder_values(answers, today=TODAY)
    for section in ("acknowledgement", "closing"):
        for seed in SEEDS:
            phrase = letters.choose_phrase(
                library, section, answers, values=values, seed=seed
            )
            assert phrase is not None, (slug, section, seed)


def test_causes_without_a_metric_have_their_own_openings_and_plain_closings(library):
    """At least two openings per cause measured by no metric (or often without a
    figure), and at least two generic closings that need no metric placeholder."""
    metric_names = {"metric_name", "metric_value", "metric_target", "period"}
    metric_names |= {"defect_count"}
    slugs = [c.slug for c in library.causes if c.metric == "none"]
    slugs += [NOT_AS_DESCRIBED, "new-account-late-unavailable"]
    assert "wrong-condition" in slugs and "packaging-shipping-damage" in slugs
    for slug in slugs:
        own = [
            p
            for p in library.phrases_of("acknowledgement")
            if p.cause == slug
            and not metric_names & set(letters.assembly.placeholders.names_in(p.text))
        ]
        assert len(own) >= 2, slug
    closings = [
        p
        for p in library.phrases_of("closing")
        if p.cause is None
        and not metric_names & set(letters.assembly.placeholders.names_in(p.text))
    ]
    assert len(closings) >= 2


def test_a_given_figure_is_still_stated(library):
    answers = answers_for(library, NOT_AS_DESCRIBED, "figures")
    for seed in SEEDS:
        ack = section_text(assemble(answers, library, seed=seed), "acknowledgement")
        assert "3.2%" in ack


def test_an_explanation_variant_needing_orders_is_skipped_without_orders(library):
    rc = library.root_cause("promotion-pricing-error/promo-code-misconfigured")
    assert any("{order_count}" in t for t in rc.explanations)
    for seed in SEEDS:
        text = letters.explanation_for(rc, seed=seed, values={"store_name": "A"})
        assert "{order_count}" not in text


# --- what is still missing prints the marker ----------------------------------------


def test_a_picked_phrase_whose_placeholder_has_no_value_prints_the_marker(library):
    answers = answers_for(library, NOT_AS_DESCRIBED, "bare")
    answers.phrases = {"acknowledgement": "ack-reviewed-each-order"}
    letter = assemble(answers, library)
    ack = section_text(letter, "acknowledgement")
    assert "over (MISSING: period), our (MISSING: metric name) was" in ack
    assert "(MISSING: metric value)" in ack
    for ext, render in EXPORTS.items():
        out = render(letter)
        assert "(MISSING: metric value)" in out, ext
        assert not TEMPLATE_SYNTAX.search(out), ext


def test_a_heading_and_the_subject_print_the_marker(library):
    data = copy.deepcopy(load_library())
    form = next(s for s in data["shapes"] if s["slug"] == "amazon_form")
    form["sections"][0]["heading"] = "What caused the issue at {notice_date}"
    answers = answers_for(Library.from_data(data), NOT_AS_DESCRIBED, "bare")
    answers.signature.seller_id = ""
    letter = assemble(answers, Library.from_data(data), shape="amazon_form")
    assert letter.sections[0].heading == (
        "What caused the issue at (MISSING: date of Amazon's notice)"
    )
    # The seller ID is optional: without it the subject names the store alone.
    assert letter.subject == (
        "Appeal to reinstate selling privileges: Second Chance Books"
    )
    answers.signature.store_name = ""
    blank = assemble(answers, library)
    assert "(MISSING: store name)" in blank.subject
    assert not TEMPLATE_SYNTAX.search(exports.to_text(blank))


def test_every_placeholder_has_a_marker_in_the_same_form():
    for name in letters.assembly.placeholders.NAMES:
        label = MISSING_LABELS[name]
        assert label.startswith("(MISSING: ") and label.endswith(")")
        assert not TEMPLATE_SYNTAX.search(label)
    assert gap("store name") == MISSING_LABELS["store_name"]


def test_the_checker_flags_the_marker(library):
    answers = answers_for(library, NOT_AS_DESCRIBED, "bare")
    answers.phrases = {"acknowledgement": "ack-reviewed-each-order"}
    text = exports.to_text(assemble(answers, library))
    found = [
        f
        for f in checker.check(text, shape="classic")
        if f.category == "placeholder_left"
    ]
    marked = {text[f.start : f.end] for f in found}
    assert {
        "(MISSING: period)",
        "(MISSING: metric name)",
        "(MISSING: metric value)",
    } <= marked
    assert all(f.severity == "blocker" for f in found)


@pytest.mark.parametrize(
    "pasted, gap_text",
    [
        ("Over (MISSING: period), our rate rose.", "(MISSING: period)"),
        ("Over [period], our rate rose.", "[period]"),
        ("Thank you, {store_name}.", "{store_name}"),
        ("Order <ORDER ID> was late.", "<ORDER ID>"),
    ],
)
def test_the_checker_finds_the_marker_and_the_old_bracket_forms(pasted, gap_text):
    found = [
        f
        for f in checker.check(pasted, shape="classic")
        if f.category == "placeholder_left"
    ]
    assert [pasted[f.start : f.end] for f in found] == [gap_text]


def test_an_order_note_in_parentheses_is_not_a_gap():
    text = "The affected order is 112-4839201-5839201 (item missing: charger)."
    found = checker.check(text, shape="classic")
    assert "placeholder_left" not in {f.category for f in found}


# --- nothing fillable: the fallback sentence, or the section left out ---------------


def test_without_a_fillable_phrase_the_opening_and_closing_use_the_fallback(library):
    data = copy.deepcopy(load_library())
    for phrase in data["phrases"]:
        if phrase["section"] in ("acknowledgement", "closing", "apology"):
            phrase["text"] = "Over {period}, our {metric_name} was {metric_value}."
    unfillable = Library.from_data(data)
    answers = answers_for(unfillable, NOT_AS_DESCRIBED, "bare")
    for seed in SEEDS:
        letter = assemble(answers, unfillable, seed=seed)
        assert_no_gap(letter, f"seed {seed}")
        ack = section_text(letter, "acknowledgement")
        assert (
            ack
            == f"Dear Seller Performance team,\n\n{FALLBACK_PHRASES['acknowledgement']}"
        )
        assert section_text(letter, "closing") == FALLBACK_PHRASES["closing"]
        # The apology has no fallback: the letter reads naturally without it.
        assert "apology" not in [s.kind for s in letter.sections]
    for text in FALLBACK_PHRASES.values():
        assert not letters.assembly.placeholders.names_in(text)
        # Only the plan's structure is missing from a lone sentence, not its wording.
        found = checker.check(text, shape="classic")
        structure = {"missing_corrective", "missing_preventive"}
        assert {f.category for f in found} <= structure, found


def test_a_figure_still_gets_its_sentence_after_the_fallback(library):
    data = copy.deepcopy(load_library())
    for phrase in data["phrases"]:
        if phrase["section"] == "acknowledgement":
            phrase["text"] = "On {notice_date} we received your notice."
    unfillable = Library.from_data(data)
    answers = answers_for(unfillable, NOT_AS_DESCRIBED, "figures")
    answers.notice_date = None
    ack = section_text(assemble(answers, unfillable), "acknowledgement")
    assert FALLBACK_PHRASES["acknowledgement"] in ack
    assert "Our Order Defect Rate was 3.2% over the last 60 days" in ack
