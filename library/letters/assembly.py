"""Letter assembly: the seller's answers plus one typed library in, a ``Letter`` out.

Pure: no Django, no models, no request. The same answers, library, seed and date always
give the same letter (choices use hashlib, never ``hash()`` or dict order).
"""

import datetime
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from library import placeholders
from library.answers import Answers, ChosenAction, ChosenRootCause, OrderRef, Signature
from library.concepts import metric as metrics
from library.concepts.dates import format_date
from library.concepts.percent import format_percent
from library.readmodel import Library, Phrase, RootCause, Slot

from .document import (
    MARKETPLACE_DOMAINS,
    SALUTATION,
    SIGN_OFF,
    Item,
    ItemList,
    Letter,
    OrderList,
    Paragraph,
    Run,
    Section,
)
from .runs import (
    _complete,
    _fill_blocks,
    clean_text,
    gap,
    library_blocks,
    library_runs,
    plain_runs,
    plain_text,
)

PHRASE_SECTIONS = ("acknowledgement", "apology", "transition", "closing")

# What a section says when the library offers phrases for it but none can be filled for
# this appeal (each needs a value the answers do not give). Written to need no
# placeholder and to state nothing the seller has not told us: that there was a notice,
# and that the letter answers it. Only the opening and the closing have one: a letter
# must say what it answers and end with a request, while the apology and the transition
# are connecting sentences the letter reads naturally without (the root causes and the
# plan follow under their own headings), so those sections are left out instead.
FALLBACK_PHRASES = {
    "acknowledgement": (
        "We have read your notice about our selling account and we take it seriously. "
        "Below we explain what caused the problem and what we are doing to correct it."
    ),
    "closing": (
        "Thank you for reviewing our plan. Please let us know if you need any further "
        "information to reinstate our account."
    ),
}


def choose(options: Sequence, *, seed: int, salt: str):
    """Pick one of ``options`` from ``seed`` and ``salt``, the same on every run.

    Uses SHA-256 rather than ``hash()``, which is randomised per process for strings.
    Raises IndexError for an empty sequence, like ``random.choice``.
    """
    if not options:
        raise IndexError("choose() needs at least one option")
    digest = hashlib.sha256(f"{seed}\x1f{salt}".encode()).digest()
    return options[int.from_bytes(digest[:8], "big") % len(options)]


# --- placeholder values ------------------------------------------------------------


def _first_figure(answers: Answers):
    return next((m for m in answers.metrics if m.value is not None), None)


def _period(figure) -> str:
    days = figure.period_days or metrics.letter_window(figure.metric)
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
            metric_target=_target_text(figure.metric),
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


def with_slots(
    values: dict[str, str], slot_values: dict[str, str], library: Library
) -> dict[str, str]:
    """``values`` plus the seller's fact-slot values that name a slot of ``library``
    (cleaned to one line; a blank value is no value, so the letter shows its gap)."""
    facts = {
        name: clean_text(value)
        for name, value in (slot_values or {}).items()
        if library.slot(name) is not None and clean_text(value)
    }
    return {**values, **facts}


def fact_text(
    library: Library, source: str, values: dict[str, str], slot_values: dict[str, str]
) -> str:
    """A library wording as plain text, with its placeholders and the seller's fact
    slots filled, and a gap marker for each slot still empty."""
    return plain_text(
        source, with_slots(values, slot_values, library), library.slot_gaps()
    )


def metric_label(metric: str) -> str:
    return metrics.name(metric)


def _target_text(code: str) -> str:
    metric = metrics.get(code)
    return metric.target_text if metric else ""


def metric_sentence(figure) -> str:
    """One generated English sentence for a metric figure."""
    text = f"Our {metric_label(figure.metric)} was {format_percent(figure.value)}"
    period = _period(figure)
    if period:
        text += f" over {period}"
    target = _target_text(figure.metric)
    if target:
        text += f", against Amazon's target of {target}"
    if figure.defects is not None and figure.orders:
        text += f" ({figure.defects} of {figure.orders} orders counted against it)"
    return text + "."


# --- library lookups ---------------------------------------------------------------


def explanation_for(
    rc: RootCause, *, seed: int, values: dict[str, str] | None = None
) -> str:
    """The explanation wording (original or a variant) the seed picks for a root cause.

    Given the answers' placeholder ``values``, only wordings whose placeholders they can
    all fill take part (all of them if none can), so a variant naming
    ``{order_count}`` is not chosen for an appeal without orders.
    """
    options = rc.explanations
    if values is not None:
        # Fact slots play no part: every wording names the same ones (library.format).
        options = [t for t in options if _fillable(t, values, only=placeholders.NAMES)]
        options = options or rc.explanations
    return choose(options, seed=seed, salt=f"root_cause:{rc.ref}")


