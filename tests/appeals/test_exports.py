import io
import re
import zipfile
from html.parser import HTMLParser

import markdown
from docx import Document
from docx.oxml.ns import qn

from library import exports, letters
from library.answers import OrderRef

from .conftest import TODAY, odr_not_received, order_ids, promotion_error

SEED = 7


def assemble(answers, library, shape="classic"):
    return letters.assemble(answers, library, shape=shape, today=TODAY, seed=SEED)


def with_orders(answers, count):
    answers.orders = [OrderRef(i) for i in order_ids(count, "118")]
    return answers


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


# --- plain text --------------------------------------------------------------------


def test_text_export_has_no_markdown_syntax(situation, shipped_library):
    _, answers = situation
    text = exports.to_text(assemble(answers, shipped_library))
    assert "**" not in text
    for line in text.splitlines():
        assert not line.startswith(("#", "- ", "* ", "> "))


def test_text_export_has_no_hard_wraps_inside_paragraphs(situation, shipped_library):
    _, answers = situation
    letter = assemble(answers, shipped_library)
    lines = exports.to_text(letter).splitlines()
    for sec in letter.sections:
        for block in sec.blocks:
            if isinstance(block, letters.ItemList):
                for item in block.items:
                    assert any(
                        line.startswith(f"{item.number}. ")
                        and letters.runs_text(item.runs) in line
                        for line in lines
                    )
            elif sec.kind != "signature":
                text = letters.runs_text(block.runs)
                assert "\n" not in text
                assert text in lines, text[:60]


def test_text_export_numbers_the_plan_across_root_causes(shipped_library):
    answers = odr_not_received()
    text = exports.to_text(assemble(answers, shipped_library))
    plan = text.split("\nPlan of action\n", 1)[1].split("\nSupporting documents\n")[0]
    numbers = [int(m) for m in re.findall(r"^(\d+)\. ", plan, re.MULTILINE)]
    assert numbers == list(range(1, 8))
    assert "Orders confirmed as shipped before the parcel left\n1. " in plan
    assert "\n\nCarrier whose tracking did not update\n5. " in plan
    assert "1. We entered tracking numbers" in text  # the seller's own root cause


def test_text_export_header_and_signature_lines(shipped_library):
    text = exports.to_text(assemble(odr_not_received(), shipped_library))
    assert text.startswith(
        "22 November 2026\n\nSubject: Appeal to reinstate selling privileges: "
        "Sunny Audio (Seller ID A2K4TQ9ZP3XW7M)\n\nDear Seller Performance team,\n\n"
    )
    assert text.endswith(
        "Sincerely,\nLi Wei\nSunny Audio\nSeller ID: A2K4TQ9ZP3XW7M\n"
        "Marketplace: amazon.com\nE-mail: li.wei@example.com\n"
    )


# --- Amazon form -------------------------------------------------------------------


def test_amazon_form_blocks_have_their_text_and_character_counts(shipped_library):
    letter = assemble(odr_not_received(), shipped_library, shape="amazon_form")
    blocks = exports.amazon_form_blocks(letter)
    assert [b.kind for b in blocks] == [
        "root_causes",
        "corrective",
        "preventive",
        "documents",
    ]
    for block in blocks:
        assert block.chars == len(block.text) > 0
        assert block.heading not in block.text
        assert "**" not in block.text and "#" not in block.text
    assert blocks[1].text.startswith("1. We stopped confirming orders")
    assert "(Completed on 5 November 2026)" in blocks[1].text
    assert blocks[2].text.splitlines()[0].startswith("1. ")
    assert len(blocks[2].text.splitlines()) == 4
    # Pasting the three blocks gives the same words as the text export.
    text = exports.to_text(letter)
    for block in blocks:
        assert f"{block.heading}\n{block.text}" in text


