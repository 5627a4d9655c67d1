"""Seller text is inert in every export: no markup, no links, no placeholder filling.

Whatever a seller types (HTML, Markdown links and images, template or placeholder
syntax) must come out of each exporter as the literal characters they typed.
"""

import io
from html.parser import HTMLParser

import markdown
import nh3
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from library import exports, letters
from library.answers import ChosenAction, ChosenRootCause, OrderRef

from .conftest import TODAY, as_library, load_library, odr_not_received

DANGEROUS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="http://evil.example">click</a>',
    "![x](http://127.0.0.1:9/x)",
    "[link](javascript:alert(1))",
    "<https://evil.example>",
    "[ref]: http://evil.example",
    "{seller_id}",
    "{store_name}",
    "{{ x }}",
    "{% load static %}",
    "**bold**",
    "_em_",
    "# heading",
    "1. item",
    "- bullet",
    "> quote",
    "`code`",
    "&amp;",
    "&#60;b&#62;",
    "\\",
    "---",
    "===",
    "|a|b|",
    "<!-- c -->",
    "<style>p{}</style>",
]
TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"
    ),
    max_size=12,
)
SELLER_TEXT = (
    st.lists(st.one_of(st.sampled_from(DANGEROUS), TEXT), min_size=1, max_size=5)
    .map(" ".join)
    .filter(lambda s: letters.clean_text(s) != "")
)
STRICT = {"p", "strong", "em", "ul", "ol", "li", "br", "h2", "h3"}


class Parsed(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.tags, self.chunks = [], []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self):
        return "".join(self.chunks)


def letter_with(seller: str, shape: str, library) -> letters.Letter:
    answers = odr_not_received()
    answers.root_causes.append(
        ChosenRootCause(
            ref="",
            title=seller,
            text=seller,
            actions=[
                ChosenAction(kind="corrective", text=seller, timeframe=seller),
                ChosenAction(kind="preventive", text=seller, timeframe=seller),
            ],
        )
    )
    answers.orders.append(OrderRef("119-0000000-0000001", note=seller))
    answers.signature.name = seller
    answers.signature.store_name = seller
    return letters.assemble(
        answers, as_library(library), shape=shape, today=TODAY, seed=3
    )


def assert_no_active_markup(tags, allowed=frozenset()):
    assert not ({"a", "img", "script", "style", "iframe", "link"} - allowed) & set(tags)


@settings(max_examples=60, deadline=None)
@given(seller=SELLER_TEXT)
def test_seller_text_is_inert_in_every_export(seller):
    shipped_library = load_library()
    literal = letters.clean_text(seller)
    for shape in ("classic", "amazon_form"):
        letter = letter_with(seller, shape, shipped_library)

        text = exports.to_text(letter)
        assert literal in text

        blocks = exports.amazon_form_blocks(letter)
        if shape == "amazon_form":
            assert literal in blocks[0].text
            assert literal in blocks[1].text and literal in blocks[2].text

        raw = markdown.markdown(exports.to_markdown(letter))
        assert_no_active_markup(Parsed(raw).tags)  # inert even before sanitising
        md = Parsed(nh3.clean(raw, tags=STRICT))
        assert literal in md.text

        html = Parsed(exports.to_html(letter))
        assert_no_active_markup(html.tags)
        assert literal in html.text

        document = Document(io.BytesIO(exports.to_docx(letter)))
        assert literal in "\n".join(p.text for p in document.paragraphs)
        assert literal in document.sections[0].header.paragraphs[0].text


@settings(max_examples=40, deadline=None)
@given(seller=SELLER_TEXT)
def test_seller_text_is_inert_in_the_pdf_document(seller):
    letter = letter_with(seller, "classic", load_library())
    page = Parsed(exports.pdf_html(letter, paper="A4"))
    assert_no_active_markup(page.tags, allowed={"style", "link"})
    assert page.tags.count("link") == 1  # only the bundled letter.css
    assert page.tags.count("style") == 1  # only the @page size rule
    assert letters.clean_text(seller) in page.text


def test_placeholders_in_seller_text_are_not_filled(shipped_library):
    seller = "{seller_id} {store_name} {{ seller_id }} {% now 'Y' %}"
    letter = letter_with(seller, "classic", shipped_library)
    text = exports.to_text(letter)
    assert text.count(seller) >= 5
    assert "A2K4TQ9ZP3XW7M" in text  # the real seller ID still fills library text
    md = exports.to_markdown(letter)
    assert seller in Parsed(markdown.markdown(md)).text


def test_store_name_with_markup_is_inserted_literally_into_library_text(
    shipped_library,
):
    answers = odr_not_received()
    answers.signature.store_name = "**Shop** <img src=x> {seller_id}"
    letter = letters.assemble(answers, shipped_library, today=TODAY, seed=1)
    ack = letters.blocks_plain_text(letter.sections[0].blocks)
    assert "**Shop** <img src=x> {seller_id}" in ack
    html = exports.to_html(letter)
    assert "&lt;img src=x&gt;" in html and "<img" not in html
    assert all(not r.strong for b in letter.sections[0].blocks for r in b.runs)
