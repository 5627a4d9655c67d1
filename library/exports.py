"""A ``Letter`` out as Markdown, sanitised HTML, paste-ready text, form blocks, DOCX and
the HTML document a PDF is printed from (appeals.pdf prints it).

Pure: no Django, no request. Every run is plain text by the time it gets here
(library Markdown was rendered in ``library.letters.runs``), so each exporter only escapes
for its own format: Markdown specials are backslash-escaped, HTML is escaped and then
sanitised with nh3, DOCX text is XML-escaped by python-docx, and plain text is as-is.
"""

import html
import io
import re
from dataclasses import dataclass

import nh3
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from library.concepts.dates import format_date
from library.letters import (
    MARKETPLACE_DOMAINS,
    MISSING_LABELS,
    ItemList,
    Letter,
    OrderList,
    Run,
    Section,
)

PAPERS = {"A4": "A4", "Letter": "letter"}
APPENDIX_THRESHOLD = 20
FORM_KINDS = ("root_causes", "corrective", "preventive", "documents")
# Paper follows the marketplace, as accounts.models.Marketplace.paper_size does.
LETTER_PAPER_MARKETPLACES = {"US", "CA", "MX"}


# --- plain text --------------------------------------------------------------------


def _text_runs(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def _text_item(item) -> str:
    line = f"{item.number}. {_text_runs(item.runs)}"
    return f"{line} ({item.detail})" if item.detail else line


def _text_blocks(blocks) -> str:
    chunks = []
    for block in blocks:
        if isinstance(block, ItemList):
            lines = [block.heading] if block.heading else []
            chunks.append("\n".join(lines + [_text_item(i) for i in block.items]))
        else:
            chunks.append(_text_runs(block.runs))
    return "\n\n".join(c for c in chunks if c)


def _text_section(section: Section) -> str:
    body = _text_blocks(section.blocks)
    if section.heading:
        return f"{section.heading}\n{body}" if body else section.heading
    return body


def to_text(letter: Letter) -> str:
    """UTF-8 plain text to paste into an e-mail or a form.

    No Markdown syntax and no hard wraps: a paragraph is one line, list items are
    ``1. text (detail)`` lines, headings are lines of their own directly above their
    content, and blank lines separate the rest.
    """
    parts = [format_date(letter.date), f"Subject: {letter.subject}"]
    parts += [_text_section(s) for s in letter.sections]
    return "\n\n".join(p for p in parts if p) + "\n"


@dataclass(frozen=True)
class FormBlock:
    kind: str
    heading: str
    text: str
    chars: int


def amazon_form_blocks(letter: Letter) -> list[FormBlock]:
    """The answers for Amazon's appeal form, one per field, with their lengths.

    Made for a letter in the ``amazon_form`` shape (also after a hand edit that kept
    its headings); any other letter gives whichever of the three sections it has.
    """
    blocks = []
    for section in letter.sections:
        if section.kind in FORM_KINDS:
            text = _text_blocks(section.blocks)
            blocks.append(FormBlock(section.kind, section.heading, text, len(text)))
    return blocks


# --- Markdown ----------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]!#])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# Constructs that only mean something at the start of a line.
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=>])")


def md_escape(text: str) -> str:
    """Seller or library text as Markdown that renders back to exactly this text."""
    lines = []
    for line in text.split("\n"):
        # "&#65;" must stay text: make its "&" literal before "#" gets escaped.
        line = _MD_ENTITY.sub("&amp;", line).replace("<", "&lt;")
        line = _MD_INLINE.sub(r"\\\1", line)
        # "~~" strikes through in GitHub's Markdown; Python-Markdown cannot escape it.
        line = line.replace("~", "&#126;")
        line = _MD_LINE_START.sub(
            lambda m: f"{m[1]}&#{ord(m[2])};" if m[1] else f"&#{ord(m[3])};",
            line,
        )
        lines.append(line)
    # Two trailing spaces: a hard line break inside the paragraph.
    return "  \n".join(lines)


