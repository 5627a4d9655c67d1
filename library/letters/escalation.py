"""Escalation letters: the appeal's answers, its history and one typed library in, a
``Letter`` out, so every exporter renders it as it renders an appeal. Pure.

An escalation goes to the team that suspended the account, then to executive seller
relations (``library.concepts.addressee``). It says what it is and to whom, asks for the
review in the library's words for that level, lists the appeal's earlier rounds as the
rounds record them (a date nobody recorded is said to be unrecorded, never guessed),
sums the plan up from the answers (root cause titles, how many corrective and
preventive actions each has), closes and signs like the classic letter. The library's
phrases are chosen by seed, as the letter's are; a library without a usable phrase for a
section (a version published before escalations) gets the fallback below, which names
nothing the seller has not told us.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from library.answers import Answers
from library.concepts import addressee as addressees
from library.concepts import shape as shapes
from library.concepts.dates import format_date
from library.readmodel import Library

from .assembly import _parts, _signature_paragraph, choose_phrase
from .document import Item, ItemList, Letter, Paragraph, Run, Section
from .runs import _fill_blocks, library_blocks

#: what each section says when the library has no phrase for it that the answers fill
FALLBACK_PHRASES = {
    addressees.SECTION_TEAM: (
        "Our appeal has not been accepted so far, so we are writing to the team that "
        "made the decision on our account. We ask you to review our case and the plan "
        "summarised below."
    ),
    addressees.SECTION_EXECUTIVE: (
        "Our appeal has not been accepted at the earlier steps, so we are writing to "
        "Executive Seller Relations. We ask for a fresh review of our case and of the "
        "plan summarised below."
    ),
    addressees.SECTION_HISTORY: (
        "These are our earlier submissions about this account and the answers we "
        "received:"
    ),
    addressees.SECTION_CLOSING: (
        "Thank you for reviewing our case. We will send any further information you "
        "need, and we look forward to your decision."
    ),
}

#: how the history writes Amazon's answer to a round (``appeals.models.Outcome``)
_ANSWERED = {
    "rejected": (
        "rejected on {date}",
        "rejected; the date of the answer was not recorded",
    ),
    "more_info": (
        "Amazon asked for more information on {date}",
        "Amazon asked for more information; the date of that answer was not recorded",
    ),
    "reinstated": (
        "reinstated on {date}",
        "reinstated; the date of the answer was not recorded",
    ),
}


@dataclass(frozen=True)
class HistoryEntry:
    """One earlier round of the appeal, as the round records it."""

    number: int
    addressee: str  # a library.concepts.addressee code
    submitted_on: datetime.date | None
    outcome: str  # pending | more_info | rejected | reinstated
    reply_received_on: datetime.date | None = None


def history_line(entry: HistoryEntry) -> str:
    """``Sent to Seller Performance on 5 November 2026: rejected on 9 November 2026.``"""
    to = addressees.get(entry.addressee).letter_name
    if entry.submitted_on:
        sent = f"Sent to {to} on {format_date(entry.submitted_on)}"
    else:
        sent = f"Sent to {to} on a date that was not recorded"
    dated, undated = _ANSWERED.get(entry.outcome, ("", ""))
    if not dated:
        answer = "no answer received yet"
    elif entry.reply_received_on:
        answer = dated.format(date=format_date(entry.reply_received_on))
    else:
        answer = undated
    return f"{sent}: {answer}."


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def escalation_subject(addressee: str, store: str, seller_id: str) -> str:
    """What the subject line says: an escalation, to whom, for which account."""
    to = addressees.get(addressee).letter_name
    suffix = f" (Seller ID {seller_id})" if seller_id else ""
    return (
        f"Escalation to {to}: appeal to reinstate selling privileges of {store}{suffix}"
    )


def _history_items(history: Sequence[HistoryEntry]) -> tuple[Item, ...]:
    """The rounds that reached Amazon (sent, or answered), numbered as the rounds are;
    a draft that was never sent has nothing to report and is left out."""
    sent = [e for e in history if e.submitted_on or e.outcome in _ANSWERED]
    return tuple(
        Item(e.number, (Run(history_line(e)),))
        for e in sorted(sent, key=lambda e: e.number)
    )


def _plan_summary(resolved) -> tuple:
    """The plan in brief: each root cause's title with its count of each kind of
    action (a kind it has none of is not mentioned)."""
    items = []
    for n, rc in enumerate(resolved, start=1):
        counts = []
        if rc.corrective:
            counts.append(_plural(len(rc.corrective), "corrective action"))
        if rc.preventive:
            counts.append(_plural(len(rc.preventive), "preventive measure"))
        items.append(Item(n, (Run(rc.title),), detail=", ".join(counts)))
    lead = f"Our plan addresses {_plural(len(items), 'root cause')}:"
    return (Paragraph((Run(lead),)), ItemList(tuple(items)))


def _phrase(parts, section: str) -> tuple:
    """The blocks of one phrase section: the library's phrase the seed picks among
    those the answers fill, else the section's fallback."""
    chosen = choose_phrase(
        parts.library, section, parts.answers, values=parts.values, seed=parts.seed
    )
    text = chosen.text if chosen is not None else FALLBACK_PHRASES[section]
    return _fill_blocks(library_blocks(text), parts.full)


def assemble_escalation(
    answers: Answers,
    library: Library,
    *,
    addressee: str,
    history: Sequence[HistoryEntry],
    today: datetime.date,
    seed: int,
    library_version: int | None = None,
) -> Letter:
    """The escalation letter to ``addressee`` (an escalation level) for the appeal whose
    earlier rounds are ``history``. Reads nothing but its arguments: the same inputs
    give a byte-identical letter. ValueError for an addressee that is no escalation."""
    to = addressees.ADDRESSEES.get(addressee)
    if to is None or not to.is_escalation:
        raise ValueError(f"not an escalation level: {addressee!r}")
    parts = _parts(answers, library, (), today=today, seed=seed)
    salutation = Paragraph((Run(to.salutation),))
    sections = [
        Section(
            "escalation",
            f"Escalation to {to.letter_name}",
            (salutation, *_phrase(parts, to.request_section)),
        )
    ]
    if items := _history_items(history):
        intro = _phrase(parts, addressees.SECTION_HISTORY)
        sections.append(
            Section("history", "History of this appeal", (*intro, ItemList(items)))
        )
    if parts.resolved:
        sections.append(
            Section("plan_summary", "Our plan in brief", _plan_summary(parts.resolved))
        )
    sections.append(Section("closing", "", _phrase(parts, addressees.SECTION_CLOSING)))
    sections.append(Section("signature", "", (_signature_paragraph(parts.sender),)))
    return Letter(
        shape=shapes.CLASSIC,
        subject=escalation_subject(
            addressee, parts.full["store_name"], parts.values.get("seller_id", "")
        ),
        date=today,
        sections=tuple(sections),
        orders=(),
        sender=parts.sender,
        library_version=library_version,
    )