@dataclass(frozen=True)
class SuggestedAction:
    ref: str
    kind: str
    text: str  # plain text, placeholders filled, each fact slot a gap marker
    timeframe: str
    source: str = ""  # the library's Markdown, for fact_text() with the seller's slots
    slots: tuple[Slot, ...] = ()  # the fact slots the wording names
    text_zh: str = ""  # the 简体中文 gloss


@dataclass(frozen=True)
class Suggestion:
    """A root cause the wizard offers, with its actions, as plain text."""

    ref: str
    cause: str
    cause_name: str
    title: str
    text: str  # the explanation wording the same seed makes ``assemble`` use
    actions: tuple[SuggestedAction, ...]
    source: str = ""  # that wording's Markdown, for fact_text() with the seller's slots
    slots: tuple[Slot, ...] = ()  # the fact slots the wording names
    title_zh: str = ""  # the 简体中文 glosses
    explanation_zh: str = ""


def suggestions(
    library: Library, causes: list[str], *, values: dict[str, str], seed: int
) -> list[Suggestion]:
    """The active root causes of ``causes`` with their active actions.

    In cause order, then library position.
    """
    out = []
    gaps = library.slot_gaps()
    for slug in causes:
        cause = library.cause(slug)
        if cause is None or not cause.is_active:
            continue
        for rc in cause.active_root_causes():
            source = explanation_for(rc, seed=seed, values=values)
            out.append(
                Suggestion(
                    ref=rc.ref,
                    cause=slug,
                    cause_name=cause.name,
                    title=rc.title,
                    text=plain_text(source, values, gaps),
                    actions=tuple(
                        SuggestedAction(
                            a.ref,
                            a.kind,
                            plain_text(a.text, values, gaps),
                            a.timeframe,
                            source=a.text,
                            slots=_slots(library, a.slots),
                            text_zh=gloss_text(library, a.text_zh),
                        )
                        for a in rc.active_actions()
                    ),
                    source=source,
                    slots=_slots(library, rc.slots),
                    title_zh=rc.title_zh,
                    explanation_zh=gloss_text(library, rc.explanation_zh),
                )
            )
    return out


def gloss_text(library: Library, text: str) -> str:
    """A 简体中文 gloss as the seller reads it: each fact slot it names shown by its
    Chinese label in corner brackets (「新承运人」), never as ``{new_carrier}``."""
    labels = {s.name: f"「{s.label_zh or s.label}」" for s in library.slots}
    return placeholders.substitute(text, labels)


def _slots(library: Library, names: Sequence[str]) -> tuple[Slot, ...]:
    return tuple(slot for n in names if (slot := library.slot(n)) is not None)


def phrase_options(library: Library, section: str, causes: list[str]) -> list[Phrase]:
    """Active phrases of ``section`` usable for ``causes``: cause-specific first.

    ``text`` is the library's Markdown with its placeholders; show it with plain_text().
    """
    phrases = library.phrases_of(section)
    specific = [p for p in phrases if p.cause in causes]
    generic = [p for p in phrases if p.cause is None]
    return specific + generic


def _fillable(text: str, values: dict[str, str], only=None) -> bool:
    """Whether ``values`` fill every name ``text`` uses (of ``only``, when given)."""
    return all(
        values.get(name)
        for name in placeholders.names_in(text)
        if only is None or name in only
    )


def choose_phrase(
    library: Library,
    section: str,
    answers: Answers,
    *,
    values: dict[str, str],
    seed: int,
) -> Phrase | None:
    """The phrase a section uses: the seller's pick, else one chosen by seed.

    The seller's pick counts while it is an active phrase of the section, even one
    written for a cause they later removed, and even if a value it names is missing
    (the gap then shows as a marker: the seller chose it with the marker in view).
    Otherwise only phrases whose placeholders and fact slots (``values`` holds the
    seller's phrase slots) can all be filled take part: the
    cause-specific ones, else the generic ones. Within that set, when the answers give
    a metric figure, the phrases that state it (``{metric_value}``) are preferred, so
    the figure is woven into the opening rather than added as a generated sentence.
    None when no phrase can be filled: the caller uses its fallback or leaves the
    section out, never a phrase with a gap.
    """
    picked = answers.phrases.get(section)
    if picked:
        phrase = library.phrase(section, picked)
        if phrase is not None:
            return phrase
    options = phrase_options(library, section, list(answers.causes))
    fillable = [o for o in options if _fillable(o.text, values)]
    for tier in (
        [o for o in fillable if o.cause is not None],
        [o for o in fillable if o.cause is None],
    ):
        if tier:
            if values.get("metric_value"):
                tier = [o for o in tier if _states_figure(o.text)] or tier
            return choose(tier, seed=seed, salt=f"phrase:{section}")
    return None


