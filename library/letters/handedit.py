"""A letter the seller edited by hand, read back into a ``Letter``.

The edited text keeps the assembled letter's frame (date, subject, orders, sender); its
body is split into paragraphs and numbered lists so every exporter treats it alike.
"""

import re
from dataclasses import replace

from library.concepts import shape as shapes
from library.concepts.dates import MONTHS

from .document import Item, ItemList, Letter, Paragraph, Run, Section
from .runs import clean_lines, clean_text, plain_runs, runs_text

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
    for kind, heading in shapes.DEFAULT_SECTIONS.get(base.shape, ()):
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
