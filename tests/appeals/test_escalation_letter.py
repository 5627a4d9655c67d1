"""The escalation letter as a pure function: answers, the library, the addressee and the
appeal's earlier rounds in, a ``Letter`` every exporter renders out."""

import re
from datetime import date

import pytest

from library import exports, letters
from library.answers import Answers, ChosenAction, ChosenRootCause, Signature
from library.concepts import addressee as addressees
from library.letters import HistoryEntry, ItemList, assemble_escalation
from library.letters.escalation import FALLBACK_PHRASES
from library.readmodel import Library

from .conftest import TODAY, as_library, odr_not_received, wrong_condition

SP, TEAM, EXEC = (
    addressees.SELLER_PERFORMANCE,
    addressees.SUSPENDING_TEAM,
    addressees.EXECUTIVE,
)
HISTORY = [
    HistoryEntry(1, SP, date(2026, 11, 5), "rejected", date(2026, 11, 9)),
    HistoryEntry(2, SP, date(2026, 11, 12), "more_info", date(2026, 11, 14)),
    HistoryEntry(3, SP, date(2026, 11, 16), "rejected", date(2026, 11, 19)),
]


def escalate(answers, library, addressee=TEAM, history=HISTORY, seed=5):
    return assemble_escalation(
        answers,
        as_library(library),
        addressee=addressee,
        history=history,
        today=TODAY,
        seed=seed,
    )


def section(letter, kind):
    return next((s for s in letter.sections if s.kind == kind), None)


def phrase_texts(library: Library, section_name: str) -> set[str]:
    values = letters.placeholder_values(odr_not_received(), today=TODAY)
    return {
        letters.plain_text(p.text, values) for p in library.phrases_of(section_name)
    }


def test_the_history_lists_each_round_with_its_dates_and_answer(shipped_library):
    text = exports.to_text(escalate(odr_not_received(), shipped_library))
    assert "History of this appeal" in text
    assert (
        "1. Sent to Seller Performance on 5 November 2026: rejected on "
        "9 November 2026." in text
    )
    assert (
        "2. Sent to Seller Performance on 12 November 2026: Amazon asked for more "
        "information on 14 November 2026." in text
    )
    assert "3. Sent to Seller Performance on 16 November 2026" in text


def test_a_date_nobody_recorded_is_said_to_be_unrecorded_never_guessed():
    line = letters.history_line(HistoryEntry(2, TEAM, None, "rejected", None))
    assert line == (
        "Sent to the team that suspended our account on a date that was not "
        "recorded: rejected; the date of the answer was not recorded."
    )
    assert not re.search(r"\d{4}", line)
    pending = letters.history_line(HistoryEntry(4, EXEC, date(2026, 12, 1), "pending"))
    assert pending == (
        "Sent to Executive Seller Relations on 1 December 2026: no answer received yet."
    )


def test_rounds_never_sent_are_left_out_and_items_keep_the_round_numbers(
    shipped_library,
):
    history = [
        HistoryEntry(1, SP, date(2026, 11, 5), "rejected", None),
        HistoryEntry(2, SP, None, "pending", None),  # a draft that never went out
        HistoryEntry(3, SP, None, "rejected", date(2026, 11, 20)),
    ]
    letter = escalate(odr_not_received(), shipped_library, history=history)
    items = [b for b in section(letter, "history").blocks if isinstance(b, ItemList)]
    assert [i.number for i in items[0].items] == [1, 3]
    text = exports.to_text(letter)
    assert (
        "3. Sent to Seller Performance on a date that was not recorded: rejected "
        "on 20 November 2026." in text
    )


def test_without_earlier_rounds_there_is_no_history_section(shipped_library):
    letter = escalate(odr_not_received(), shipped_library, history=[])
    assert section(letter, "history") is None
    assert section(letter, "escalation") is not None


@pytest.mark.parametrize(
    "addressee, heading, salutation, request_section",
    [
        (
            TEAM,
            "Escalation to the team that suspended our account",
            "Dear team responsible for the suspension of our account,",
            addressees.SECTION_TEAM,
        ),
        (
            EXEC,
            "Escalation to Executive Seller Relations",
            "Dear Executive Seller Relations team,",
            addressees.SECTION_EXECUTIVE,
        ),
    ],
)
def test_each_level_has_its_heading_salutation_and_request(
    shipped_library, addressee, heading, salutation, request_section
):
    letter = escalate(odr_not_received(), shipped_library, addressee=addressee)
    opening = letter.sections[0]
    assert opening.heading == heading
    assert letter.subject.startswith(heading + ": appeal to reinstate")
    assert "Sunny Audio (Seller ID A2K4TQ9ZP3XW7M)" in letter.subject
    body = letters.blocks_plain_text(opening.blocks)
    assert body.startswith(salutation)
    request = body.removeprefix(salutation).strip()
    assert request in phrase_texts(shipped_library, request_section)
    other = (
        addressees.SECTION_EXECUTIVE if addressee == TEAM else addressees.SECTION_TEAM
    )
    assert request not in phrase_texts(shipped_library, other)


