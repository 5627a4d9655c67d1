"""The library as a typed, frozen value: what letters, step forms, admin previews and
the incident kit read. Pure: no Django, nothing of ours outside the pure layer.

``Library.from_data`` builds it from canonical library data (``library.format``); a
published version's value is built once per process and cached by version id
(``library.selectors.library_for``). Inactive rows are kept, so a letter written with a
root cause that was later switched off still resolves; the ``active`` helpers filter.
"""

from dataclasses import dataclass, field

from . import placeholders
from .concepts import route as routes
from .concepts import shape as shapes


@dataclass(frozen=True)
class Slot:
    """A fact the seller types beside a ticked suggestion (``{new_carrier}``)."""

    name: str
    label: str
    label_zh: str
    hint: str
    hint_zh: str
    example: str
    position: int

    @property
    def gap_label(self) -> str:
        """What the letter's gap marker names: the label, its first letter lowered
        unless it starts an abbreviation ("New carrier" -> "new carrier", "SKU")."""
        label = self.label
        if len(label) > 1 and label[1].islower():
            return label[:1].lower() + label[1:]
        return label


@dataclass(frozen=True)
class Document:
    """A supporting document of the catalogue, and what makes it acceptable."""

    slug: str
    name: str
    name_zh: str
    acceptable: str
    acceptable_zh: str
    max_age_days: int | None
    counts_units: bool
    position: int


@dataclass(frozen=True)
class Action:
    ref: str  # cause/root-cause/action
    slug: str
    kind: str  # corrective | preventive
    text: str  # Markdown with placeholders
    timeframe: str
    position: int
    is_active: bool
    slots: tuple[str, ...] = ()  # the fact slots ``text`` names, in order
    text_zh: str = ""  # the 简体中文 gloss
    documents: tuple[str, ...] = ()  # catalogue documents the text names


@dataclass(frozen=True)
class RootCause:
    ref: str  # cause/root-cause
    slug: str
    title: str
    explanation: str
    variants: tuple[str, ...]
    position: int
    is_active: bool
    actions: tuple[Action, ...]
    # the fact slots the explanation (and each variant) names
    slots: tuple[str, ...] = ()
    title_zh: str = ""
    explanation_zh: str = ""

    @property
    def explanations(self) -> tuple[str, ...]:
        """The original wording first, then its variants."""
        return (self.explanation, *self.variants)

    def active_actions(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.is_active)


@dataclass(frozen=True)
class Cause:
    slug: str
    name: str
    metric: str  # a library.concepts.metric code, or "none"
    guidance: str
    documents: tuple[str, ...]  # slugs of catalogue documents, most important first
    position: int
    is_active: bool
    root_causes: tuple[RootCause, ...]
    route: str = routes.DEFAULT  # a library.concepts.route code
    name_zh: str = ""
    guidance_zh: str = ""

    def active_root_causes(self) -> tuple[RootCause, ...]:
        return tuple(rc for rc in self.root_causes if rc.is_active)


@dataclass(frozen=True)
class Phrase:
    key: str
    section: str
    cause: str | None  # a cause slug, or None for a phrase any cause may use
    text: str
    position: int
    is_active: bool
    slots: tuple[str, ...] = ()  # the fact slots ``text`` names, in order


@dataclass(frozen=True)
class ShapeSection:
    kind: str
    heading: str
    position: int


@dataclass(frozen=True)
class Shape:
    slug: str
    name: str
    description: str
    position: int
    is_active: bool
    sections: tuple[ShapeSection, ...]


def _sorted(rows) -> list[dict]:
    return sorted(rows or [], key=lambda d: d.get("position", 0))


def _action(ref: str, a: dict, slots: frozenset[str]) -> Action:
    return Action(
        ref=f"{ref}/{a.get('slug')}",
        slug=a.get("slug", ""),
        kind=a.get("kind", ""),
        text=a.get("text", ""),
        timeframe=a.get("timeframe", ""),
        position=a.get("position", 0),
        is_active=a.get("is_active", True),
        slots=placeholders.slots_in(a.get("text", ""), slots),
        text_zh=a.get("text_zh", ""),
        documents=tuple(a.get("documents") or ()),
    )


def _root_cause(cause: str, rc: dict, slots: frozenset[str]) -> RootCause:
    ref = f"{cause}/{rc.get('slug')}"
    return RootCause(
        ref=ref,
        slug=rc.get("slug", ""),
        title=rc.get("title", ""),
        explanation=rc.get("explanation", ""),
        variants=tuple(rc.get("variants") or ()),
        position=rc.get("position", 0),
        is_active=rc.get("is_active", True),
        actions=tuple(_action(ref, a, slots) for a in _sorted(rc.get("actions"))),
        slots=placeholders.slots_in(rc.get("explanation", ""), slots),
        title_zh=rc.get("title_zh", ""),
        explanation_zh=rc.get("explanation_zh", ""),
    )


def _cause(c: dict, slots: frozenset[str]) -> Cause:
    slug = c.get("slug", "")
    return Cause(
        slug=slug,
        name=c.get("name", ""),
        metric=c.get("metric", "none"),
        guidance=c.get("guidance", ""),
        documents=tuple(c.get("documents") or ()),
        route=c.get("route", routes.DEFAULT),
        name_zh=c.get("name_zh", ""),
        guidance_zh=c.get("guidance_zh", ""),
        position=c.get("position", 0),
        is_active=c.get("is_active", True),
        root_causes=tuple(
            _root_cause(slug, rc, slots) for rc in _sorted(c.get("root_causes"))
        ),
    )


