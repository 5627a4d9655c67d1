"""parse_order_ids: what a pasted list of order IDs becomes (pure, no database)."""

import pytest

from library.answers import ORDER_ID, ParsedOrderIds, parse_order_ids

A = "112-4839201-5839201"
B = "113-4839202-5839202"
C = "114-4839203-5839203"

FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def ids(count: int) -> list[str]:
    return [f"112-{4830000 + n:07d}-{5830000 + n:07d}" for n in range(count)]


def assert_counts_add_up(parsed: ParsedOrderIds):
    assert parsed.entries == len(parsed.ids) + parsed.duplicates + parsed.invalid_count


def test_counts_entries_kept_duplicates_and_invalid():
    good = ids(295)
    text = "\n".join(good + good[:3] + ["BAD-1", "12-1234567-1234567"])
    parsed = parse_order_ids(text)
    assert parsed.ids == good
    assert (parsed.entries, parsed.duplicates, parsed.invalid_count) == (300, 3, 2)
    assert parsed.invalid == ["BAD-1", "12-1234567-1234567"]
    assert parsed.other_digits == []
    assert_counts_add_up(parsed)


def test_a_repeated_invalid_entry_is_listed_once_and_counted_each_time():
    parsed = parse_order_ids(f"{A} oops {A} oops")
    assert parsed.ids == [A]
    assert parsed.invalid == ["oops"]
    assert (parsed.entries, parsed.duplicates, parsed.invalid_count) == (4, 1, 2)
    assert_counts_add_up(parsed)


def test_the_header_is_not_an_entry():
    parsed = parse_order_ids(f"order-id\n{A}\n{B}\n{A}")
    assert parsed.header == "order-id"
    assert (parsed.entries, len(parsed.ids), parsed.duplicates) == (3, 2, 1)


def test_nothing_pasted_is_no_entry():
    parsed = parse_order_ids("  \n\t ")
    assert (parsed.ids, parsed.invalid, parsed.entries) == ([], [], 0)
    assert parse_order_ids(None).entries == 0


def test_full_width_digits_become_ascii():
    parsed = parse_order_ids(A.translate(FULL_WIDTH_DIGITS))
    assert parsed.ids == [A]
    assert parsed.invalid == []


@pytest.mark.parametrize(
    "dash",
    ["\uff0d", "\u2010", "\u2011", "\u2013"],
    ids=["full-width hyphen-minus", "hyphen", "non-breaking hyphen", "en dash"],
)
def test_the_dashes_of_chinese_input_methods_become_hyphens(dash):
    typed = A.translate(FULL_WIDTH_DIGITS).replace("-", dash)
    assert parse_order_ids(typed).ids == [A]
    assert parse_order_ids(A.replace("-", dash)).ids == [A]


def test_a_full_width_copy_of_a_listed_id_is_a_duplicate():
    parsed = parse_order_ids(
        f"{A}\n{A.translate(FULL_WIDTH_DIGITS).replace('-', '－')}"
    )
    assert parsed.ids == [A]
    assert parsed.duplicates == 1


def test_full_width_commas_and_semicolons_separate_ids():
    parsed = parse_order_ids(f"{A}，{B}；{C}、{A}\u3000{B}")
    assert parsed.ids == [A, B, C]
    assert parsed.duplicates == 2
    assert parsed.invalid == []


@pytest.mark.parametrize(
    "zero",
    ["\u0660", "\u06f0", "\u0966", "\u09e6", "\u0e50", "\uff10\u0660"],
    ids=[
        "arabic-indic",
        "extended arabic-indic",
        "devanagari",
        "bengali",
        "thai",
        "mixed with full-width",
    ],
)
def test_digits_of_other_scripts_are_refused_and_named(zero):
    digits = "".join(chr(ord(zero[-1]) + n) for n in range(10))
    typed = A.translate(str.maketrans("0123456789", digits))
    if len(zero) > 1:  # the first group in full-width digits, the rest in the script
        typed = A[:3].translate(FULL_WIDTH_DIGITS) + typed[3:]
    assert typed.replace("-", "").isdigit() and not typed.isascii()
    parsed = parse_order_ids(f"{B}\n{typed}\n{typed}")
    assert parsed.ids == [B]
    assert parsed.invalid == [typed]
    assert parsed.other_digits == [typed]
    assert parsed.invalid_count == 2


def test_superscript_digits_are_not_order_ids_either():
    typed = "¹¹²-4839201-5839201"
    parsed = parse_order_ids(typed)
    assert parsed.ids == []
    assert parsed.other_digits == [typed]


def test_an_invalid_entry_in_ascii_is_not_an_other_digit_entry():
    parsed = parse_order_ids("12-1234567-1234567 BAD")
    assert parsed.other_digits == []
    assert parsed.invalid == ["12-1234567-1234567", "BAD"]


@pytest.mark.parametrize(
    "text", [A, f"{A}\n", "١١٢-٤٨٣٩٢٠١-٥٨٣٩٢٠١", f"{A}0", f" {A}", "112-4839201-583920"]
)
def test_order_id_pattern_is_ascii_and_whole(text):
    assert bool(ORDER_ID.match(text)) == (text == A)