def test_the_plan_in_brief_names_each_root_cause_with_its_action_counts(
    shipped_library,
):
    letter = escalate(wrong_condition(), shipped_library)
    text = exports.to_text(letter)
    assert "Our plan in brief\nOur plan addresses 4 root causes:" in text
    assert (
        "1. Error in our inventory upload file (2 corrective actions, 1 preventive "
        "measure)" in text
    )
    assert (
        "4. Nobody compared the upload with the items (1 corrective action, "
        "1 preventive measure)" in text
    )


def test_a_root_cause_without_actions_is_named_without_counts(shipped_library):
    answers = Answers(
        root_causes=[ChosenRootCause(title="Stock counts were not checked")],
        signature=Signature(name="Li Wei", store_name="Sunny Audio"),
    )
    text = exports.to_text(escalate(answers, shipped_library))
    assert (
        "Our plan addresses 1 root cause:\n\n1. Stock counts were not checked\n" in text
    )
    one = Answers(
        root_causes=[
            ChosenRootCause(
                title="Late replies",
                actions=[ChosenAction(kind="preventive", text="We reply daily.")],
            )
        ]
    )
    assert "1. Late replies (1 preventive measure)" in exports.to_text(
        escalate(one, shipped_library)
    )


def test_no_plan_no_plan_section(shipped_library):
    letter = escalate(
        Answers(signature=Signature(store_name="Sunny Audio")), shipped_library
    )
    assert section(letter, "plan_summary") is None


def test_the_letter_closes_and_signs_like_the_classic_letter(shipped_library):
    answers = odr_not_received()
    letter = escalate(answers, shipped_library)
    assert [s.kind for s in letter.sections][-2:] == ["closing", "signature"]
    closing = letters.blocks_plain_text(section(letter, "closing").blocks)
    assert closing in phrase_texts(shipped_library, addressees.SECTION_CLOSING)
    classic = letters.assemble(answers, shipped_library, today=TODAY, seed=5)
    assert section(letter, "signature") == section(classic, "signature")


def test_the_seed_varies_the_wording_and_the_same_seed_repeats_it(shipped_library):
    answers = odr_not_received()
    texts = {
        exports.to_text(escalate(answers, shipped_library, addressee=addressee, seed=s))
        for addressee in (TEAM, EXEC)
        for s in range(12)
    }
    assert len(texts) > 8
    for part in (
        addressees.SECTION_TEAM,
        addressees.SECTION_HISTORY,
        addressees.SECTION_CLOSING,
    ):
        used = set()
        for s in range(40):
            letter = escalate(answers, shipped_library, seed=s)
            used |= {
                t
                for t in phrase_texts(shipped_library, part)
                if t in exports.to_text(letter)
            }
        assert len(used) >= 3, part
    assert escalate(answers, shipped_library, seed=3) == escalate(
        answers, shipped_library, seed=3
    )


@pytest.mark.parametrize("addressee", [TEAM, EXEC])
def test_no_placeholder_is_left_unfilled_on_any_seed(shipped_library, addressee):
    for make in (odr_not_received, wrong_condition):
        for s in range(30):
            text = exports.to_text(
                escalate(make(), shipped_library, addressee=addressee, seed=s)
            )
            assert "{" not in text and "}" not in text
            assert "(MISSING" not in text


def test_a_phrase_the_answers_cannot_fill_is_not_used(shipped_library):
    """Without a notice date or seller ID, phrases naming them are not chosen."""
    answers = Answers(signature=Signature(name="Li Wei", store_name="Sunny Audio"))
    for s in range(30):
        for addressee in (TEAM, EXEC):
            text = exports.to_text(
                escalate(answers, shipped_library, addressee=addressee, seed=s)
            )
            assert "(MISSING" not in text


def test_a_library_without_escalation_phrases_uses_the_fallbacks(shipped_library_data):
    data = shipped_library_data
    data["phrases"] = [
        p for p in data["phrases"] if p["section"] not in addressees.SECTIONS
    ]
    text = exports.to_text(escalate(odr_not_received(), data, addressee=EXEC))
    for section_name in (
        addressees.SECTION_EXECUTIVE,
        addressees.SECTION_HISTORY,
        addressees.SECTION_CLOSING,
    ):
        assert FALLBACK_PHRASES[section_name] in text


def test_the_usual_appeal_is_no_escalation(shipped_library):
    with pytest.raises(ValueError):
        escalate(odr_not_received(), shipped_library, addressee=SP)
    with pytest.raises(ValueError):
        escalate(odr_not_received(), shipped_library, addressee="nobody")


def test_every_exporter_renders_the_escalation(shipped_library):
    letter = escalate(odr_not_received(), shipped_library, addressee=EXEC)
    markdown = exports.to_markdown(letter)
    assert "## History of this appeal" in markdown
    assert "## Escalation to Executive Seller Relations" in markdown
    html = exports.to_html(letter)
    assert 'data-section="history"' in html and "rejected on 9 November 2026" in html
    assert exports.to_docx(letter)[:2] == b"PK"
    assert "rejected on 9 November 2026" in exports.pdf_html(letter, paper="A4")


def test_addressee_levels_go_up_once_each_and_stop():
    assert addressees.escalation_after(SP).code == TEAM
    assert addressees.escalation_after(TEAM).code == EXEC
    assert addressees.escalation_after(EXEC) is None
    assert [addressees.get(c).level for c in (SP, TEAM, EXEC)] == [0, 1, 2]
    assert addressees.get("unknown").code == SP