def _slot(s: dict) -> Slot:
    return Slot(
        name=s.get("name", ""),
        label=s.get("label", ""),
        label_zh=s.get("label_zh", ""),
        hint=s.get("hint", ""),
        hint_zh=s.get("hint_zh", ""),
        example=s.get("example", ""),
        position=s.get("position", 0),
    )


def _document(d: dict) -> Document:
    return Document(
        slug=d.get("slug", ""),
        name=d.get("name", ""),
        name_zh=d.get("name_zh", ""),
        acceptable=d.get("acceptable", ""),
        acceptable_zh=d.get("acceptable_zh", ""),
        max_age_days=d.get("max_age_days"),
        counts_units=bool(d.get("counts_units")),
        position=d.get("position", 0),
    )


def _phrase(p: dict, slots: frozenset[str]) -> Phrase:
    return Phrase(
        key=p.get("key", ""),
        section=p.get("section", ""),
        cause=p.get("cause"),
        text=p.get("text", ""),
        position=p.get("position", 0),
        is_active=p.get("is_active", True),
        slots=placeholders.slots_in(p.get("text", ""), slots),
    )


def _shape(s: dict) -> Shape:
    return Shape(
        slug=s.get("slug", ""),
        name=s.get("name", ""),
        description=s.get("description", ""),
        position=s.get("position", 0),
        is_active=s.get("is_active", True),
        sections=tuple(
            ShapeSection(d.get("kind", ""), d.get("heading", ""), d.get("position", 0))
            for d in _sorted(s.get("sections"))
        ),
    )


@dataclass(frozen=True)
class Library:
    causes: tuple[Cause, ...]
    phrases: tuple[Phrase, ...]
    shapes: tuple[Shape, ...]
    slots: tuple[Slot, ...] = ()
    documents: tuple[Document, ...] = ()
    _slots: dict = field(init=False, repr=False, compare=False)
    _documents: dict = field(init=False, repr=False, compare=False)
    _causes: dict = field(init=False, repr=False, compare=False)
    _root_causes: dict = field(init=False, repr=False, compare=False)
    _actions: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Slug-path indexes, built once with the value (inactive rows still resolve).
        root_causes = {rc.ref: rc for c in self.causes for rc in c.root_causes}
        actions = {a.ref: a for rc in root_causes.values() for a in rc.actions}
        object.__setattr__(self, "_slots", {s.name: s for s in self.slots})
        object.__setattr__(self, "_documents", {d.slug: d for d in self.documents})
        object.__setattr__(self, "_causes", {c.slug: c for c in self.causes})
        object.__setattr__(self, "_root_causes", root_causes)
        object.__setattr__(self, "_actions", actions)

    @classmethod
    def from_data(cls, data: dict | None) -> "Library":
        """The value of canonical library data (a version's ``data``, or an export)."""
        data = data or {}
        slots = tuple(_slot(s) for s in _sorted(data.get("slots")))
        names = frozenset(s.name for s in slots)
        return cls(
            slots=slots,
            documents=tuple(_document(d) for d in _sorted(data.get("documents"))),
            causes=tuple(_cause(c, names) for c in _sorted(data.get("causes"))),
            phrases=tuple(_phrase(p, names) for p in _sorted(data.get("phrases"))),
            shapes=tuple(_shape(s) for s in _sorted(data.get("shapes"))),
        )

    # --- lookups ------------------------------------------------------------------

    def document(self, slug: str) -> Document | None:
        return self._documents.get(slug)

    def documents_for(self, causes) -> tuple[Document, ...]:
        """The documents the causes need, in cause order, each once."""
        seen: dict[str, Document] = {}
        for slug in causes:
            cause = self.cause(slug)
            for d in cause.documents if cause else ():
                if d not in seen and (doc := self.document(d)) is not None:
                    seen[d] = doc
        return tuple(seen.values())

    def needs_plan(self, causes) -> bool:
        """Whether an appeal for ``causes`` is a plan of action (by their routes)."""
        return routes.needs_plan(
            c.route for slug in causes if (c := self.cause(slug)) is not None
        )

    def slot(self, name: str) -> Slot | None:
        return self._slots.get(name)

    def slot_gaps(self) -> dict[str, str]:
        """Each fact slot's name -> the label its gap marker shows."""
        return {s.name: s.gap_label for s in self.slots}

    def cause(self, slug: str) -> Cause | None:
        return self._causes.get(slug)

    def root_cause(self, ref: str) -> RootCause | None:
        return self._root_causes.get(ref)

    def action(self, ref: str) -> Action | None:
        return self._actions.get(ref)

    def metric_cause_slugs(self) -> frozenset[str]:
        """The causes a metric measures (their letters need its figure)."""
        return frozenset(c.slug for c in self.causes if c.metric != "none")

    def active_causes(self) -> tuple[Cause, ...]:
        return tuple(c for c in self.causes if c.is_active)

    def phrases_of(self, section: str) -> tuple[Phrase, ...]:
        """The active phrases of ``section``, by position."""
        return tuple(p for p in self.phrases if p.section == section and p.is_active)

    def phrase(self, section: str, key: str) -> Phrase | None:
        return next((p for p in self.phrases_of(section) if p.key == key), None)

    def shape_sections(self, shape: str) -> tuple[tuple[str, str], ...]:
        """(kind, heading) of each section of ``shape``: the library's active wording,
        else the shape's default sections. ValueError for a shape that is not one."""
        for s in self.shapes:
            if s.slug == shape and s.is_active:
                return tuple((d.kind, d.heading) for d in s.sections)
        if shape in shapes.DEFAULT_SECTIONS:
            return shapes.DEFAULT_SECTIONS[shape]
        raise ValueError(f"unknown letter shape {shape!r}")