def _md_runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = run.text
        core = text.strip()
        if not core or not (run.strong or run.em):
            out.append(md_escape(text))
            continue
        mark = "***" if run.strong and run.em else "**" if run.strong else "*"
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        out.append(f"{lead}{mark}{md_escape(core)}{mark}{trail}")
    return "".join(out)


def _md_item(item) -> str:
    line = f"{item.number}. {_md_runs(item.runs)}"
    return f"{line} ({md_escape(item.detail)})" if item.detail else line


def to_markdown(letter: Letter) -> str:
    """The letter as Markdown; every character of its text is escaped to stay literal."""
    parts = [
        md_escape(format_date(letter.date)),
        f"**Subject: {md_escape(letter.subject)}**",
    ]
    for section in letter.sections:
        if section.heading:
            parts.append(f"## {md_escape(section.heading)}")
        for block in section.blocks:
            if isinstance(block, ItemList):
                if block.heading:
                    parts.append(f"### {md_escape(block.heading)}")
                parts.append("\n".join(_md_item(i) for i in block.items))
            else:
                parts.append(_md_runs(block.runs))
    return "\n\n".join(parts) + "\n"


# --- HTML --------------------------------------------------------------------------

HTML_TAGS = {
    "article", "header", "section", "div", "h2", "h3", "p", "strong", "em", "br",
    "ol", "li", "span",
}  # fmt: skip
HTML_ATTRIBUTES = {
    "*": {"class"},
    "section": {"class", "data-section"},
    "ol": {"class", "start"},
    "li": {"class", "value"},
}


