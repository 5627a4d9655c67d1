"""A letter's text read into parts the rules look at: sections, items, sentences.

Pure. Reads a plain-text letter as Reinstate writes it (headings on their own line,
numbered lists) or as a seller pasted it from elsewhere (bullets, "1)" lists, headings
in any case). Every span is a (start, end) offset into the original text.
"""

import re
from dataclasses import dataclass, field

CORRECTIVE = "corrective"
PREVENTIVE = "preventive"
ROOT_CAUSES = "root_causes"
PLAN = "plan"  # a plan of action holding both kinds: items sort by tense
DOCUMENTS = "documents"  # the list of documents attached: not plan items
OTHER = "other"

FORM_HEADINGS = {
    "what caused the issue": ROOT_CAUSES,
    "actions taken to resolve the issue": CORRECTIVE,
    "steps taken to prevent it happening again": PREVENTIVE,
}
_NOT_A_HEADING_START = {
    "we",
    "i",
    "our",
    "they",
    "it",
    "this",
    "these",
    "you",
    "he",
    "she",
}
_HEADING_KINDS = (
    (
        DOCUMENTS,
        re.compile(
            r"^(supporting |attached |enclosed )?(documents|evidence|attachments)"
            r"( attached| enclosed)?$",
            re.I,
        ),
    ),
    (PLAN, re.compile(r"plan of action|^poa$|action plan", re.I)),
    (
        PREVENTIVE,
        re.compile(
            r"prevent|going forward|future|long[- ]term|ongoing|from now on|to avoid|"
            r"how we (will )?(keep|make sure|ensure|stop|avoid)|\bkeep\b|ensur",
            re.I,
        ),
    ),
    (
        CORRECTIVE,
        re.compile(
            r"actions? (we )?(have )?taken|corrective|resolve|immediate|what we (have )?"
            r"(done|did|fixed)|steps? (we )?(have )?taken",
            re.I,
        ),
    ),
    (
        ROOT_CAUSES,
        re.compile(
            r"cause|why|what happened|what went wrong|reason|how .* (happened|related)",
            re.I,
        ),
    ),
)
_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*\u2022\u00b7])\s+(?P<body>\S.*)$")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
# A full stop that ends an abbreviation, not a sentence ("Huaxin Co., Ltd.", "e.g.").
_ABBREVIATION = re.compile(
    r"\b(Co|Ltd|Inc|Corp|LLC|Pty|GmbH|No|Nos|St|Mr|Mrs|Ms|Dr|vs|approx|e\.g|i\.e|etc)"
    r"\.(?=[,;:)]|\s+[a-z0-9(,]|\s*$|,)",
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class Section:
    kind: str  # CORRECTIVE, PREVENTIVE, ROOT_CAUSES, PLAN, DOCUMENTS or OTHER
    heading: Span | None
    body: Span
    items: list[Span] = field(default_factory=list)


@dataclass
class Document:
    text: str
    shape: str  # classic | form | message
    sections: list[Section]
    sentences: list[Span]

    def items(self, kind: str | None = None) -> list[Span]:
        return [i for s in self.sections if kind in (None, s.kind) for i in s.items]

    def has_section(self, kind: str) -> bool:
        return any(s.kind == kind and s.body.text.strip() for s in self.sections)


def heading_kind(line: str) -> str | None:
    """The part a heading line introduces, or None when the line is no heading."""
    clean = line.strip().strip(":#*").strip()
    if clean.lower() in FORM_HEADINGS:
        return FORM_HEADINGS[clean.lower()]
    if not clean or len(clean) > 70 or clean.endswith((".", ",", ";", "?", "!")):
        return None
    if _ITEM.match(line) or len(clean.split()) > 9:
        return None
    if clean.split()[0].lower() in _NOT_A_HEADING_START:
        return None  # "We will keep our customers happy" is a sentence, not a heading
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(clean):
            return kind
    return None


def _lines(text: str):
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line.rstrip("\r\n")
        offset += len(line)


def _close(sections: list[Section], text: str, end: int) -> None:
    last = sections[-1]
    start = last.body.start
    last.body = Span(start, end, text[start:end])


def read(text: str, shape: str) -> Document:
    """Split ``text`` into sections at heading lines, and each into list items."""
    sections = [Section(OTHER, None, Span(0, 0, ""))]
    for offset, line in _lines(text):
        kind = heading_kind(line)
        if kind is not None:
            _close(sections, text, offset)
            heading = Span(offset, offset + len(line), line)
            body_start = min(offset + len(line) + 1, len(text))
            sections.append(Section(kind, heading, Span(body_start, body_start, "")))
            continue
        match = _ITEM.match(line)
        if match:
            start = offset + match.start("body")
            sections[-1].items.append(Span(start, offset + len(line), match["body"]))
    _close(sections, text, len(text))
    sentences = []
    # Abbreviations' full stops are masked (same length, so offsets hold) before
    # splitting; each sentence's text is read from the original.
    masked = _ABBREVIATION.sub(lambda m: m.group()[:-1] + "\x00", text)
    for m in _SENTENCE.finditer(masked):
        body = m.group()
        if body.strip():
            start = m.start() + len(body) - len(body.lstrip())
            sentences.append(Span(start, m.end(), text[start : m.end()]))
    return Document(text=text, shape=shape, sections=sections, sentences=sentences)
