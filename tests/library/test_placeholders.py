"""library/placeholders.py: the restricted placeholder language of library text."""

import pytest

from library import placeholders


def test_names_in_finds_every_placeholder_in_order():
    text = "{store_name} on {marketplace}: {store_name}"
    assert placeholders.names_in(text) == ["store_name", "marketplace", "store_name"]


def test_unknown_names_are_listed_once_in_order_of_appearance():
    text = "{shop} sold {store_name} items; {Shop} and {shop} again, then {order_ids}."
    assert placeholders.unknown_in(text) == ["shop", "Shop"]


def test_every_documented_name_is_known():
    text = " ".join("{" + name + "}" for name in placeholders.NAMES)
    assert placeholders.unknown_in(text) == []


@pytest.mark.parametrize(
    "text", ["", None, "No placeholders at all.", "{ store_name }"]
)
def test_text_without_placeholders_has_no_unknown_names(text):
    assert placeholders.unknown_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "See [our policy](https://example.com/policy).",
        "See [our policy] (https://example.com/policy).",
        "![logo](https://example.com/logo.png)",
        "Read [the policy][1] first.",
        "Read [the policy][] first.",
        "Text.\n\n[1]: https://example.com/policy",
        "Text.\n   [policy]: /relative/path",
        '<a href="https://example.com">here</a>',
        "<A HREF='https://example.com'>here</A>",
        '< img src="x.png">',
        '<IMG SRC="x.png">',
        "<https://example.com>",
        "<mailto:someone@example.com>",
    ],
)
def test_links_and_images_are_detected_in_every_markdown_and_html_form(text):
    assert placeholders.has_link_or_image(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "We shipped order 112-4839201-5839201 within **24 hours**.",
        "Our [store name] was a placeholder gap, not a link.",
        "Ratings went from 4 < 5 to 5 > 4.",
        "We use <strong>bold</strong> sometimes.",
    ],
)
def test_plain_text_and_bracketed_words_are_not_links(text):
    assert not placeholders.has_link_or_image(text)


def test_substitute_fills_known_placeholders():
    values = {"store_name": "Harbor Lane Audio", "order_count": "3"}
    text = "{store_name} received {order_count} claims."
    assert (
        placeholders.substitute(text, values) == "Harbor Lane Audio received 3 claims."
    )


def test_substitute_is_a_single_pass_so_a_value_is_never_substituted_again():
    values = {"store_name": "Shop {seller_id}", "seller_id": "A2HL7Q9X3K5TZ1"}
    assert placeholders.substitute("{store_name}", values) == "Shop {seller_id}"


def test_substitute_leaves_unknown_names_and_missing_values_as_written():
    values = {"store_name": "Harbor Lane Audio", "seller_id": None}
    text = "{shop} {store_name} {seller_id} {order_ids}"
    assert (
        placeholders.substitute(text, values)
        == "{shop} Harbor Lane Audio {seller_id} {order_ids}"
    )


def test_substitute_fills_only_the_names_given_in_one_pass():
    # Fact slots are filled by name too; a value is never scanned again.
    values = {"new_carrier": "{store_name}", "store_name": "Harbor"}
    assert (
        placeholders.substitute("{new_carrier} / {store_name} / {shop}", values)
        == "{store_name} / Harbor / {shop}"
    )


def test_unknown_in_accepts_the_slots_it_is_given_and_slots_in_lists_them():
    text = "We moved to {new_carrier} on {notice_date}, {new_carrier} and {nope}."
    assert placeholders.unknown_in(text) == ["new_carrier", "nope"]
    assert placeholders.unknown_in(text, {"new_carrier"}) == ["nope"]
    assert placeholders.slots_in(text, {"new_carrier", "notice_date"}) == (
        "new_carrier",
    )


def test_substitute_treats_empty_text_as_empty():
    assert placeholders.substitute(None, {"store_name": "X"}) == ""