def _esc(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def _html_runs(runs: tuple[Run, ...]) -> str:
    out = []
    for run in runs:
        text = _esc(run.text)
        if run.em:
            text = f"<em>{text}</em>"
        if run.strong:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def _html_list(block: ItemList) -> str:
    parts = []
    if block.heading:
        parts.append(f"<h3>{_esc(block.heading)}</h3>")
    start = block.items[0].number if block.items else 1
    parts.append(f'<ol start="{start}">')
    for item in block.items:
        detail = (
            f' <span class="item-detail">({_esc(item.detail)})</span>'
            if item.detail
            else ""
        )
        parts.append(f'<li value="{item.number}">{_html_runs(item.runs)}{detail}</li>')
    parts.append("</ol>")
    return "".join(parts)


def _appendix_html(letter: Letter) -> str:
    with_notes = any(o.note for o in letter.orders)
    css = "order-ids with-notes" if with_notes else "order-ids"
    items = "".join(
        f"<li>{_esc(o.id)}"
        + (f' <span class="order-note">{_esc(o.note)}</span>' if o.note else "")
        + "</li>"
        for o in letter.orders
    )
    return (
        '<section class="letter-appendix" data-section="appendix">'
        f"<h2>Appendix: the {len(letter.orders)} affected orders</h2>"
        f'<ol class="{css}">{items}</ol></section>'
    )


def _pdf_appendix_html(letter: Letter) -> str:
    """The appendix for paper: numbered order IDs in preformatted rows of three.

    One text block per 40 rows instead of thousands of list items: WeasyPrint lays out
    2,000 orders this way in about a second rather than eight. Orders with a note are
    listed again below the grid, one a line, with their note.
    """
    orders = letter.orders
    width = len(str(len(orders)))
    id_width = max(len(o.id) for o in orders)
    entries = [f"{n:>{width}}. {o.id:<{id_width}}" for n, o in enumerate(orders, 1)]
    rows = ["   ".join(entries[k : k + 3]).rstrip() for k in range(0, len(entries), 3)]
    parts = [
        '<section class="letter-appendix" data-section="appendix">',
        f"<h2>Appendix: the {len(orders)} affected orders</h2>",
        '<div class="order-grid">',
        *(
            "<p>" + html.escape("\n".join(rows[k : k + 40])) + "</p>"
            for k in range(0, len(rows), 40)
        ),
        "</div>",
    ]
    notes = [
        f"{e.rstrip()}  {o.note}"
        for e, o in zip(entries, orders, strict=True)
        if o.note
    ]
    if notes:
        parts += [
            "<h3>Notes on individual orders</h3>",
            '<div class="order-grid order-notes">',
            *(
                "<p>" + html.escape("\n".join(notes[k : k + 40])) + "</p>"
                for k in range(0, len(notes), 40)
            ),
            "</div>",
        ]
    parts.append("</section>")
    return "".join(parts)


def _letter_html(
    letter: Letter,
    *,
    appendix_threshold: int,
    dated: bool = True,
    appendix=_appendix_html,
) -> str:
    """The letter's body as HTML (not yet sanitised), with the appendix if any.

    ``dated=False`` leaves the date out, for the PDF whose letterhead carries it;
    ``appendix`` renders the folded order list.
    """
    fold = len(letter.orders) > appendix_threshold
    parts = [
        f'<p class="letter-subject"><strong>Subject: {_esc(letter.subject)}</strong></p>'
    ]
    if dated:
        parts.insert(0, f'<p class="letter-date">{_esc(format_date(letter.date))}</p>')
    folded = False
    for section in letter.sections:
        kind = re.sub(r"[^a-z0-9_-]", "", section.kind.lower()) or "text"
        parts.append(
            f'<section class="letter-section letter-section-{kind}" '
            f'data-section="{kind}">'
        )
        if section.heading:
            parts.append(f"<h2>{_esc(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, ItemList):
                parts.append(_html_list(block))
            elif isinstance(block, OrderList) and fold:
                folded = True
                parts.append(
                    f'<p class="letter-orders">The {len(letter.orders)} affected '
                    "order IDs are listed in the appendix.</p>"
                )
            elif isinstance(block, OrderList):
                parts.append(f'<p class="letter-orders">{_html_runs(block.runs)}</p>')
            else:
                parts.append(f"<p>{_html_runs(block.runs)}</p>")
        parts.append("</section>")
    if folded:
        parts.append(appendix(letter))
    return "".join(parts)


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment, tags=HTML_TAGS, attributes=HTML_ATTRIBUTES, link_rel=None
    )


def to_html(letter: Letter, *, appendix_threshold: int = APPENDIX_THRESHOLD) -> str:
    """The letter as a sanitised HTML fragment (review page, live preview).

    Sections are ``<section data-section="kind">`` so a page can highlight the one being
    edited. More than ``appendix_threshold`` orders move to an appendix at the end.
    """
    body = _letter_html(letter, appendix_threshold=appendix_threshold)
    return sanitize_html(f'<article class="letter">{body}</article>')


# --- DOCX --------------------------------------------------------------------------


def _docx_runs(paragraph, runs: tuple[Run, ...]) -> None:
    for run in runs:
        # python-docx turns "\n" into a line break and escapes everything for XML.
        r = paragraph.add_run(run.text)
        r.bold = run.strong or None
        r.italic = run.em or None


def _docx_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when shown."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class _Numbering:
    """Real Word numbered lists: each list restarts (or continues) at its own number."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        style = document.styles["List Number"]
        num_id = style.element.pPr.numPr.numId.val
        self.abstract_id = self.numbering.num_having_numId(num_id).abstractNumId.val

    def new_list(self, start: int) -> int:
        num = self.numbering.add_num(self.abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return num.numId


def _docx_number(paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _consecutive(items):
    """Split items into runs of consecutive numbers (hand-edited lists may skip)."""
    group = []
    for item in items:
        if group and item.number != group[-1].number + 1:
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _docx_page(document, letter: Letter) -> None:
    """Paper by marketplace, margins, the store letterhead and page numbers."""
    section = document.sections[0]
    if letter.sender.marketplace.upper() in LETTER_PAPER_MARKETPLACES:
        section.page_width, section.page_height = Mm(215.9), Mm(279.4)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)

    header = section.header.paragraphs[0]
    store = header.add_run(letter.sender.store_name or MISSING_LABELS["store_name"])
    store.bold = True
    store.font.size = Pt(14)
    store.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    meta = _letterhead_meta(letter)
    if meta:
        header.add_run().add_break(WD_BREAK.LINE)
        header.add_run(meta).font.size = Pt(9)

    footer = section.footer.paragraphs[0]
    footer.add_run("Page ")
    _docx_field(footer, "PAGE")
    footer.add_run(" of ")
    _docx_field(footer, "NUMPAGES")


def _docx_list(document, numbering: "_Numbering", block: ItemList) -> None:
    if block.heading:
        document.add_heading(block.heading, level=3)
    for group in _consecutive(block.items):
        num_id = numbering.new_list(group[0].number)
        for item in group:
            p = document.add_paragraph(style="List Number")
            _docx_number(p, num_id)
            _docx_runs(p, item.runs)
            if item.detail:
                p.add_run(f" ({item.detail})").italic = True


def to_docx(letter: Letter) -> bytes:
    """A Word document: letterhead, date, subject, real numbered lists, page numbers."""
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    _docx_page(document, letter)
    document.core_properties.title = letter.subject
    document.core_properties.author = letter.sender.name or letter.sender.store_name
    document.add_paragraph(format_date(letter.date))
    subject = document.add_paragraph()
    subject.add_run(f"Subject: {letter.subject}").bold = True

    numbering = _Numbering(document)
    for sec in letter.sections:
        if sec.heading:
            document.add_heading(sec.heading, level=2)
        for block in sec.blocks:
            if isinstance(block, ItemList):
                _docx_list(document, numbering, block)
            else:
                _docx_runs(document.add_paragraph(), block.runs)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _letterhead_meta(letter: Letter) -> str:
    parts = []
    if letter.sender.seller_id:
        parts.append(f"Seller ID {letter.sender.seller_id}")
    market = letter.sender.marketplace
    if market:
        parts.append(MARKETPLACE_DOMAINS.get(market.upper(), market))
    if letter.sender.email:
        parts.append(letter.sender.email)
    return " · ".join(parts)


# --- PDF ---------------------------------------------------------------------------


class PdfRenderError(Exception):
    """The PDF could not be made; the message is safe to show to the user."""


_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def pdf_html(letter: Letter, *, paper: str) -> str:
    """The full HTML document given to WeasyPrint for ``paper`` ("A4" or "Letter").

    It links only the bundled static/css/letter.css; the letter's text is escaped and
    the body sanitised like ``to_html``. The CJK font joins the font stack only when
    the letter has CJK text, since it slows every render down.
    """
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}")
    body = sanitize_html(
        _letter_html(
            letter,
            appendix_threshold=APPENDIX_THRESHOLD,
            dated=False,
            appendix=_pdf_appendix_html,
        )
    )
    sender = letter.sender
    letterhead = (
        '<header class="letterhead">'
        f'<p class="letterhead-store">{_esc(sender.store_name or MISSING_LABELS["store_name"])}</p>'
        + (
            f'<p class="letterhead-meta">{_esc(_letterhead_meta(letter))}</p>'
            if _letterhead_meta(letter)
            else ""
        )
        + f'<p class="letterhead-date">{_esc(format_date(letter.date))}</p></header>'
    )
    classes = f"paper-{paper.lower()}"
    if has_cjk(letterhead + body + letter.subject):
        classes += " cjk"
    return (
        f'<!DOCTYPE html>\n<html lang="en" class="{classes}"><head>'
        '<meta charset="utf-8">'
        f"<title>{_esc(letter.subject)}</title>"
        f'<meta name="author" content="{_esc(sender.name or sender.store_name)}">'
        '<meta name="generator" content="Reinstate">'
        '<link rel="stylesheet" href="css/letter.css">'
        f"<style>@page {{ size: {PAPERS[paper]}; }}</style>"
        f"</head><body>{letterhead}{body}</body></html>\n"
    )