def test_amazon_form_chars_count_unicode_characters(shipped_library):
    answers = odr_not_received()
    answers.root_causes[0].text = "我们的库存记录有误。"
    letter = assemble(answers, shipped_library, shape="amazon_form")
    block = exports.amazon_form_blocks(letter)[0]
    assert "1. 我们的库存记录有误。" in block.text
    assert block.chars == len(block.text)


# --- thousands of orders -----------------------------------------------------------


def test_two_thousand_order_ids_all_appear_in_text_markdown_and_docx(shipped_library):
    answers = with_orders(odr_not_received(), 2000)
    letter = assemble(answers, shipped_library)
    text = exports.to_text(letter)
    md = exports.to_markdown(letter)
    document = Document(io.BytesIO(exports.to_docx(letter)))
    docx_text = "\n".join(p.text for p in document.paragraphs)
    for order in answers.orders:
        assert order.id in text
        assert order.id in md
        assert order.id in docx_text
    assert "The 2000 affected orders are: " in text


def test_html_lists_up_to_twenty_orders_inline(shipped_library):
    answers = with_orders(odr_not_received(), 20)
    html = exports.to_html(assemble(answers, shipped_library))
    assert "appendix" not in html.lower()
    assert "The 20 affected orders are: 118-" in html
    assert all(o.id in html for o in answers.orders)


def test_html_moves_more_than_twenty_orders_to_an_appendix(shipped_library):
    answers = with_orders(odr_not_received(), 21)
    answers.orders[3].note = "refunded <b>twice</b>"
    html = exports.to_html(assemble(answers, shipped_library))
    assert "The 21 affected order IDs are listed in the appendix." in html
    head, appendix = html.split('<section class="letter-appendix"', 1)
    assert "118-" not in head
    assert all(o.id in appendix for o in answers.orders)
    assert "refunded &lt;b&gt;twice&lt;/b&gt;" in appendix
    assert appendix.count("<li>") == 21


def test_html_appendix_threshold_is_a_parameter(shipped_library):
    letter = assemble(odr_not_received(), shipped_library)
    assert "appendix" in exports.to_html(letter, appendix_threshold=2)
    assert "appendix" not in exports.to_html(letter, appendix_threshold=3)


def test_amazon_form_html_folds_orders_too(shipped_library):
    answers = with_orders(promotion_error(), 300)
    letter = assemble(answers, shipped_library, shape="amazon_form")
    html = exports.to_html(letter)
    assert "The 300 affected order IDs are listed in the appendix." in html
    # The form block itself keeps every ID: it is pasted, not read on screen.
    assert all(
        o.id in exports.amazon_form_blocks(letter)[0].text for o in answers.orders
    )


# --- HTML and Markdown structure --------------------------------------------------


def test_html_fragment_structure_and_allowlist(shipped_library):
    html = exports.to_html(assemble(odr_not_received(), shipped_library))
    parsed = Tags(html)
    tags = {t for t, _ in parsed.tags}
    assert tags <= exports.HTML_TAGS
    sections = [a["data-section"] for t, a in parsed.tags if t == "section"]
    assert sections == [
        "acknowledgement",
        "apology",
        "root_causes",
        "transition",
        "plan",
        "documents",
        "closing",
        "signature",
    ]
    starts = [a["start"] for t, a in parsed.tags if t == "ol"]
    # root causes, the plan's two sub-lists, the documents ticked
    assert starts == ["1", "1", "5", "1"]
    assert '<span class="item-detail">(Completed on 5 November 2026)</span>' in html
    assert "Sincerely,<br>Li Wei<br>" in html


def test_markdown_export_renders_headings_and_lists(shipped_library):
    md = exports.to_markdown(assemble(odr_not_received(), shipped_library))
    assert "\n## Root causes\n\n1. " in md
    assert "\n### Carrier whose tracking did not update\n\n5. " in md
    assert md.startswith("22 November 2026\n\n**Subject: Appeal to reinstate")
    html = markdown.markdown(md)
    assert "<h2>Plan of action</h2>" in html
    assert "<strong>Subject: Appeal to reinstate" in html
    assert "Sincerely,<br />\nLi Wei" in html


