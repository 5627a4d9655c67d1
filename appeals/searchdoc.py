"""What the library of past appeals searches: an appeal's search document, and the
terms of a query. Pure: plain data in, text out (``appeals.search`` stores and queries).

A document has four fields, so a hit on the title ranks above one deep in a letter and
identifiers can be matched by substring apart from prose:

- ``title``: the appeal's title, store name, seller ID and workspace name;
- ``ids``: order IDs, SKUs (the orders' own, from imported reports, and SKU-like tokens
  found in the texts) and the seller ID, upper-cased, one space between;
- ``body``: the answers (notice, causes, root causes and actions in the library's words
  or the seller's, fact slot values, evidence and order notes, Amazon's replies);
- ``letters``: each round's letter as plain text.

Repeated paragraphs and letter lines (a next round copies the answers and the letter)
are kept once.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from library import placeholders
from library.answers import ORDER_ID, Answers
from library.readmodel import Library

#: a SKU-like token: letters and digits, maybe joined by - _ . /, with at least one
#: letter and one digit ("ZX-200", "HB01-BLK", "B07XYZ1234")
_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:[-_./][A-Za-z0-9]+)*(?![\w-])")
#: digits then a few lower-case letters is a measure or an ordinal, not a SKU
#: (24h, 2nd, 10am, 5kg)
_MEASURE = re.compile(r"^[0-9]+[a-z]{1,3}\Z")
_MARKDOWN = re.compile(r"[*_`#>]+")
#: a quoted phrase, or a run of anything else up to whitespace
_TERM = re.compile(r'"([^"]*)"|(\S+)')
#: what an identifier in a query may be made of (an order ID, a SKU, a seller ID)
_ID_TERM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*\Z")
_EDGE_PUNCTUATION = "\"'.,;:!?()[]{}<>"

MAX_QUERY = 200  # characters of a query read; the rest is ignored
MAX_TERMS = 10


@dataclass(frozen=True)
class RoundText:
    """What one round contributes: its answers read with its own library version, the
    letter as sent (or as it stands), and Amazon's reply."""

    answers: Answers
    library: Library
    letter: str
    reply: str = ""


@dataclass(frozen=True)
class SearchDocument:
    title: str
    ids: str
    body: str
    letters: str


@dataclass(frozen=True)
class Term:
    text: str
    is_id: bool  # one identifier-like word: also matched as a substring of ``ids``
    phrase: bool = False  # written in double quotes


def search_document(
    *,
    title: str,
    store_name: str,
    seller_id: str,
    workspace_name: str,
    rounds: Iterable[RoundText],
    order_skus: dict[str, list[str]] | None = None,
) -> SearchDocument:
    """The search document of one appeal. ``order_skus``: order ID -> the SKUs the
    store's imported reports list for it (orders not imported are simply absent)."""
    rounds = list(rounds)
    body: list[str] = []
    letters: list[str] = []
    order_ids: list[str] = []
    for r in rounds:
        body += answer_texts(r.answers, r.library)
        body.append(r.reply)
        letters.append(r.letter)
        order_ids += [o.id for o in r.answers.orders]
    ids = [seller_id, *order_ids]
    for order_id in order_ids:
        ids += (order_skus or {}).get(order_id, [])
    ids += sku_like(" ".join([title, *body, *letters]))
    return SearchDocument(
        title=_joined([title, store_name, seller_id, workspace_name]),
        ids=" ".join(_unique(i.strip().upper() for i in ids if i and i.strip())),
        body=_joined(body),
        letters="\n".join(
            _unique(
                line.strip()
                for text in letters
                for line in text.splitlines()
                if line.strip()
            )
        ),
    )


def answer_texts(answers: Answers, library: Library) -> list[str]:
    """The words of the answers, in the seller's wording where they wrote their own and
    the library's where they kept it (its fact slots filled, other placeholders and
    Markdown marks removed)."""
    texts = [answers.notice_text]
    for slug in answers.causes:
        cause = library.cause(slug)
        texts.append(cause.name if cause else slug)
    for rc in answers.root_causes:
        known = library.root_cause(rc.ref) if rc.ref else None
        texts.append(rc.title or (known.title if known else ""))
        if rc.text is not None:
            texts.append(rc.text)
        elif known:
            texts.append(_plain(known.explanation, rc.slots))
        texts += rc.slots.values()
        for action in rc.actions:
            known_action = library.action(action.ref) if action.ref else None
            if action.text is not None:
                texts.append(action.text)
            elif known_action:
                texts.append(_plain(known_action.text, {**rc.slots, **action.slots}))
            texts.append(action.timeframe)
            texts += action.slots.values()
    texts += answers.phrase_slots.values()
    for item in answers.evidence:
        doc = library.document(item.document)
        texts += [doc.name if doc else item.document, item.note]
    texts += [o.note for o in answers.orders]
    return [t for t in texts if t]


def sku_like(text: str) -> list[str]:
    """Order IDs and SKU-like tokens written in ``text``, in order, once each."""
    found = []
    for token in _TOKEN.findall(text or ""):
        if ORDER_ID.fullmatch(token):
            found.append(token)
        elif (
            len(token) >= 3
            and any(c.isdigit() for c in token)
            and any(c.isalpha() for c in token)
            and not _MEASURE.fullmatch(token)
        ):
            found.append(token)
    return _unique(found)


def query_terms(q: str) -> list[Term]:
    """The terms of a user's query: "quoted phrases" and words, at most MAX_TERMS.

    Anything may be typed: a term with no letter or digit is dropped, full-width digits
    and letters become ASCII (NFKC), and no character means an operator here (the
    backends quote every term), so ``AND``, ``*``, ``-`` or ``(`` are only text.
    """
    q = unicodedata.normalize("NFKC", q or "")[:MAX_QUERY]
    terms = []
    for quoted, bare in _TERM.findall(q):
        text = (quoted if quoted else bare.strip(_EDGE_PUNCTUATION)).strip()
        if not any(c.isalnum() for c in text):
            continue
        is_id = (
            not quoted
            and len(text) >= 3
            and bool(_ID_TERM.fullmatch(text))
            and any(c.isdigit() for c in text)
        )
        terms.append(Term(text=text, is_id=is_id, phrase=bool(quoted)))
    return terms[:MAX_TERMS]


def _plain(text: str, slots: dict[str, str]) -> str:
    """Library wording with the seller's fact slot values filled in, the placeholders
    left over and Markdown marks removed."""
    filled = placeholders.substitute(text or "", slots)
    return _MARKDOWN.sub(" ", placeholders.PATTERN.sub(" ", filled))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _joined(texts: Iterable[str]) -> str:
    """Non-empty paragraphs, each once, a blank line between."""
    return "\n\n".join(_unique(t.strip() for t in texts if t and t.strip()))
