"""Letter assembly: the seller's answers plus one library version in, a ``Letter`` out.

Pure: no Django, no models, no request. The same answers, library data, seed and date
always give the same letter (choices use hashlib, never ``hash()`` or dict order).

Two kinds of text meet here and are kept apart on purpose:

* **Library text** (phrases, explanations, action texts) is curated Markdown with
  ``{placeholders}``. It is rendered and sanitised *with the placeholders still in it*,
  turned into runs, and only then are the placeholders filled inside each run's text.
  A value that comes from the seller (store name, seller ID, ...) therefore never
  reaches the Markdown parser or an HTML sanitiser as markup.
* **Seller text** (any ``Answers`` field: edited root causes and actions, timeframes,
  order notes, the signature) is never Markdown-parsed and never substituted: it becomes
  plain runs. Each exporter escapes runs for its own format.
"""

import datetime
import functools
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from html.parser import HTMLParser

import markdown
import nh3

from library import placeholders

from .answers import Answers, ChosenAction, ChosenRootCause, OrderRef, Signature

METRIC_LABELS: dict[str, str] = {
    "odr": "Order Defect Rate",
    "cancellation_rate": "Cancellation Rate",
    "late_shipment_rate": "Late Shipment Rate",
    "valid_tracking_rate": "Valid Tracking Rate",
    "on_time_delivery": "On-Time Delivery Rate",
}
METRIC_TARGETS: dict[str, str] = {
    "odr": "under 1%",
    "cancellation_rate": "under 2.5%",
    "late_shipment_rate": "under 4%",
    "valid_tracking_rate": "above 95%",
    "on_time_delivery": "above 90%",
}
# Windows Amazon always uses for these metrics (domain brief); other metrics' windows
# vary, so without the seller's figure {period} stays a visible gap.
METRIC_WINDOWS: dict[str, int] = {"odr": 60, "cancellation_rate": 7}
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
# How a placeholder without a value reads in the letter, so the seller notices the gap.
MISSING_LABELS: dict[str, str] = {
    "store_name": "[store name]",
    "marketplace": "[marketplace]",
    "seller_id": "[seller ID]",
    "metric_name": "[metric name]",
    "metric_value": "[metric value]",
    "metric_target": "[metric target]",
    "period": "[period]",
    "defect_count": "[number of defects]",
    "order_count": "[number of orders]",
    "order_ids": "[order IDs]",
    "notice_date": "[date of Amazon's notice]",
    "today": "[today's date]",
}
MONTHS = (
    "January February March April May June July August September October November "
    "December"
).split()
PHRASE_SECTIONS = ("acknowledgement", "apology", "transition", "closing")
SALUTATION = "Dear Seller Performance team,"
SIGN_OFF = "Sincerely,"

# Used when a library has no (active) definition of a shape the caller asks for.
DEFAULT_SHAPES: dict[str, tuple[tuple[str, str], ...]] = {
    "classic": (
        ("acknowledgement", ""),
        ("apology", ""),
        ("root_causes", "Root causes"),
        ("transition", ""),
        ("plan", "Plan of action"),
        ("closing", ""),
        ("signature", ""),
    ),
    "amazon_form": (
        ("root_causes", "What caused the issue"),
        ("corrective", "Actions taken to resolve the issue"),
        ("preventive", "Steps taken to prevent it happening again"),
    ),
}


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


# --- small helpers ----------------------------------------------------------------


def format_date(value: datetime.date) -> str:
    """``5 November 2026``: the same in every locale and on every machine."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_percent(value: Decimal) -> str:
    """The seller's figure with their precision and no exponent: 1.59 -> ``1.59%``."""
    text = format(value, "f")
    return f"{text}%"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Seller text as one line: control characters dropped, whitespace collapsed.

    Control characters are invalid in DOCX/XML and invisible in a letter; newlines in a
    list item would break the paste-ready numbering, so they become spaces.
    """
    return _SPACE.sub(" ", _CONTROL.sub("", text or "")).strip()


def clean_lines(text: str | None) -> str:
    """Seller text keeping its line breaks (signature blocks, hand-edited letters)."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def plain_runs(text: str) -> tuple[Run, ...]:
    return (Run(text),) if text else ()


