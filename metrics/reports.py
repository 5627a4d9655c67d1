"""Seller Central report files -> typed rows. Pure: no Django, no models, no request.

``OrderReport`` streams an order report or a Feedback Manager download: it finds the
encoding from the leading bytes, decodes the rest incrementally and strictly, splits
records with the csv module (tab or comma, quoted fields, CRLF/LF/CR), recognises the
report from its header and yields one typed row per item line. Lines it cannot use are
collected in ``bad_lines`` with their line numbers and reasons; nothing is dropped
silently and no character is ever replaced.

Errors that stop the whole file raise ``ReportError`` with a ``code`` and ``params``;
the view turns the code into a translated sentence (this module stays free of Django).
"""

import codecs
import csv
import gc
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from sys import intern

from library.concepts import percent as pct

ORDER_ID = re.compile(r"\A[0-9]{3}-[0-9]{7}-[0-9]{7}\Z")

ALL_ORDERS = "all_orders"
SELLER_FULFILLED = "seller_fulfilled"
UNSHIPPED = "unshipped"
FEEDBACK = "feedback"
ORDER_KINDS = (ALL_ORDERS, SELLER_FULFILLED, UNSHIPPED)

#: columns a report must have, by kind (normalised header names)
REQUIRED = {
    ALL_ORDERS: (
        "amazon-order-id",
        "purchase-date",
        "order-status",
        "fulfillment-channel",
    ),
    SELLER_FULFILLED: ("order-id", "order-item-id", "purchase-date"),
    UNSHIPPED: ("order-id", "order-item-id", "purchase-date", "promise-date"),
    FEEDBACK: ("date", "rating", "order-id"),
}

#: field -> header names that carry it, first match wins (normalised header names)
ALIASES = {
    "order_id": ("amazon-order-id", "order-id"),
    "item_id": ("order-item-id",),
    "purchase_date": ("purchase-date",),
    "status": ("order-status",),
    "channel": ("fulfillment-channel",),
    "buyer_requested": ("is-buyer-requested-cancellation",),
    "cancel_reason": ("buyer-requested-cancel-reason",),
    "promise_date": ("promise-date", "latest-ship-date", "expected-ship-date"),
    "ship_date": (
        "ship-date",
        "shipment-date",
        "ship-confirmation-date",
        "shipped-date",
    ),
    "price": ("item-price",),
    "quantity": ("quantity", "quantity-purchased"),
    "currency": ("currency",),
    "promotion_ids": ("promotion-ids",),
    "sku": ("sku",),
    "product_name": ("product-name",),
    "buyer_email": ("buyer-email",),
    "buyer_name": ("buyer-name",),
    "date": ("date",),
    "rating": ("rating",),
}

#: the fields of a record in the order ``OrderReport`` reads them
ROW_FIELDS = tuple(ALIASES)

#: header names holding buyer personal data; never read unless the seller opts in
BUYER_COLUMNS = frozenset(
    {
        "buyer-email",
        "buyer-name",
        "buyer-phone-number",
        "recipient-name",
        "ship-address-1",
        "ship-address-2",
        "ship-address-3",
        "ship-phone-number",
        "rater-email",
        "cpf",
        "buyer-identification-number",
    }
)

#: the longest field the csv module reads (its own default, stated here): a longer one
#: is a ``csv_error`` on its line, never an unbounded string in memory
FIELD_SIZE_LIMIT = 128 * 1024
csv.field_size_limit(FIELD_SIZE_LIMIT)

#: the most units one order line may have (Amazon caps an order far below it)
MAX_QUANTITY = 1_000_000

SAMPLE_BYTES = 64 * 1024
# An all-ASCII start says nothing about the encoding: read on (up to this much) until a
# non-ASCII byte shows up, and decide on the bytes around it.
MAX_ASCII_PREFIX = 4 * 1024 * 1024
CHUNK_BYTES = 256 * 1024

ENCODING_LABELS = {
    "utf-8-sig": "UTF-8 with byte order mark",
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16 (little-endian, with byte order mark)",
    "utf-16-be": "UTF-16 (big-endian, with byte order mark)",
    "cp1252": "Windows-1252 (Western European)",
    "cp932": "Shift_JIS (Windows code page 932, Japanese)",
    "gb18030": "GB18030 (Simplified Chinese)",
}