def test_markdown_escape_round_trips_through_a_markdown_renderer():
    nasty = "1. *a* _b_ [c](http://x) ![d](e) <img src=x> # e \\ `f` &amp; &#65; -"
    html = markdown.markdown(exports.md_escape(nasty))
    parsed = Tags(html)
    assert [t for t, _ in parsed.tags] == ["p"]
    assert "".join(parsed.text) == nasty


# --- DOCX --------------------------------------------------------------------------


def num_id(paragraph):
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    return None if num_pr is None else num_pr.numId.val


def test_docx_opens_and_has_real_numbered_lists(shipped_library):
    answers = odr_not_received()
    letter = assemble(answers, shipped_library)
    document = Document(io.BytesIO(exports.to_docx(letter)))
    numbered = [p for p in document.paragraphs if num_id(p) is not None]
    plan_items = [
        i for b in letter.sections[4].blocks if isinstance(b, letters.ItemList)
        for i in b.items
    ]  # fmt: skip
    root_cause_items = letter.sections[2].blocks[0].items
    documents = letter.sections[5].blocks[1].items
    assert len(numbered) == len(root_cause_items) + len(plan_items) + 2 == 11
    assert len(documents) == 2
    assert all(p.style.name == "List Number" for p in numbered)
    for paragraph, item in zip(numbered[2:9], plan_items, strict=True):
        assert paragraph.text.startswith(letters.runs_text(item.runs))
    # Each list restarts at its own first number: 1 (root causes), 1 and 5 (plan),
    # 1 (documents).
    numbering = document.part.numbering_part.element
    starts = []
    for nid in dict.fromkeys(num_id(p) for p in numbered):
        num = numbering.num_having_numId(nid)
        starts.append(int(num.lvlOverride_lst[0].startOverride.val))
    assert starts == [1, 1, 5, 1]


def test_docx_has_letterhead_subject_headings_and_page_numbers(shipped_library):
    letter = assemble(odr_not_received(), shipped_library)
    data = exports.to_docx(letter)
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert "Sunny Audio" in section.header.paragraphs[0].text
    assert "Seller ID A2K4TQ9ZP3XW7M" in section.header.paragraphs[0].text
    assert round(section.page_width.mm) == 216  # US marketplace: US Letter
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "22 November 2026"
    assert texts[1] == f"Subject: {letter.subject}"
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert headings[:2] == ["Root causes", "Plan of action"]
    footer_xml = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml
    details = [
        r
        for p in document.paragraphs
        for r in p.runs
        if r.text.startswith(" (Completed")
    ]
    assert details and all(r.italic for r in details)


def test_docx_uses_a4_outside_north_america(shipped_library):
    answers = odr_not_received()
    answers.signature.marketplace = "DE"
    document = Document(io.BytesIO(exports.to_docx(assemble(answers, shipped_library))))
    assert round(document.sections[0].page_width.mm) == 210


def test_docx_keeps_signature_line_breaks(shipped_library):
    document = Document(
        io.BytesIO(exports.to_docx(assemble(odr_not_received(), shipped_library)))
    )
    last = document.paragraphs[-1]
    assert last._p.findall(".//" + qn("w:br"))
    assert last.text.startswith("Sincerely,\nLi Wei")


# --- hand-edited letters export like assembled ones ---------------------------


def test_hand_edited_letter_exports_in_every_format(shipped_library):
    base = assemble(odr_not_received(), shipped_library)
    edited = letters.from_plain_text(
        exports.to_text(base) + "\nP.S. We attach our invoices.\n", base=base
    )
    assert exports.to_text(edited).endswith("P.S. We attach our invoices.\n")
    assert "P.S. We attach our invoices." in exports.to_html(edited)
    assert "P.S. We attach our invoices." in exports.to_markdown(edited)
    document = Document(io.BytesIO(exports.to_docx(edited)))
    assert document.paragraphs[-1].text == "P.S. We attach our invoices."
