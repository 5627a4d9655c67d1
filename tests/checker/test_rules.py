"""Each checker rule on its own: a text that raises it, one that does not."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from library import checker
from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
)

ROOT = Path(__file__).resolve().parents[2]

PLAN = """Root causes
1. We confirmed orders as shipped before the parcels left our warehouse.

Actions taken to resolve the issue
1. We refunded both buyers on 3 November 2026.

Steps taken to prevent it happening again
1. We confirm shipment only after the carrier has scanned the parcel, every day.
"""


def categories(text, shape="classic", **kwargs) -> set[str]:
    return {f.category for f in checker.check(text, shape=shape, **kwargs)}


def test_a_strong_plan_raises_nothing():
    assert categories(PLAN) == set()


# (category, text that raises it, text that does not)
CASES = [
    ("blame", "The buyer lied about the parcel.", "We shipped the wrong size."),
    ("blame", "The carrier lost the parcels.", "We chose a carrier that lost parcels."),
    ("pleading", "We beg you to reinstate us.", "We ask you to review our plan."),
    (
        "perfection_promise",
        "This will never happen again.",
        "We check every order daily.",
    ),
    ("question_to_amazon", "What else do you need?", "We attach the invoices."),
    ("support_case_reference", "Seller Support told us to wait.", "We waited a day."),
    (
        "placeholder_left",
        "Over [period], our rate rose.",
        "Over 60 days, our rate rose.",
    ),
    ("placeholder_left", "Thank you, {store_name}.", "Thank you, Sunny Audio."),
    (
        "placeholder_left",
        "Order <ORDER ID> was late.",
        "Order 112-4839201-5839201 was late.",
    ),
    ("not_english", "We fixed it. 我们已经修复了。", "We fixed it."),
    (
        "review_request",
        "After delivery we ask buyers to leave a positive review.",
        "We answered buyers.",
    ),
    (
        "review_request",
        "Please remove the negative feedback on these orders.",
        "Our cards asked buyers for a positive review, and we withdrew them.",
    ),
    (
        "review_request",
        "Going forward, buyers who received a replacement are offered a gift card "
        "for updating their review.",
        "Going forward, buyers who received a replacement get it within 2 days.",
    ),
    (
        "missing_metric",
        "Our Order Defect Rate was too high.",
        "Our Order Defect Rate was 1.59%.",
    ),
    (
        "missing_orders",
        "The affected orders were late.",
        "Order 112-4839201-5839201 was late.",
    ),
]


@pytest.mark.parametrize(("category", "bad", "good"), CASES)
def test_rule_raises_on_the_flaw_and_not_without_it(category, bad, good):
    assert category in categories(PLAN + "\n" + bad)
    assert category not in categories(PLAN + "\n" + good)


def test_corrective_in_future_tense_is_not_done():
    text = PLAN.replace("We refunded both", "We will refund both")
    assert categories(text) == {"corrective_not_done"}


def test_preventive_without_frequency():
    text = PLAN.replace(", every day.", ".")
    assert categories(text) == {"preventive_no_timeframe"}


def test_missing_plan_parts():
    only_cause = PLAN.split("Actions taken")[0]
    assert {"missing_corrective", "missing_preventive"} <= categories(only_cause)


def test_form_greeting_only_in_the_form_shape():
    text = "Dear Seller Performance,\n" + PLAN
    assert "form_has_greeting" in categories(text, shape="form")
    assert "form_has_greeting" not in categories(text, shape="classic")


def test_repeated_sentence_and_too_long_section():
    line = "We now check every parcel against its order before it leaves."
    assert "repeated_sentence" in categories(PLAN + f"\n{line} {line}")
    long = PLAN + "\n" + "We packed every order again with care. " * 90
    assert "too_long_section" in categories(long)


@pytest.mark.parametrize(
    ("category", "bad"),
    [
        ("review_request", "Please leave us a 5-star review!"),
        ("marketing", "Use coupon SAVE10 for 10% off your next order."),
        ("outside_channel", "Write to us at help@sunny-audio.example"),
        ("outside_channel", "Add us on WhatsApp for faster help."),
    ],
)
def test_buyer_message_rules(category, bad):
    clean = "Sorry your order arrived late. We have sent a replacement today."
    assert categories(clean, shape="message") == set()
    assert category in categories(f"{clean} {bad}", shape="message")


def test_message_rules_do_not_run_on_letters_and_letter_rules_not_on_messages():
    assert categories("Add us on WhatsApp.", shape="classic") >= {"missing_corrective"}
    assert "outside_channel" not in categories(PLAN + " Add us on WhatsApp.")
    assert "missing_corrective" not in categories("Hello!", shape="message")


def test_answers_make_plan_rules_exact_and_point_at_the_step():
    answers = Answers(
        causes=["odr-a-to-z-claims"],
        orders=[OrderRef("112-4839201-5839201")],
        root_causes=[
            ChosenRootCause(
                ref="",
                title="Late confirmation",
                text="We confirmed early.",
                actions=[ChosenAction(kind="corrective", text="We refunded.")],
            )
        ],
    )
    found = checker.check(PLAN, answers=answers, metric_causes={"odr-a-to-z-claims"})
    by_category = {f.category: f for f in found}
    assert set(by_category) == {
        "missing_preventive",
        "corrective_not_done",
        "missing_metric",
    }
    assert by_category["missing_preventive"].part == "preventive"
    assert by_category["missing_preventive"].item == "rc-0"
    assert by_category["missing_metric"].part == "situation"
    answers.root_causes[0].actions = [
        ChosenAction(kind="corrective", text="We refunded.", done_on=date(2026, 11, 3)),
        ChosenAction(kind="preventive", text="We check daily.", timeframe="daily"),
    ]
    answers.metrics = [MetricFigure("odr", value=1)]
    assert (
        categories(PLAN, answers=answers, metric_causes={"odr-a-to-z-claims"}) == set()
    )


def test_rejection_focus_raises_severity_and_settings_switch_rules():
    text = PLAN.replace(", every day.", ".")
    (plain,) = checker.check(text)
    assert plain.severity == checker.WARNING
    (raised,) = checker.check(text, focus=["preventive"])
    assert raised.severity == checker.BLOCKER and raised.raised
    off = {"preventive-no-timeframe": checker.RuleSetting(enabled=False)}
    assert checker.check(text, settings=off) == []
    tip = {"preventive-no-timeframe": checker.RuleSetting(severity=checker.TIP)}
    assert checker.check(text, settings=tip)[0].severity == checker.TIP


def test_findings_span_the_text_they_are_about():
    text = PLAN + "\nIt was the buyer's fault. Our store {store_name} is sorry."
    found = {f.category: f for f in checker.check(text)}
    assert text[found["placeholder_left"].start : found["placeholder_left"].end] == (
        "{store_name}"
    )
    blame = found["blame"]
    assert text[blame.start : blame.end] == "It was the buyer's fault."


def test_check_letter_command_prints_one_json_object(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_text(PLAN + "\nIt was the buyer's fault. Thanks, {store_name}.", "utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "check_letter", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"findings"}
    found = {f["category"]: f for f in data["findings"]}
    assert set(found) == {"blame", "placeholder_left"}
    text = path.read_text("utf-8")
    assert text[
        found["placeholder_left"]["start"] : found["placeholder_left"]["end"]
    ] == ("{store_name}")
    assert set(found["blame"]) == {
        "rule",
        "category",
        "severity",
        "message",
        "start",
        "end",
    }