def runs_text(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


def _merge(runs: Sequence[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].strong, merged[-1].em) == (run.strong, run.em):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


def choose(options: Sequence, *, seed: int, salt: str):
    """Pick one of ``options`` from ``seed`` and ``salt``, the same on every run.

    Uses SHA-256 rather than ``hash()``, which is randomised per process for strings.
    Raises IndexError for an empty sequence, like ``random.choice``.
    """
    if not options:
        raise IndexError("choose() needs at least one option")
    digest = hashlib.sha256(f"{seed}\x1f{salt}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


# --- library Markdown -> runs ------------------------------------------------------

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br"}


class _BlockParser(HTMLParser):
    """Turns the sanitised HTML of one library string into Paragraph/ItemList blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.runs: list[Run] = []
        self.items: list[tuple[Run, ...]] | None = None
        self.list_depth = 0
        self.strong = 0
        self.em = 0

    def handle_starttag(self, tag, attrs):
        if tag == "strong":
            self.strong += 1
        elif tag == "em":
            self.em += 1
        elif tag == "br":
            self.runs.append(Run(" ", bool(self.strong), bool(self.em)))
        elif tag in ("ul", "ol"):
            if self.list_depth == 0:
                self._flush_paragraph()
                self.items = []
            else:
                self._flush_item()
            self.list_depth += 1
        elif tag == "li" and self.list_depth == 1:
            self._flush_item()
        elif tag == "p" and self.list_depth == 0:
            self._flush_paragraph()

    def handle_endtag(self, tag):
        if tag == "strong":
            self.strong = max(0, self.strong - 1)
        elif tag == "em":
            self.em = max(0, self.em - 1)
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
            if self.list_depth == 0:
                self._flush_item()
                items = tuple(
                    Item(number=n, runs=runs)
                    for n, runs in enumerate(self.items or [], start=1)
                )
                if items:
                    self.blocks.append(ItemList(items=items))
                self.items = None
        elif tag == "li" and self.list_depth == 1:
            self._flush_item()
        elif tag == "p" and self.list_depth == 0:
            self._flush_paragraph()

    def handle_data(self, data):
        self.runs.append(Run(data, bool(self.strong), bool(self.em)))

    def _collected(self) -> tuple[Run, ...]:
        runs = [replace(r, text=_SPACE.sub(" ", r.text)) for r in self.runs]
        self.runs = []
        merged = list(_merge(runs))
        if merged:
            merged[0] = replace(merged[0], text=merged[0].text.lstrip())
            merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
        return _merge(merged)

    def _flush_paragraph(self):
        runs = self._collected()
        if runs:
            self.blocks.append(Paragraph(runs))

    def _flush_item(self):
        runs = self._collected()
        if runs and self.items is not None:
            self.items.append(runs)

    def close(self):
        super().close()
        if self.list_depth:
            self.list_depth = 1
            self.handle_endtag("ul")
        self._flush_paragraph()


@functools.lru_cache(maxsize=4096)
def library_blocks(markdown_text: str) -> tuple:
    """Library Markdown rendered, sanitised and parsed, placeholders still unfilled.

    Cached: the same few hundred library strings render over and over. The result is
    made of frozen dataclasses, so sharing it between letters is safe.
    """
    html = markdown.markdown(markdown_text or "")
    safe = nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None)
    parser = _BlockParser()
    parser.feed(safe)
    parser.close()
    return tuple(parser.blocks)


def _complete(values: dict[str, str]) -> dict[str, str]:
    """Every documented placeholder with its value, or its bracketed label."""
    return {
        name: values[name]
        if values.get(name)
        else MISSING_LABELS.get(name, f"[{name}]")
        for name in placeholders.NAMES
    }


def _fill_runs(runs: Sequence[Run], values: dict[str, str]) -> tuple[Run, ...]:
    return _merge(
        replace(r, text=placeholders.substitute(r.text, values)) for r in runs
    )


def _fill_blocks(blocks: Sequence, values: dict[str, str]) -> tuple:
    filled = []
    for block in blocks:
        if isinstance(block, ItemList):
            filled.append(
                replace(
                    block,
                    items=tuple(
                        replace(i, runs=_fill_runs(i.runs, values)) for i in block.items
                    ),
                )
            )
        else:
            filled.append(replace(block, runs=_fill_runs(block.runs, values)))
    return tuple(filled)


def library_runs(markdown_text: str, values: dict[str, str]) -> tuple[Run, ...]:
    """Library Markdown as one line of runs (for list items), placeholders filled."""
    runs: list[Run] = []
    for block in _fill_blocks(library_blocks(markdown_text), _complete(values)):
        parts = (
            [i.runs for i in block.items]
            if isinstance(block, ItemList)
            else [block.runs]
        )
        for part in parts:
            if runs:
                runs.append(Run(" "))
            runs.extend(part)
    return _merge(runs)


def blocks_plain_text(blocks: Sequence) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, ItemList):
            lines = [block.heading] if block.heading else []
            lines += [f"{i.number}. {runs_text(i.runs)}" for i in block.items]
            parts.append("\n".join(lines))
        else:
            parts.append(runs_text(block.runs))
    return "\n\n".join(parts)


def plain_text(markdown_text: str, values: dict[str, str]) -> str:
    """Library Markdown as plain text with its placeholders filled.

    Missing values read as bracketed labels (``[metric value]``), exactly as in the
    assembled letter, so the wizard can compare a seller's submitted text with this to
    tell whether they edited it.
    """
    return blocks_plain_text(
        _fill_blocks(library_blocks(markdown_text), _complete(values))
    )


# --- placeholder values ------------------------------------------------------------


def _first_figure(answers: Answers):
    return next((m for m in answers.metrics if m.value is not None), None)


def _period(figure) -> str:
    days = figure.period_days or METRIC_WINDOWS.get(figure.metric)
    return f"the last {days} days" if days else ""


def placeholder_values(answers: Answers, *, today: datetime.date) -> dict[str, str]:
    """The placeholders the answers can fill; names without a value are left out."""
    sig = answers.signature
    values = {
        "store_name": clean_text(sig.store_name),
        "seller_id": clean_text(sig.seller_id),
        "marketplace": MARKETPLACE_DOMAINS.get(
            clean_text(sig.marketplace).upper(), clean_text(sig.marketplace)
        ),
        "today": format_date(today),
        "notice_date": format_date(answers.notice_date) if answers.notice_date else "",
        "order_ids": ", ".join(clean_text(o.id) for o in answers.orders),
    }
    figure = _first_figure(answers)
    if figure is not None:
        values.update(
            metric_name=metric_label(figure.metric),
            metric_value=format_percent(figure.value),
            metric_target=METRIC_TARGETS.get(figure.metric, ""),
            period=_period(figure),
            defect_count="" if figure.defects is None else str(figure.defects),
        )
    if answers.orders:
        values["order_count"] = str(len(answers.orders))
    elif figure is not None and figure.defects is not None:
        # Without pasted IDs, the orders that counted against the metric are the
        # affected ones (the figure's order total is the denominator, not the harm).
        values["order_count"] = str(figure.defects)
    return {k: v for k, v in values.items() if v}


def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " ").title())


def metric_sentence(figure) -> str:
    """One generated English sentence for a metric figure."""
    text = f"Our {metric_label(figure.metric)} was {format_percent(figure.value)}"
    period = _period(figure)
    if period:
        text += f" over {period}"
    target = METRIC_TARGETS.get(figure.metric)
    if target:
        text += f", against Amazon's target of {target}"
    if figure.defects is not None and figure.orders:
        text += f" ({figure.defects} of {figure.orders} orders counted against it)"
    return text + "."


# --- library lookups ---------------------------------------------------------------


class _Index:
    """Slug-path lookups into one library dict (inactive rows still resolve)."""

    def __init__(self, library: dict):
        self.library = library or {}
        self.causes = {c.get("slug"): c for c in self.library.get("causes") or []}
        self.root_causes, self.actions = {}, {}
        for cslug, cause in self.causes.items():
            for rc in cause.get("root_causes") or []:
                ref = f"{cslug}/{rc.get('slug')}"
                self.root_causes[ref] = rc
                for action in rc.get("actions") or []:
                    self.actions[f"{ref}/{action.get('slug')}"] = action

    def phrases(self, section: str) -> list[dict]:
        return [
            p
            for p in self.library.get("phrases") or []
            if p.get("section") == section and p.get("is_active", True)
        ]

    def shape_sections(self, shape: str) -> tuple[tuple[str, str], ...]:
        for s in self.library.get("shapes") or []:
            if s.get("slug") == shape and s.get("is_active", True):
                sections = sorted(
                    s.get("sections") or [], key=lambda d: d.get("position", 0)
                )
                return tuple(
                    (d.get("kind", ""), d.get("heading", "")) for d in sections
                )
        if shape in DEFAULT_SHAPES:
            return DEFAULT_SHAPES[shape]
        raise ValueError(f"unknown letter shape {shape!r}")


def _by_position(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda d: d.get("position", 0))


def _explanations(rc: dict) -> list[str]:
    return [rc.get("explanation", "")] + list(rc.get("variants") or [])


def explanation_for(rc: dict, *, ref: str, seed: int) -> str:
    """The explanation wording (original or a variant) the seed picks for a root cause."""
    return choose(_explanations(rc), seed=seed, salt=f"root_cause:{ref}")


def suggestions(
    library: dict, causes: list[str], *, values: dict[str, str], seed: int
) -> list[dict]:
    """The active root causes of ``causes`` with their actions, as plain text.

    In cause order, then library position. ``text`` is the explanation wording the
    same seed makes ``assemble`` use.
    """
    index = _Index(library)
    out = []
    for cslug in causes:
        cause = index.causes.get(cslug)
        if not cause or not cause.get("is_active", True):
            continue
        for rc in _by_position(cause.get("root_causes") or []):
            if not rc.get("is_active", True):
                continue
            ref = f"{cslug}/{rc.get('slug')}"
            out.append(
                {
                    "ref": ref,
                    "cause": cslug,
                    "cause_name": cause.get("name", ""),
                    "title": rc.get("title", ""),
                    "text": plain_text(explanation_for(rc, ref=ref, seed=seed), values),
                    "actions": [
                        {
                            "ref": f"{ref}/{a.get('slug')}",
                            "kind": a.get("kind", ""),
                            "text": plain_text(a.get("text", ""), values),
                            "timeframe": a.get("timeframe", ""),
                        }
                        for a in _by_position(rc.get("actions") or [])
                        if a.get("is_active", True)
                    ],
                }
            )
    return out


def phrase_options(library: dict, section: str, causes: list[str]) -> list[dict]:
    """Active phrases of ``section`` usable for ``causes``: cause-specific first.

    ``text`` is the library's Markdown with its placeholders; show it with plain_text().
    """
    phrases = _by_position(_Index(library).phrases(section))
    specific = [p for p in phrases if p.get("cause") in causes]
    generic = [p for p in phrases if p.get("cause") is None]
    return [
        {
            "key": p.get("key"),
            "section": section,
            "cause": p.get("cause"),
            "text": p.get("text", ""),
        }
        for p in specific + generic
    ]


def _fillable(text: str, values: dict[str, str]) -> bool:
    return all(values.get(name) for name in placeholders.names_in(text))


def choose_phrase(
    library: dict,
    section: str,
    answers: Answers,
    *,
    values: dict[str, str],
    seed: int,
) -> dict | None:
    """The phrase a section uses: the seller's pick, else one chosen by seed.

    The seller's pick counts while it is an active phrase of the section, even one
    written for a cause they later removed. Otherwise the candidates, in order of
    preference: cause-specific phrases whose placeholders can all be filled, generic
    ones that can be, then any cause-specific, then any generic.
    """
    picked = answers.phrases.get(section)
    if picked:
        for p in _Index(library).phrases(section):
            if p.get("key") == picked:
                return {
                    "key": picked,
                    "section": section,
                    "cause": p.get("cause"),
                    "text": p.get("text", ""),
                }
    options = phrase_options(library, section, list(answers.causes))
    specific = [o for o in options if o["cause"] is not None]
    generic = [o for o in options if o["cause"] is None]
    tiers = (
        [o for o in specific if _fillable(o["text"], values)],
        [o for o in generic if _fillable(o["text"], values)],
        specific,
        generic,
    )
    for tier in tiers:
        if tier:
            return choose(tier, seed=seed, salt=f"phrase:{section}")
    return None


# --- assembly ----------------------------------------------------------------------


@dataclass(frozen=True)
class _ResolvedRootCause:
    title: str
    runs: tuple[Run, ...]
    corrective: tuple[Item, ...]  # numbered 0: the caller numbers them
    preventive: tuple[Item, ...]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _action_item(
    action: ChosenAction, index: _Index, values: dict[str, str]
) -> tuple[str, Item]:
    lib = index.actions.get(action.ref) if action.ref else None
    own = clean_text(action.text)
    if own:
        runs = plain_runs(own)
    elif lib is not None:
        runs = library_runs(lib.get("text", ""), values)
    else:
        # The library version no longer has this action: show a visible gap.
        slug = action.ref.rsplit("/", 1)[-1].replace("-", " ")
        runs = plain_runs(f"[action no longer in the library: {slug}]")
    kind = action.kind
    if kind not in ("corrective", "preventive"):
        kind = (lib or {}).get("kind") or "preventive"
    timeframe = clean_text(action.timeframe) or clean_text((lib or {}).get("timeframe"))
    if kind == "corrective" and action.done_on:
        detail = f"Completed on {format_date(action.done_on)}"
    else:
        detail = _capitalised(timeframe)
    return kind, Item(number=0, runs=runs, detail=detail)


def _resolve_root_cause(
    chosen: ChosenRootCause,
    number: int,
    index: _Index,
    values: dict[str, str],
    seed: int,
) -> _ResolvedRootCause:
    lib = index.root_causes.get(chosen.ref) if chosen.ref else None
    title = (
        clean_text(chosen.title)
        or clean_text((lib or {}).get("title"))
        or f"[root cause {number}]"
    )
    own = clean_text(chosen.text)
    if own:
        runs = plain_runs(own)
    elif lib is not None:
        runs = library_runs(explanation_for(lib, ref=chosen.ref, seed=seed), values)
    else:
        runs = plain_runs(title)
    corrective, preventive = [], []
    for action in chosen.actions:
        kind, item = _action_item(action, index, values)
        (corrective if kind == "corrective" else preventive).append(item)
    return _ResolvedRootCause(title, runs, tuple(corrective), tuple(preventive))


def _numbered(items: Sequence[Item], start: int = 1) -> tuple[Item, ...]:
    return tuple(replace(item, number=n) for n, item in enumerate(items, start=start))


def _orders_paragraph(orders: Sequence[OrderRef], *, brief: bool) -> OrderList:
    """The sentence naming every affected order ID, with its note where given."""
    names = [f"{o.id} ({o.note})" if o.note else o.id for o in orders]
    listed = ", ".join(names)
    if brief:
        text = f"This concerns order {listed}." if len(names) == 1 else None
        text = text or f"This concerns these {len(names)} orders: {listed}."
    elif len(names) == 1:
        text = f"The affected order is {listed}."
    else:
        text = f"The {len(names)} affected orders are: {listed}."
    return OrderList((Run(text),))


def _signature_paragraph(sig: Signature) -> Paragraph:
    lines = [SIGN_OFF, sig.name or "[your name]"]
    if sig.store_name:
        lines.append(sig.store_name)
    if sig.seller_id:
        lines.append(f"Seller ID: {sig.seller_id}")
    if sig.marketplace:
        lines.append(
            f"Marketplace: {MARKETPLACE_DOMAINS.get(sig.marketplace.upper(), sig.marketplace)}"
        )
    if sig.email:
        lines.append(f"E-mail: {sig.email}")
    return Paragraph((Run("\n".join(lines)),))


def assemble(
    answers: Answers,
    library: dict,
    *,
    shape: str = "classic",
    today: datetime.date,
    seed: int,
    library_version: int | None = None,
) -> Letter:
    """Build the letter in ``shape`` from ``answers`` and one library version's data.

    Reads nothing but its arguments: the same inputs give a byte-identical letter.
    Raises ValueError for a shape the library does not define and we do not know.
    """
    index = _Index(library)
    spec = index.shape_sections(shape)
    kinds = {kind for kind, _ in spec}
    values = placeholder_values(answers, today=today)
    full = _complete(values)
    sender = Signature(
        name=clean_text(answers.signature.name),
        store_name=clean_text(answers.signature.store_name),
        seller_id=clean_text(answers.signature.seller_id),
        email=clean_text(answers.signature.email),
        marketplace=clean_text(answers.signature.marketplace),
    )
    orders = tuple(
        OrderRef(id=clean_text(o.id), note=clean_text(o.note)) for o in answers.orders
    )
    figures = [m for m in answers.metrics if m.value is not None]
    resolved = [
        _resolve_root_cause(rc, n, index, values, seed)
        for n, rc in enumerate(answers.root_causes, start=1)
    ]

    def phrase_blocks(section: str) -> tuple[tuple, str]:
        phrase = choose_phrase(library, section, answers, values=values, seed=seed)
        if phrase is None:
            return (), ""
        return _fill_blocks(library_blocks(phrase["text"]), full), phrase["text"]

    def acknowledgement() -> list:
        blocks, source = phrase_blocks("acknowledgement")
        blocks = list(blocks)
        # The phrase names the first figure through {metric_value}; every other figure
        # (or all of them, if the phrase does not) gets a generated sentence.
        extra = figures[1:] if "{metric_value}" in source else figures
        blocks += [Paragraph((Run(metric_sentence(f)),)) for f in extra]
        if orders:
            blocks.append(_orders_paragraph(orders, brief=False))
        return blocks

    def root_causes() -> list:
        blocks: list = []
        if "acknowledgement" not in kinds:
            # A shape without an acknowledgement (the Amazon form) states the figures
            # and the affected orders before the causes.
            blocks += [Paragraph((Run(metric_sentence(f)),)) for f in figures]
            if orders:
                blocks.append(_orders_paragraph(orders, brief=True))
        items = _numbered([Item(0, rc.runs) for rc in resolved])
        if items:
            blocks.append(ItemList(items))
        return blocks

    def plan() -> list:
        blocks, number = [], 1
        for rc in resolved:
            items = _numbered(rc.corrective + rc.preventive, start=number)
            if items:
                blocks.append(ItemList(items, heading=rc.title))
                number += len(items)
        return blocks

    def of_kind(kind: str) -> list:
        items = _numbered([i for rc in resolved for i in getattr(rc, kind)])
        return [ItemList(items)] if items else []

    builders = {
        "acknowledgement": acknowledgement,
        "apology": lambda: list(phrase_blocks("apology")[0]),
        "root_causes": root_causes,
        "transition": lambda: list(phrase_blocks("transition")[0]),
        "plan": plan,
        "corrective": lambda: of_kind("corrective"),
        "preventive": lambda: of_kind("preventive"),
        "closing": lambda: list(phrase_blocks("closing")[0]),
        "signature": lambda: [_signature_paragraph(sender)],
    }
    sections = []
    for kind, heading in spec:
        build = builders.get(kind)
        blocks = build() if build else []
        if blocks:
            heading = placeholders.substitute(clean_text(heading), full)
            sections.append(Section(kind=kind, heading=heading, blocks=tuple(blocks)))
    if "signature" in kinds and sections:
        first = sections[0]
        sections[0] = replace(
            first, blocks=(Paragraph((Run(SALUTATION),)), *first.blocks)
        )
    subject = "Appeal to reinstate selling privileges: {} (Seller ID {})".format(
        full["store_name"], full["seller_id"]
    )
    return Letter(
        shape=shape,
        subject=subject,
        date=today,
        sections=tuple(sections),
        orders=orders,
        sender=sender,
        library_version=library_version,
    )


# --- hand-edited letters -----------------------------------------------------------

_NUMBERED = re.compile(r"^(\d{1,5})[.)]\s+(\S.*)$")
_HEADING_MAX = 80


def _heading_like(line: str) -> bool:
    return (
        0 < len(line) <= _HEADING_MAX
        and not line.endswith((".", "!", "?", ",", ";"))
        and not _NUMBERED.match(line)
    )


def _chunk_blocks(lines: list[str]) -> list:
    """Paragraphs and numbered lists of one blank-line-separated chunk."""
    blocks: list = []
    para: list[str] = []
    items: list[Item] = []
    heading = ""

    def flush_para():
        if para:
            blocks.append(Paragraph((Run("\n".join(para)),)))
            para.clear()

    def flush_items():
        nonlocal heading
        if items:
            blocks.append(ItemList(tuple(items), heading=heading))
            items.clear()
        heading = ""

    for i, line in enumerate(lines):
        numbered = _NUMBERED.match(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if numbered:
            flush_para()
            items.append(Item(int(numbered[1]), plain_runs(clean_text(numbered[2]))))
        elif _heading_like(line) and _NUMBERED.match(following):
            flush_para()
            flush_items()
            heading = line
        elif items:
            # A line after a numbered item without its own number continues the item.
            last = items[-1]
            items[-1] = replace(last, runs=plain_runs(f"{runs_text(last.runs)} {line}"))
        else:
            para.append(line)
    flush_para()
    flush_items()
    return blocks


_DATE_LINE = re.compile(r"^\d{1,2} (" + "|".join(MONTHS) + r") \d{4}$")


def _is_preamble(line: str, base: Letter) -> bool:
    """A date or subject line at the top: exports print base's own, so drop it.

    Any date in our format counts, since the letter is re-dated when it is sent a day
    after the edit.
    """
    return bool(_DATE_LINE.match(line)) or line in (
        base.subject,
        f"Subject: {base.subject}",
    )


def from_plain_text(text: str, *, base: Letter) -> Letter:
    """The letter as the seller edited it by hand, with every run plain.

    Keeps ``base``'s shape, subject, date, sender and orders. Paragraphs are split on
    blank lines; lines like ``1. ...`` become numbered items; a short line without a
    final full stop followed by content is a heading: of a section (its kind taken from
    ``base`` when the heading matches one of base's headings, so the Amazon form blocks
    survive an edit) or, directly above numbered lines, of that list. A leading date
    line and a subject line equal to base's are dropped: exports print those themselves.
    """
    known_kinds = {s.heading.casefold(): s.kind for s in base.sections if s.heading}
    for kind, heading in DEFAULT_SHAPES.get(base.shape, ()):
        if heading:
            known_kinds.setdefault(heading.casefold(), kind)
    chunks = [
        [line for line in chunk.split("\n") if line]
        for chunk in re.split(r"\n\s*\n", clean_lines(text))
    ]
    chunks = [c for c in chunks if c]
    while chunks and _is_preamble(chunks[0][0], base):
        chunks[0].pop(0)
        if not chunks[0]:
            chunks.pop(0)

    sections: list[Section] = []
    kind, heading, blocks = "text", "", []

    def flush():
        if blocks or heading:
            sections.append(Section(kind=kind, heading=heading, blocks=tuple(blocks)))

    for n, lines in enumerate(chunks):
        first = lines[0]
        more = len(lines) > 1 or n + 1 < len(chunks)
        known = known_kinds.get(first.rstrip(":").casefold())
        is_section_heading = (
            _heading_like(first)
            and more
            and (known is not None or len(lines) == 1 or not _NUMBERED.match(lines[1]))
        )
        if is_section_heading:
            flush()
            kind, heading, blocks = known or "text", first, []
            lines = lines[1:]
        blocks = blocks + _chunk_blocks(lines)
    flush()
    return replace(base, sections=tuple(sections))
