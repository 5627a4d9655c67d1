"""The letter as a document: frozen types every exporter reads.

A ``Letter`` is sections of paragraphs and numbered item lists, each made of runs of
plain text (bold and italic marked). By the time text is in a run it is plain: library
Markdown was rendered (``library.letters.runs``) and seller text was never parsed.
"""

import datetime
from dataclasses import dataclass

from library.answers import OrderRef, Signature

MARKETPLACE_DOMAINS: dict[str, str] = {
    "US": "amazon.com",
    "CA": "amazon.ca",
    "MX": "amazon.com.mx",
    "UK": "amazon.co.uk",
    "DE": "amazon.de",
    "FR": "amazon.fr",
    "IT": "amazon.it",
    "ES": "amazon.es",
    "JP": "amazon.co.jp",
    "AU": "amazon.com.au",
}

SALUTATION = "Dear Seller Performance team,"
SIGN_OFF = "Sincerely,"


@dataclass(frozen=True)
class Run:
    text: str
    strong: bool = False
    em: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class OrderList(Paragraph):
    """The paragraph naming the affected order IDs (all of them, in ``runs``).

    Exporters that fold long lists away (HTML, PDF) recognise it and replace it with a
    pointer to an appendix built from ``Letter.orders``; every other reader sees an
    ordinary paragraph.
    """


@dataclass(frozen=True)
class Item:
    number: int
    runs: tuple[Run, ...]
    detail: str = ""


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]
    heading: str = ""


@dataclass(frozen=True)
class Section:
    kind: str
    heading: str
    blocks: tuple  # of Paragraph | ItemList


@dataclass(frozen=True)
class Letter:
    shape: str
    subject: str
    date: datetime.date
    sections: tuple[Section, ...]
    orders: tuple[OrderRef, ...]
    sender: Signature
    library_version: int | None = None