def _states_figure(text: str) -> bool:
    return "metric_value" in placeholders.names_in(text)


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
    action: ChosenAction, library: Library, values: dict[str, str]
) -> tuple[str, Item]:
    lib = library.action(action.ref) if action.ref else None
    own = clean_text(action.text)
    if own:
        runs = plain_runs(own)
    elif lib is not None:
        runs = library_runs(
            lib.text, with_slots(values, action.slots, library), library.slot_gaps()
        )
    else:
        # The library version no longer has this action: show a visible gap.
        slug = action.ref.rsplit("/", 1)[-1].replace("-", " ")
        runs = plain_runs(gap(f"action no longer in the library, {slug}"))
    kind = action.kind
    if kind not in ("corrective", "preventive"):
        kind = (lib.kind if lib else "") or "preventive"
    timeframe = clean_text(action.timeframe) or clean_text(lib.timeframe if lib else "")
    if kind == "corrective" and action.done_on:
        detail = f"Completed on {format_date(action.done_on)}"
    else:
        detail = _capitalised(timeframe)
    return kind, Item(number=0, runs=runs, detail=detail)


def _resolve_root_cause(
    chosen: ChosenRootCause,
    number: int,
    library: Library,
    values: dict[str, str],
    seed: int,
) -> _ResolvedRootCause:
    lib = library.root_cause(chosen.ref) if chosen.ref else None
    title = (
        clean_text(chosen.title)
        or clean_text(lib.title if lib else "")
        or gap(f"root cause {number}")
    )
    own = clean_text(chosen.text)
    if own:
        runs = plain_runs(own)
    elif lib is not None:
        runs = library_runs(
            explanation_for(lib, seed=seed, values=values),
            with_slots(values, chosen.slots, library),
            library.slot_gaps(),
        )
    else:
        runs = plain_runs(title)
    corrective, preventive = [], []
    for action in chosen.actions:
        kind, item = _action_item(action, library, values)
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
    lines = [SIGN_OFF, sig.name or gap("your name")]
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


