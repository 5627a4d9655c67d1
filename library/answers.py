"""What the seller answered in the wizard, as plain data. Pure: no Django imports.

A round stores ``Answers.to_dict()`` in its JSON field; letter assembly takes ``Answers``.
Root causes and actions picked from the library keep a ``ref`` into the library version
and ``text=None`` while the seller leaves the wording alone: the letter then uses the
library's text. Once the seller edits it, ``text`` holds their words, which the letter
treats as plain text (never Markdown, never placeholders).

The facts a library wording names as **fact slots** (``{new_carrier}``) are the seller's
too: ``slots`` maps a slot name to what they typed. They fill the library's wording only;
once the seller rewrites the wording, their text stands alone and ``slots`` is unused.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

# ASCII digits only: ``\d`` would also match Arabic-Indic, Devanagari, ... digits.
ORDER_ID = re.compile(r"^[0-9]{3}-[0-9]{7}-[0-9]{7}\Z")
# Separators sellers paste: whitespace, commas, semicolons, pipes, quotes from spreadsheets,
# and the full-width comma, semicolon and enumeration comma of Chinese input methods.
_SPLIT = re.compile(r"[\s,;|\"'\uff0c\uff1b\u3001]+")
# Chinese input methods type full-width digits and these dashes for 0-9 and "-":
# ０-９, － (full-width hyphen-minus), ‐ (hyphen), ‑ (non-breaking hyphen), – (en dash).
_TO_ASCII = str.maketrans(
    {
        **{chr(0xFF10 + n): str(n) for n in range(10)},
        "\uff0d": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
    }
)


@dataclass
class MetricFigure:
    metric: str  # a Metric value: odr, cancellation_rate, ...
    value: Decimal | None = None  # percent, e.g. Decimal("1.59")
    period_days: int | None = None
    defects: int | None = None
    orders: int | None = None


@dataclass
class OrderRef:
    id: str
    note: str = ""


@dataclass
class ChosenAction:
    kind: str  # corrective | preventive
    ref: str = ""  # "cause/root-cause/action" slug path into the library, "" for the seller's own
    text: str | None = None  # None: the library's wording
    done_on: date | None = None  # corrective actions: when it was done
    timeframe: str = ""  # preventive: how often / how fast; corrective: optional
    slots: dict[str, str] = field(
        default_factory=dict
    )  # fact slot -> the seller's value


@dataclass
class ChosenRootCause:
    ref: str = ""  # "cause/root-cause" slug path, "" for the seller's own
    title: str = ""
    text: str | None = None  # None: the library's explanation (variant chosen by seed)
    actions: list[ChosenAction] = field(default_factory=list)
    slots: dict[str, str] = field(
        default_factory=dict
    )  # fact slot -> the seller's value


@dataclass
class EvidenceItem:
    """A supporting document the seller ticked on the documents step."""

    document: str  # a slug of the library's document catalogue
    note: str = ""  # e.g. "from Shenzhen Huaxin, covering SKU ZX-200"
    dated: date | None = None  # the date on the document (invoice date, bill date)
    quantity: int | None = None  # units it covers (invoices)


@dataclass
class Signature:
    name: str = ""
    store_name: str = ""
    seller_id: str = ""
    email: str = ""
    marketplace: str = ""  # marketplace code, e.g. US


@dataclass
class Answers:
    causes: list[str] = field(default_factory=list)  # cause slugs
    notice_date: date | None = None
    notice_text: str = ""
    metrics: list[MetricFigure] = field(default_factory=list)
    orders: list[OrderRef] = field(default_factory=list)
    root_causes: list[ChosenRootCause] = field(default_factory=list)
    # section -> phrase key chosen by the seller; a missing section is chosen by seed
    phrases: dict[str, str] = field(default_factory=dict)
    # fact slot -> value, for the slots of the opening and closing phrases
    phrase_slots: dict[str, str] = field(default_factory=dict)
    evidence: list[EvidenceItem] = field(default_factory=list)  # ticked documents
    signature: Signature = field(default_factory=Signature)

    def to_dict(self) -> dict:
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict | None) -> "Answers":
        data = data or {}
        return cls(
            causes=[str(c) for c in data.get("causes") or []],
            notice_date=_date(data.get("notice_date")),
            notice_text=data.get("notice_text") or "",
            metrics=[
                MetricFigure(
                    metric=m.get("metric") or "none",
                    value=_decimal(m.get("value")),
                    period_days=_int(m.get("period_days")),
                    defects=_int(m.get("defects")),
                    orders=_int(m.get("orders")),
                )
                for m in data.get("metrics") or []
            ],
            orders=[
                OrderRef(id=o["id"], note=o.get("note") or "")
                for o in data.get("orders") or []
            ],
            root_causes=[_root_cause(rc) for rc in data.get("root_causes") or []],
            phrases={
                str(k): str(v) for k, v in (data.get("phrases") or {}).items() if v
            },
            phrase_slots=_slots(data.get("phrase_slots")),
            evidence=[
                _evidence(e)
                for e in data.get("evidence") or []
                if isinstance(e, dict) and e.get("document")
            ],
            signature=Signature(
                **{**asdict(Signature()), **(data.get("signature") or {})}
            ),
        )


@dataclass
class ParsedOrderIds:
    ids: list[str]  # valid, deduplicated, in first-seen order, ASCII
    invalid: list[str]  # entries that are not order IDs, as pasted, in order, once each
    duplicates: int  # how many repeated valid IDs were dropped
    header: str | None = (
        None  # a spreadsheet column header that was recognised and skipped
    )
    entries: int = 0  # entries read, the header not counted, repeats counted
    # invalid entries written with digits other than 0-9 (Arabic-Indic, Devanagari, ...)
    other_digits: list[str] = field(default_factory=list)

    @property
    def invalid_count(self) -> int:
        """Entries that were not kept for not being order IDs, repeats counted, so
        ``entries == len(ids) + duplicates + invalid_count``."""
        return self.entries - len(self.ids) - self.duplicates


HEADER_WORDS = {
    "order-id",
    "order_id",
    "orderid",
    "order id",
    "amazon-order-id",
    "订单编号",
}


def parse_order_ids(text: str) -> ParsedOrderIds:
    """Split a pasted list of Amazon order IDs; keep valid ones once, report the rest.

    Full-width digits and dashes become ASCII; digits of other scripts (Arabic-Indic,
    Devanagari, ...) are not order IDs: such entries are invalid and listed in
    ``other_digits`` too.
    """
    text = text or ""
    header = None
    lines = text.strip().splitlines()
    if lines and lines[0].strip().strip("\"'").lower() in HEADER_WORDS:
        header = lines[0].strip()
        text = "\n".join(lines[1:])
    ids, invalid, other_digits, seen, seen_bad = [], [], [], set(), set()
    entries = dupes = 0
    for token in _SPLIT.split(text):
        if not token:
            continue
        entries += 1
        order_id = token.translate(_TO_ASCII)
        if ORDER_ID.fullmatch(order_id):
            if order_id in seen:
                dupes += 1
            else:
                seen.add(order_id)
                ids.append(order_id)
        elif token not in seen_bad:
            seen_bad.add(token)
            invalid.append(token)
            if _has_other_digits(order_id):
                other_digits.append(token)
    return ParsedOrderIds(
        ids=ids,
        invalid=invalid,
        duplicates=dupes,
        header=header,
        entries=entries,
        other_digits=other_digits,
    )


def _has_other_digits(text: str) -> bool:
    return any(c.isdigit() and not c.isascii() for c in text)


def _root_cause(rc: dict) -> ChosenRootCause:
    return ChosenRootCause(
        ref=rc.get("ref") or "",
        title=rc.get("title") or "",
        text=rc.get("text"),
        actions=[
            ChosenAction(
                kind=a.get("kind") or "preventive",
                ref=a.get("ref") or "",
                text=a.get("text"),
                done_on=_date(a.get("done_on")),
                timeframe=a.get("timeframe") or "",
                slots=_slots(a.get("slots")),
            )
            for a in rc.get("actions") or []
        ],
        slots=_slots(rc.get("slots")),
    )


def _evidence(e: dict) -> EvidenceItem:
    return EvidenceItem(
        document=str(e["document"]),
        note=e.get("note") or "",
        dated=_date(e.get("dated")),
        quantity=_int(e.get("quantity")),
    )


def _slots(value) -> dict[str, str]:
    """Slot values as saved: names to non-empty text (a blank value is no value)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if v not in (None, "")}


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _int(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
