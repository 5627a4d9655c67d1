"""An appeal's answers with everything that names the client taken out. Pure.

The library of past appeals can be shown anonymised: a consultant shows a colleague or
another client what worked without showing whose case it was. What goes: store names,
seller IDs, order IDs, buyer data (order notes, the notice, document notes) and every
filled fact slot. What stays: the causes, the library's wording, the plan's shape, the
metric figures and the dates of actions (a figure or a date names nobody).

The seller's own wording may name anything, so known names, order IDs, e-mail
addresses, phone numbers and seller IDs in it are masked too. That is a best effort over
free text, which is why the slots, where client facts are meant to go, are always
replaced whole.
"""

import copy
import re

from .answers import Answers, OrderRef
from .readmodel import Library

ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b")
PHONE = re.compile(r"\+?\d[\d ().-]{7,}\d")
SELLER_ID = re.compile(r"\bA[A-Z0-9]{11,19}\b")

STORE = "[store]"
SELLER = "[seller ID]"
ORDER = "[order ID]"
HIDDEN = "[hidden]"


def mask(text: str, names=()) -> str:
    """``text`` with order IDs, e-mail addresses, phone numbers, seller IDs and each of
    ``names`` (store and business names, case-insensitive) replaced by a marker."""
    if not text:
        return text
    for name in sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True):
        text = re.sub(re.escape(name), STORE, text, flags=re.IGNORECASE)
    text = ORDER_ID.sub(ORDER, text)
    text = EMAIL.sub(HIDDEN, text)
    text = SELLER_ID.sub(SELLER, text)
    return PHONE.sub(HIDDEN, text)


def _slot_markers(slots: dict[str, str], library: Library) -> dict[str, str]:
    """Every filled slot replaced by its label in brackets: ``[new carrier]``."""
    shown = {}
    for name, value in slots.items():
        if value:
            slot = library.slot(name)
            shown[name] = f"[{slot.gap_label if slot else name}]"
    return shown


def anonymise(answers: Answers, library: Library, names=()) -> Answers:
    """A copy of ``answers`` that names no one (see the module's docstring)."""
    out = copy.deepcopy(answers)
    out.notice_text = ""
    out.orders = [OrderRef(id=ORDER) for _ in answers.orders]  # the count stays
    out.phrase_slots = _slot_markers(out.phrase_slots, library)
    for rc in out.root_causes:
        rc.title = mask(rc.title, names)
        rc.text = mask(rc.text, names) if rc.text is not None else None
        rc.slots = _slot_markers(rc.slots, library)
        for action in rc.actions:
            action.text = mask(action.text, names) if action.text is not None else None
            action.timeframe = mask(action.timeframe, names)
            action.slots = _slot_markers(action.slots, library)
    for item in out.evidence:
        item.note = ""
    sig = out.signature
    sig.name, sig.email = HIDDEN, HIDDEN
    sig.store_name, sig.seller_id = STORE, SELLER
    return out