class ReportError(ValueError):
    """The file cannot be read at all. ``code`` names the problem, ``params`` its details."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


@dataclass(slots=True)
class BadLine:
    line: int  # physical line number in the file, 1 = the header
    reason: str  # a code: see BAD_LINE_REASONS
    detail: str = ""


# Bad-line reasons are codes: missing_order_id, bad_order_id, bad_date, bad_price,
# bad_quantity, bad_rating, too_many_fields, bad_flag (metrics.forms words them).

# A bad line's detail is kept (and shown, and stored with the import) only when it
# cannot be buyer data: a misplaced line break in an address pushes the name, street,
# e-mail and phone into the order-ID column, so raw field text is never echoed.
_SAFE_ORDER_ID = re.compile(r"^[0-9-]{1,40}$")
_SAFE_NUMBER = re.compile(r"^[0-9][0-9 .,:/+\-TZ]{0,39}$")


def safe_detail(reason: str, text: str) -> str:
    """``text`` when it is harmless to show for ``reason``, otherwise ``""``."""
    text = text.strip()
    if reason == "bad_order_id":
        return text if _SAFE_ORDER_ID.match(text) else ""
    if reason in ("bad_date", "bad_price", "bad_quantity", "bad_rating"):
        return text if _SAFE_NUMBER.match(text) else ""
    return ""


@dataclass(slots=True)
class OrderLine:
    """One item line of an order report. Several lines can share one order ID."""

    line: int
    order_id: str
    item_id: str
    purchase_date: datetime
    status: str | None  # Pending, Unshipped, Shipped, Cancelled...; None: not in report
    fulfillment_channel: str  # "Merchant" (seller-fulfilled) or "Amazon" (FBA)
    is_buyer_requested_cancellation: bool | None  # None when the column is absent
    buyer_cancel_reason: str = ""
    promise_date: datetime | None = None
    ship_date: datetime | None = None
    price: Decimal | None = None  # item-price: the line's total for its quantity
    quantity: int = 1
    currency: str = ""
    promotion_ids: tuple[str, ...] = ()
    sku: str = ""
    product_name: str = ""
    buyer_email: str = ""  # only filled when the seller chose to keep buyer contact
    buyer_name: str = ""


@dataclass(slots=True)
class FeedbackLine:
    line: int
    order_id: str
    date: date
    rating: int


@dataclass(slots=True)
class ClaimLine:
    line: int
    order_id: str
    date: date
    denied: bool = False


@dataclass(slots=True)
class OrderSummary:
    """All item lines of one order folded together (what the app stores per order)."""

    order_id: str
    purchase_date: datetime
    status: str | None
    fulfillment_channel: str
    is_buyer_requested_cancellation: bool | None
    buyer_cancel_reason: str = ""
    promise_date: datetime | None = None
    ship_date: datetime | None = None
    items: int = 0
    total_price: Decimal | None = None
    min_unit_price: Decimal | None = None
    currency: str = ""
    promotion_ids: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    product_names: list[str] = field(default_factory=list)
    buyer_email: str = ""
    buyer_name: str = ""


def normalise_header(name: str) -> str:
    return re.sub(r"[\s_]+", "-", name.strip().strip("\ufeff").strip('"').lower())


# --- encodings ---------------------------------------------------------------------


def detect_encoding(sample: bytes) -> tuple[str, int]:
    """Return ``(codec, bom_length)`` for the leading bytes of a file.

    A byte order mark decides alone (UTF-8, UTF-16 LE/BE). Without one, UTF-8 is tried
    first: it is the only candidate with a strict structure, so legacy bytes almost never
    pass as UTF-8 by accident, while UTF-8 text fails every legacy decoder's plausibility
    check below. Otherwise GB18030, cp932 (Shift_JIS) and Windows-1252 all decode almost
    any byte string, so "decodes without error" cannot choose between them. Each
    candidate that decodes the sample strictly is scored by how plausible its characters
    are: common Chinese characters (in GB2312) for GB18030, kana and first-level kanji
    for cp932, accented Latin letters *standing alone between ASCII letters* for
    Windows-1252. Chinese bytes read as cp932 turn into half-width katakana or private-use
    characters, Japanese bytes read as GB18030 into rare characters outside GB2312, and
    either read as Windows-1252 into runs of symbols, so the wrong readings score low.
    Ties go to GB18030, then cp932 (the product's sellers are mostly Chinese).
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", len(codecs.BOM_UTF8)
    if sample.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    if _decodes(sample, "utf-8"):
        return "utf-8", 0
    best, best_score = None, None
    for codec in ("gb18030", "cp932", "cp1252"):
        text = _decodes(sample, codec)
        if text is None:
            continue
        score = plausibility(text)
        if best_score is None or score > best_score:
            best, best_score = codec, score
    if best is None:
        raise ReportError("unknown_encoding")
    return best, 0


def _decodes(sample: bytes, codec: str) -> str | None:
    """The sample decoded strictly, or None. A character cut at the end is not an error."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        return decoder.decode(sample, final=False)
    except UnicodeDecodeError:
        return None


_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_CP1252_PUNCTUATION = frozenset(
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u2122"
)


def plausibility(text: str) -> int:
    """Score how much ``text`` looks like real text (see ``detect_encoding``).

    Works on runs of non-ASCII characters: accented Latin letters are plausible only in
    short runs (1-2) inside a word, which is how é, ö or ß appear; CJK characters are
    scored one by one, the common ones higher.
    """
    score = 0
    for match in _NON_ASCII_RUN.finditer(text):
        run = match.group()
        start, end = match.span()
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        in_word = len(run) <= 2 and (
            (before.isascii() and before.isalpha())
            or (after.isascii() and after.isalpha())
        )
        for ch in run:
            score += _char_score(ch, in_word, len(run))
    return score


def _char_score(ch: str, in_word: bool, run_length: int) -> int:
    o = ord(ch)
    if 0x3040 <= o <= 0x30FF or 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
        return 2  # kana, CJK punctuation, full-width forms
    if 0x4E00 <= o <= 0x9FFF:
        score = 1
        gb = _encoded(ch, "gb2312")
        if gb:
            score += 2 if gb[0] < 0xD8 else 1  # GB2312 level 1: the common hanzi
        sjis = _encoded(ch, "shift_jis")
        if sjis and 0x88 <= sjis[0] <= 0x98:
            score += 2  # JIS level-1 kanji: the common ones
        return score
    if 0xFF61 <= o <= 0xFF9F:
        return -1  # half-width katakana: rare in product names
    if 0xE000 <= o <= 0xF8FF or o < 0xA0 or o == 0xFFFD:
        return -3  # private use, C1 controls
    if 0xC0 <= o <= 0x24F and o not in (0xD7, 0xF7):
        return 2 if in_word else -1
    if ch in _CP1252_PUNCTUATION:
        return 1 if run_length == 1 else -1
    return -1


def _in(ch: str, codec: str) -> bool:
    return _encoded(ch, codec) is not None


def _encoded(ch: str, codec: str) -> bytes | None:
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


def _leading_sample(raw) -> bytes:
    """Read the bytes needed to decide the encoding (see MAX_ASCII_PREFIX)."""
    data = raw.read(SAMPLE_BYTES)
    while data and data.isascii() and len(data) < MAX_ASCII_PREFIX:
        more = raw.read(SAMPLE_BYTES)
        if not more:
            break
        data += more
    return data


def _window(sample: bytes) -> bytes:
    """The bytes around the first non-ASCII byte, where the encodings differ."""
    for i, b in enumerate(sample):
        if b >= 0x80:
            start = max(0, sample.rfind(b"\n", 0, i) + 1)
            return sample[start : start + SAMPLE_BYTES]
    return sample[:SAMPLE_BYTES]


def _text_lines(raw, codec: str, head: bytes, counter: list[int]) -> Iterator[str]:
    """Decode ``head`` then the rest of ``raw`` strictly; yield lines with their ends.

    Only CR, LF and CRLF end a line (str.splitlines would also split on U+2028 and
    friends, which may sit inside a product name). ``counter[0]`` holds the number of
    lines yielded so far, so a decode error can name its line.
    """
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    pending = ""
    chunk = head
    while True:
        final = not chunk
        try:
            text = decoder.decode(chunk, final=final)
        except UnicodeDecodeError as exc:
            line = (
                counter[0] + pending.count("\n") + chunk[: exc.start].count(b"\n") + 1
            )
            raise ReportError(
                "decode_error",
                line=line,
                encoding=ENCODING_LABELS.get(codec, codec),
                byte=chunk[exc.start : exc.start + 1].hex(),
            ) from None
        if "\x00" in text:
            # PostgreSQL stores no NUL in text; no real report holds one.
            at = text.index("\x00")
            raise ReportError(
                "nul_byte",
                line=counter[0] + pending.count("\n") + text[:at].count("\n") + 1,
            )
        text = pending + text
        pending = ""
        if text:
            lines = io.StringIO(text, newline="").readlines()
            last = lines[-1]
            if not final and (last[-1] not in "\r\n" or last.endswith("\r")):
                pending = lines.pop()
            for line in lines:
                counter[0] += 1
                yield line
        if final:
            if pending:
                counter[0] += 1
                yield pending
            return
        chunk = raw.read(CHUNK_BYTES)


# --- values ------------------------------------------------------------------------

DATE_ORDERS = ("MDY", "DMY", "YMD")
#: dates outside this range are read as unreadable (no Amazon report has them, and
#: figures near date.min/date.max would overflow)
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2099, 12, 31)
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})(?:[ T].*)?$")


def parse_datetime(value: str, date_order: str = "MDY") -> datetime | None:
    """An ISO 8601 timestamp (naive means UTC) or a marketplace-style date; None if not."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" UTC", "+00:00"))
    except ValueError:
        d = parse_date(value, date_order)
        return datetime(d.year, d.month, d.day, tzinfo=UTC) if d else None
    if not DATE_MIN <= parsed.date() <= DATE_MAX:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_date(value: str, date_order: str = "MDY") -> date | None:
    """A date as ISO (2026-11-20) or in the marketplace's order (11/20/26, 20.11.2026)."""
    value = value.strip()
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        pass
    else:
        return day if DATE_MIN <= day <= DATE_MAX else None
    match = _NUMERIC_DATE.match(value)
    if not match:
        return None
    a, b, c = (int(x) for x in match.groups())
    if len(match.group(1)) == 4:
        year, month, day = a, b, c
    elif date_order == "DMY":
        day, month, year = a, b, c
    else:
        month, day, year = a, b, c
    if year < 100:
        year += 2000
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None
    return parsed if DATE_MIN <= parsed <= DATE_MAX else None


def parse_decimal(value: str) -> Decimal | None:
    value = value.strip().replace(",", "") if "." in value else value.strip()
    value = value.replace(",", ".")
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def parse_flag(value: str) -> bool | None:
    value = value.strip().lower()
    if value in ("true", "yes", "y", "1"):
        return True
    if value in ("false", "no", "n", "0"):
        return False
    if not value:
        return None
    raise ValueError(value)


@lru_cache(maxsize=128)
def normalise_channel(value: str) -> str:
    value = value.strip().lower()
    return "Amazon" if value.startswith("amazon") or value == "afn" else "Merchant"


@lru_cache(maxsize=128)
def normalise_status(value: str) -> str:
    compact = value.strip().replace(" ", "").replace("_", "").lower()
    for known in ("Pending", "Unshipped", "PartiallyShipped", "Shipped", "Cancelled"):
        if compact == known.lower():
            return known
    if compact == "canceled":
        return "Cancelled"
    return value.strip() or "Unknown"


# --- the report reader -------------------------------------------------------------


def detect_kind(columns: list[str]) -> str:
    names = set(columns)
    if "amazon-order-id" in names:
        return ALL_ORDERS
    if "rating" in names and "order-id" in names:
        return FEEDBACK
    if names & {"promise-date", "days-past-promise", "quantity-to-ship"}:
        return UNSHIPPED
    if "order-id" in names:
        return SELLER_FULFILLED
    if "rating" in names:
        return FEEDBACK
    raise ReportError("unknown_report", columns=columns[:12])


class OrderReport:
    """A streamed Seller Central report. Iterate it for ``OrderLine``/``FeedbackLine``.

    Reading the header happens on construction (so ``kind``, ``encoding``, ``columns``
    are known at once); rows are read as they are iterated, one chunk at a time.
    """

    def __init__(
        self,
        raw,
        *,
        max_rows: int | None = None,
        keep_buyer_contact: bool = False,
        date_order: str = "MDY",
    ):
        self.max_rows = max_rows
        self.keep_buyer_contact = keep_buyer_contact
        self.date_order = date_order
        self.bad_lines: list[BadLine] = []
        self.rows_read = 0  # data records seen (good and bad)
        self.rows_ok = 0
        head = _leading_sample(raw)
        if not head.strip():
            raise ReportError("empty_file")
        codec, bom = detect_encoding(head if bom_only(head) else _window(head))
        if codec == "utf-8-sig":
            codec, head = "utf-8", head[bom:]
        elif codec.startswith("utf-16"):
            head = head[bom:]
        self.encoding = codec
        self.encoding_label = ENCODING_LABELS[codec]
        self._line_counter = [0]
        self._lines = _text_lines(raw, codec, head, self._line_counter)
        header_line = next(self._lines, "")
        self.delimiter = (
            "\t" if header_line.count("\t") >= header_line.count(",") else ","
        )
        try:
            header = next(csv.reader([header_line], delimiter=self.delimiter), [])
        except csv.Error as exc:
            raise ReportError("csv_error", line=1, detail=str(exc)) from None
        self.columns = [normalise_header(h) for h in header]
        self.kind = detect_kind(self.columns)
        missing = [c for c in REQUIRED[self.kind] if c not in self.columns]
        if missing:
            raise ReportError("missing_columns", kind=self.kind, columns=missing)
        self._map_columns(keep_buyer_contact)

    def _map_columns(self, keep_buyer_contact: bool) -> None:
        """Which column each field is read from; what is ignored; what is there."""
        self._index = {}
        for name, aliases in ALIASES.items():
            for alias in aliases:
                if alias in self.columns:
                    self._index[name] = self.columns.index(alias)
                    break
        if not keep_buyer_contact:
            self._index.pop("buyer_email", None)
            self._index.pop("buyer_name", None)
        # One itemgetter call fetches every field; an absent column reads the empty
        # string appended at index ``len(columns)`` of each record.
        width = len(self.columns)
        self._fields = itemgetter(*(self._index.get(f, width) for f in ROW_FIELDS))
        used = {self.columns[i] for i in self._index.values()}
        self.ignored_columns = [c for c in self.columns if c and c not in used]
        self.buyer_columns = [c for c in self.columns if c in BUYER_COLUMNS]
        self.has_buyer_requested_column = "buyer_requested" in self._index
        self.has_ship_dates = "ship_date" in self._index
        self.has_promise_dates = "promise_date" in self._index

    def __iter__(self):
        reader = csv.reader(self._lines, delimiter=self.delimiter)
        width = len(self.columns)
        convert = self._feedback if self.kind == FEEDBACK else self._order
        line_end = self._line_counter
        start = line_end[0] + 1
        try:
            for record in reader:
                line = start
                start = line_end[0] + 1
                if not record or (
                    not record[0].strip() and not any(f.strip() for f in record)
                ):
                    continue
                self.rows_read += 1
                if self.max_rows is not None and self.rows_read > self.max_rows:
                    raise ReportError("too_many_rows", limit=self.max_rows)
                if len(record) > width:
                    if any(f.strip() for f in record[width:]):
                        self.bad_lines.append(
                            BadLine(
                                line,
                                "too_many_fields",
                                f"{len(record)} / {width}",
                            )
                        )
                        continue
                elif len(record) < width:
                    # Ragged lines: trailing empty columns left off by the exporter.
                    record.extend([""] * (width - len(record)))
                record.append("")
                row = convert(record, line)
                if row is not None:
                    self.rows_ok += 1
                    yield row
        except csv.Error as exc:
            raise ReportError("csv_error", line=start, detail=str(exc)) from None

    def _bad(self, line: int, reason: str, detail: str = "") -> None:
        self.bad_lines.append(BadLine(line, reason, safe_detail(reason, detail)))

    def _order_id(self, order_id: str, line: int) -> str | None:
        if not order_id:
            self._bad(line, "missing_order_id")
            return None
        if not ORDER_ID.match(order_id):
            self._bad(line, "bad_order_id", order_id)
            return None
        return order_id

    # Over 50 lines on purpose: this runs once per item line (a million in
    # bench/reports.py), and every helper call added here costs measurable time.
    def _order(self, record: list[str], line: int) -> OrderLine | None:
        (
            order_id,
            item_id,
            purchase_text,
            status_text,
            channel_text,
            requested_text,
            cancel_reason,
            promise_text,
            ship_text,
            price_text,
            quantity_text,
            currency,
            promotion_text,
            sku,
            product_name,
            buyer_email,
            buyer_name,
            _date,
            _rating,
        ) = [v.strip() for v in self._fields(record)]
        if self._order_id(order_id, line) is None:
            return None
        purchased = parse_datetime(purchase_text, self.date_order)
        if purchased is None:
            self._bad(line, "bad_date", purchase_text)
            return None
        promise = ship = None
        if promise_text:
            promise = parse_datetime(promise_text, self.date_order)
            if promise is None:
                self._bad(line, "bad_date", promise_text)
                return None
        if ship_text:
            ship = parse_datetime(ship_text, self.date_order)
            if ship is None:
                self._bad(line, "bad_date", ship_text)
                return None
        try:
            price = parse_decimal(price_text)
        except ValueError:
            self._bad(line, "bad_price", price_text)
            return None
        try:
            quantity = int(quantity_text) if quantity_text else 1
            if not 0 <= quantity <= MAX_QUANTITY:  # the database's integer column
                raise ValueError(quantity_text)
        except ValueError:
            self._bad(line, "bad_quantity", quantity_text)
            return None
        requested = None
        if self.has_buyer_requested_column:
            try:
                requested = parse_flag(requested_text) or False
            except ValueError:
                self._bad(line, "bad_flag", requested_text)
                return None
        if self.kind == ALL_ORDERS:
            status = normalise_status(status_text)
            channel = normalise_channel(channel_text)
        else:
            status = "Unshipped" if self.kind == UNSHIPPED else None
            channel = "Merchant"
        promotions = (
            tuple(p.strip() for p in promotion_text.split(",") if p.strip())
            if promotion_text
            else ()
        )
        return OrderLine(
            line=line,
            order_id=order_id,
            item_id=item_id,
            purchase_date=purchased,
            status=status,
            fulfillment_channel=channel,
            is_buyer_requested_cancellation=requested,
            buyer_cancel_reason=cancel_reason,
            promise_date=promise,
            ship_date=ship,
            price=price,
            quantity=quantity,
            currency=currency,
            promotion_ids=promotions,
            sku=sku,
            product_name=product_name,
            buyer_email=buyer_email,
            buyer_name=buyer_name,
        )

    def _feedback(self, record: list[str], line: int) -> FeedbackLine | None:
        values = [v.strip() for v in self._fields(record)]
        order_id, day_text, rating_text = values[0], values[-2], values[-1]
        if self._order_id(order_id, line) is None:
            return None
        day = parse_date(day_text, self.date_order)
        if day is None:
            self._bad(line, "bad_date", day_text)
            return None
        try:
            rating = int(Decimal(rating_text))
        except (InvalidOperation, ValueError):
            rating = 0
        if not 1 <= rating <= 5:
            self._bad(line, "bad_rating", rating_text)
            return None
        return FeedbackLine(line=line, order_id=order_id, date=day, rating=rating)


def bom_only(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while millions of small, acyclic objects are
    made: it would otherwise rescan them again and again (a third of the import time on
    a million lines). Reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def summarise_orders(lines) -> dict[str, OrderSummary]:
    """Fold item lines into one ``OrderSummary`` per order ID, in first-seen order.

    An order is cancelled only when every line says so; it is buyer-requested when any
    line carries the flag; its expected ship date is the earliest one, its ship date the
    latest (the order is late if any part of it is).
    """
    with _gc_paused():
        return _summarise(lines)


# Over 50 lines on purpose: the per-line fold of an upload (see bench/reports.py); the
# merge rules read top to bottom in one loop, without a call per line.
def _summarise(lines) -> dict[str, OrderSummary]:
    orders: dict[str, OrderSummary] = {}
    for ln in lines:
        unit = None
        if ln.price is not None:
            unit = ln.price / ln.quantity if ln.quantity > 0 else ln.price
        o = orders.get(ln.order_id)
        if o is None:
            # Interned: a SKU, name or currency repeats on thousands of orders.
            orders[ln.order_id] = OrderSummary(
                order_id=ln.order_id,
                purchase_date=ln.purchase_date,
                status=ln.status,
                fulfillment_channel=ln.fulfillment_channel,
                is_buyer_requested_cancellation=ln.is_buyer_requested_cancellation,
                buyer_cancel_reason=ln.buyer_cancel_reason,
                promise_date=ln.promise_date,
                ship_date=ln.ship_date,
                items=ln.quantity,
                total_price=ln.price,
                min_unit_price=unit,
                currency=intern(ln.currency),
                promotion_ids=[intern(p) for p in ln.promotion_ids],
                skus=[intern(ln.sku)] if ln.sku else [],
                product_names=[intern(ln.product_name)] if ln.product_name else [],
                buyer_email=ln.buyer_email,
                buyer_name=ln.buyer_name,
            )
            continue
        o.items += ln.quantity
        if ln.price is not None:
            o.total_price = (o.total_price or Decimal(0)) + ln.price
            o.min_unit_price = (
                unit if o.min_unit_price is None else min(o.min_unit_price, unit)
            )
        if o.status == "Cancelled" and ln.status != "Cancelled":
            o.status = ln.status  # some items still go out: the order is not cancelled
        if ln.is_buyer_requested_cancellation:
            o.is_buyer_requested_cancellation = True
            o.buyer_cancel_reason = o.buyer_cancel_reason or ln.buyer_cancel_reason
        if ln.promise_date and (not o.promise_date or ln.promise_date < o.promise_date):
            o.promise_date = ln.promise_date
        if ln.ship_date and (not o.ship_date or ln.ship_date > o.ship_date):
            o.ship_date = ln.ship_date
        for p in ln.promotion_ids:
            if p not in o.promotion_ids:
                o.promotion_ids.append(p)
        if ln.sku and ln.sku not in o.skus:
            o.skus.append(ln.sku)
        # a few names are enough to recognise an order on the import check
        if (
            ln.product_name
            and len(o.product_names) < 3
            and ln.product_name not in o.product_names
        ):
            o.product_names.append(ln.product_name)
        o.buyer_email = o.buyer_email or ln.buyer_email
        o.buyer_name = o.buyer_name or ln.buyer_name
    return orders


# --- A-to-z claims and chargebacks ---------------------------------------------------

_CLAIM_SPLIT = re.compile(r"[\t,;]+|\s{2,}|\s+(?=\d)")
_DENIED = {"denied", "declined", "rejected", "closed-denied", "deny", "no"}


def parse_claims(
    text: str, date_order: str = "MDY"
) -> tuple[list[ClaimLine], list[BadLine]]:
    """Pasted lines or a two-column file: order ID, date, optional outcome.

    A third column saying "denied" marks a claim Amazon decided in the seller's favour
    (it is kept but does not count as a defect). A header line is recognised and skipped.
    """
    claims, bad, seen = [], [], set()
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip().strip("\ufeff")
        if not line:
            continue
        parts = [
            p.strip().strip('"') for p in re.split(r"[\t,;]|\s+", line) if p.strip()
        ]
        if number == 1 and not ORDER_ID.match(parts[0]):
            if "order" in line.lower():
                continue
        order_id = parts[0]
        if not ORDER_ID.match(order_id):
            bad.append(
                BadLine(number, "bad_order_id", safe_detail("bad_order_id", order_id))
            )
            continue
        if len(parts) < 2:
            bad.append(BadLine(number, "bad_date", ""))
            continue
        day = parse_date(parts[1], date_order)
        if day is None:
            bad.append(BadLine(number, "bad_date", safe_detail("bad_date", parts[1])))
            continue
        if order_id in seen:
            continue
        seen.add(order_id)
        denied = any(p.lower() in _DENIED for p in parts[2:])
        claims.append(
            ClaimLine(line=number, order_id=order_id, date=day, denied=denied)
        )
    return claims, bad


def decode_small_text(data: bytes) -> tuple[str, str]:
    """Decode a small pasted/uploaded file the same strict way; returns (text, codec)."""
    codec, bom = detect_encoding(data if bom_only(data) else _window(data))
    codec = "utf-8" if codec == "utf-8-sig" else codec
    try:
        text = data[bom:].decode(codec, errors="strict")
    except UnicodeDecodeError as exc:
        raise ReportError(
            "decode_error",
            line=data[: exc.start].count(b"\n") + 1,
            encoding=ENCODING_LABELS.get(codec, codec),
            byte=data[exc.start : exc.start + 1].hex(),
        ) from None
    if "\x00" in text:
        raise ReportError("nul_byte", line=text[: text.index("\x00")].count("\n") + 1)
    return text, codec


# --- Account Health report (GET_V2_SELLER_PERFORMANCE_REPORT) --------------------------

#: the two spellings the schema itself uses: example name -> name in "required"
ACCOUNT_HEALTH_ALIASES = {
    "prefulfillmentCancelRate": "preFulfillmentCancellationRate",
    "warningState": "warningStates",
    "documentRequest": "documentRequests",
}
#: the blocks this app reads; a problem inside one of them rejects the file
ACCOUNT_HEALTH_USED = (
    "orderDefectRate",
    "preFulfillmentCancellationRate",
    "lateShipmentRate",
)

MARKETPLACE_IDS = {
    "US": "ATVPDKIKX0DER",
    "CA": "A2EUQ1WTGCTBG2",
    "MX": "A1AM78C64UM0Y8",
    "UK": "A1F83G8C2ARO7P",
    "DE": "A1PA6795UKMFR9",
    "FR": "A13V1IB3VIYZZH",
    "IT": "APJ6JRA9NG5V4",
    "ES": "A1RKKUPIHCS9HS",
    "JP": "A1VC38T7YXB528",
    "AU": "A39IBJ37TRP1C6",
}


def normalise_account_health(data) -> dict:
    """Rename the example's spellings to the schema's (both appear in real files)."""
    if not isinstance(data, dict):
        raise ReportError("account_health_invalid", errors=[problem("not_object")])
    data = dict(data)
    metrics = []
    for block in data.get("performanceMetrics") or []:
        if isinstance(block, dict):
            block = dict(block)
            for old, new in ACCOUNT_HEALTH_ALIASES.items():
                if old in block and new not in block:
                    block[new] = block.pop(old)
        metrics.append(block)
    if "performanceMetrics" in data:
        data["performanceMetrics"] = metrics
    return data


def problem(code: str, where: str = "", **params) -> dict:
    """One problem with an Account Health report, as data: ``code`` names it (a JSON
    Schema keyword such as ``required``, ``type``, ``enum``, or ``not_object``,
    ``other_marketplace``), ``where`` is the path inside the document, ``params`` the
    details. metrics.forms.account_health_problem words it for the seller."""
    return {"code": code, "where": where, "params": params}


def _short(value) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text[:40]


def _schema_problem(error, where: str) -> dict:
    keyword = error.validator
    if keyword == "required":
        return problem("required", where, name=_missing_property(error))
    if keyword == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return problem("type", where, expected=[str(t) for t in expected])
    if keyword == "enum":
        return problem(
            "enum",
            where,
            value=_short(error.instance),
            allowed=[_short(v) for v in error.validator_value][:10],
        )
    return problem("schema", where, rule=str(keyword))


def account_health(data, *, schema: dict, marketplace_id: str | None) -> dict:
    """Validate an Account Health report and return the figures this app compares.

    Problems in the blocks the app reads (ODR, cancellation, late shipment, the
    marketplace ID) reject the file; anything else the schema complains about (a missing
    listing-policy block, an account status the schema's enum does not list) is
    returned under ``"warnings"`` because Amazon's own example has exactly those.
    Errors and warnings are ``problem`` dicts (codes and params, no sentences).
    """
    data = normalise_account_health(data)
    fatal, warnings = _schema_problems(data, schema)
    if fatal:
        raise ReportError("account_health_invalid", errors=fatal[:10])
    return _health_figures(data, marketplace_id=marketplace_id, warnings=warnings)


def _schema_problems(data: dict, schema: dict) -> tuple[list[dict], list[dict]]:
    """The schema's complaints as (fatal, warnings): fatal in the blocks the app reads."""
    from jsonschema import Draft7Validator

    fatal, warnings = [], []
    for error in Draft7Validator(schema).iter_errors(data):
        path = list(error.absolute_path)
        where = "/".join(str(p) for p in path)
        message = _schema_problem(error, where)
        if not path or path == ["performanceMetrics"]:
            fatal.append(message)
        elif error.validator == "required" and len(path) == 2:
            missing = _missing_property(error)
            (
                fatal
                if missing in ACCOUNT_HEALTH_USED + ("marketplaceId",)
                else warnings
            ).append(message)
        elif (
            len(path) > 2
            and path[0] == "performanceMetrics"
            and path[2] in ACCOUNT_HEALTH_USED
        ):
            fatal.append(message)
        else:
            warnings.append(message)
    return fatal, warnings


def _health_figures(
    data: dict, *, marketplace_id: str | None, warnings: list[dict]
) -> dict:
    """The figures of the marketplace's block (the first block, with a warning, when
    the report has none for it) from a report that passed the schema."""
    blocks = data["performanceMetrics"]
    block = next((b for b in blocks if b.get("marketplaceId") == marketplace_id), None)
    other_marketplace = block is None
    block = block or blocks[0]
    if other_marketplace:
        warnings.append(
            problem(
                "other_marketplace",
                wanted=marketplace_id or "",
                shown=str(block.get("marketplaceId", "")),
            )
        )
    status = next(
        (
            s.get("status")
            for s in data.get("accountStatuses") or []
            if s.get("marketplaceId") == block.get("marketplaceId")
        ),
        "",
    )
    odr = block["orderDefectRate"]["mfn"]
    cr = block["preFulfillmentCancellationRate"]
    lsr = block["lateShipmentRate"]
    return {
        "marketplace_id": block.get("marketplaceId", ""),
        "account_status": status or "",
        "warnings": warnings[:20],
        "odr": {
            **_figure(odr, odr["orderWithDefects"]["count"]),
            "claims": odr["claims"]["count"],
            "chargebacks": odr["chargebacks"]["count"],
            "negative_feedback": odr["negativeFeedback"]["count"],
        },
        "afn_odr": _figure(
            block["orderDefectRate"]["afn"],
            block["orderDefectRate"]["afn"]["orderWithDefects"]["count"],
        ),
        "cancellation_rate": _figure(cr, cr["cancellationCount"]),
        "late_shipment_rate": _figure(lsr, lsr["lateShipmentCount"]),
    }


def _missing_property(error) -> str:
    match = re.match(r"'([^']+)' is a required property", error.message)
    return match.group(1) if match else ""


def _report_date(value, field: str) -> date:
    """A reporting date of the Account Health report (ISO 8601, time part ignored)."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ReportError(
            "account_health_bad_date", field=field, value=str(value)[:40]
        ) from None


def _figure(block: dict, count: int) -> dict:
    span = block["reportingDateRange"]
    start = _report_date(span["reportingDateFrom"], "reportingDateFrom")
    end = _report_date(span["reportingDateTo"], "reportingDateTo")
    if start > end:
        raise ReportError(
            "account_health_bad_date",
            field="reportingDateRange",
            value=f"{start.isoformat()} > {end.isoformat()}",
        )
    rate = Decimal(str(block["rate"]))
    return {
        "rate": str(rate),
        "percent": str(pct.from_fraction(rate)),
        "orders": block["orderCount"],
        "count": count,
        "status": block.get("status", ""),
        "target": str(Decimal(str(block["targetValue"]))),
        "from": start.isoformat(),
        "to": end.isoformat(),
    }