@dataclass(frozen=True)
class _Parts:
    """What every section of one letter is built from, resolved once."""

    answers: Answers
    library: Library
    seed: int
    kinds: frozenset[str]  # the section kinds of the shape
    values: dict[str, str]  # placeholder values (and phrase slots) the answers give
    full: dict[str, str]  # every placeholder and slot: its value or its visible gap
    orders: tuple[OrderRef, ...]
    figures: tuple  # the metric figures that have a value
    resolved: tuple[_ResolvedRootCause, ...]
    sender: Signature

    def phrase_blocks(self, section: str) -> tuple[tuple, str]:
        phrase = choose_phrase(
            self.library, section, self.answers, values=self.values, seed=self.seed
        )
        if phrase is not None:
            text = phrase.text
        elif section in FALLBACK_PHRASES and phrase_options(
            self.library, section, list(self.answers.causes)
        ):
            # The library has phrases for the section, none fillable here. A library
            # without any (by design) keeps leaving the section out.
            text = FALLBACK_PHRASES[section]
        else:
            return (), ""
        return _fill_blocks(library_blocks(text), self.full), text

    def acknowledgement(self) -> list:
        blocks, source = self.phrase_blocks("acknowledgement")
        blocks = list(blocks)
        # The phrase names the first figure through {metric_value}; every other figure
        # (or all of them, if the phrase does not) gets a generated sentence.
        extra = self.figures[1:] if "{metric_value}" in source else self.figures
        blocks += [Paragraph((Run(metric_sentence(f)),)) for f in extra]
        if self.orders:
            blocks.append(_orders_paragraph(self.orders, brief=False))
        return blocks

    def root_causes(self) -> list:
        blocks: list = []
        if "acknowledgement" not in self.kinds:
            # A shape without an acknowledgement (the Amazon form) states the figures
            # and the affected orders before the causes.
            blocks += [Paragraph((Run(metric_sentence(f)),)) for f in self.figures]
            if self.orders:
                blocks.append(_orders_paragraph(self.orders, brief=True))
        items = _numbered([Item(0, rc.runs) for rc in self.resolved])
        if items:
            blocks.append(ItemList(items))
        return blocks

    def plan(self) -> list:
        blocks, number = [], 1
        for rc in self.resolved:
            items = _numbered(rc.corrective + rc.preventive, start=number)
            if items:
                blocks.append(ItemList(items, heading=rc.title))
                number += len(items)
        return blocks

    def of_kind(self, kind: str) -> list:
        items = _numbered([i for rc in self.resolved for i in getattr(rc, kind)])
        return [ItemList(items)] if items else []

    def documents(self) -> list:
        """The documents the seller ticked, named as the catalogue names them (only
        those: the letter never promises a document the seller has not got)."""
        items = []
        for e in self.answers.evidence:
            doc = self.library.document(e.document)
            if doc is None:
                continue
            details = [clean_text(e.note)] if clean_text(e.note) else []
            if e.dated:
                details.append(f"dated {format_date(e.dated)}")
            if e.quantity is not None:
                details.append(f"{e.quantity} units")
            text = doc.name + (f" ({'; '.join(details)})" if details else "")
            items.append(Item(0, (Run(text),)))
        if not items:
            return []
        lead = Paragraph((Run("We attach the following documents:"),))
        return [lead, ItemList(_numbered(items))]

    def blocks(self, kind: str) -> list:
        """The blocks of one section kind; an unknown kind has none."""
        if kind in ("apology", "transition", "closing"):
            return list(self.phrase_blocks(kind)[0])
        if kind in ("corrective", "preventive"):
            return self.of_kind(kind)
        if kind == "signature":
            return [_signature_paragraph(self.sender)]
        if kind in ("acknowledgement", "root_causes", "plan", "documents"):
            return getattr(self, kind)()
        return []


def _parts(answers: Answers, library: Library, kinds, *, today, seed) -> _Parts:
    placeholder = placeholder_values(answers, today=today)
    values = with_slots(placeholder, answers.phrase_slots, library)
    sig = answers.signature
    return _Parts(
        answers=answers,
        library=library,
        seed=seed,
        kinds=frozenset(kinds),
        values=values,
        full=_complete(values, library.slot_gaps()),
        orders=tuple(
            OrderRef(id=clean_text(o.id), note=clean_text(o.note))
            for o in answers.orders
        ),
        figures=tuple(m for m in answers.metrics if m.value is not None),
        resolved=tuple(
            _resolve_root_cause(rc, n, library, placeholder, seed)
            for n, rc in enumerate(answers.root_causes, start=1)
        ),
        sender=Signature(
            name=clean_text(sig.name),
            store_name=clean_text(sig.store_name),
            seller_id=clean_text(sig.seller_id),
            email=clean_text(sig.email),
            marketplace=clean_text(sig.marketplace),
        ),
    )


def assemble(
    answers: Answers,
    library: Library,
    *,
    shape: str = "classic",
    today: datetime.date,
    seed: int,
    library_version: int | None = None,
) -> Letter:
    """Build the letter in ``shape`` from ``answers`` and one library version.

    Reads nothing but its arguments: the same inputs give a byte-identical letter.
    Raises ValueError for a shape the library does not define and we do not know.
    """
    spec = library.shape_sections(shape)
    parts = _parts(answers, library, (k for k, _ in spec), today=today, seed=seed)
    sections = []
    for kind, heading in spec:
        blocks = parts.blocks(kind)
        if blocks:
            heading = placeholders.substitute(clean_text(heading), parts.full)
            sections.append(Section(kind=kind, heading=heading, blocks=tuple(blocks)))
    if "signature" in parts.kinds and sections:
        first = sections[0]
        sections[0] = replace(
            first, blocks=(Paragraph((Run(SALUTATION),)), *first.blocks)
        )
    seller_id = parts.values.get("seller_id")
    # The seller ID is optional on the closing step: without one the subject names the
    # store alone rather than printing a gap Amazon would read as unfinished.
    subject = "Appeal to reinstate selling privileges: {}{}".format(
        parts.full["store_name"], f" (Seller ID {seller_id})" if seller_id else ""
    )
    return Letter(
        shape=shape,
        subject=subject,
        date=today,
        sections=tuple(sections),
        orders=parts.orders,
        sender=parts.sender,
        library_version=library_version,
    )
