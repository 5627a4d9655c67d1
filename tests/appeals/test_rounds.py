from appeals.rounds import letter_diff, reply_focus


def test_reply_focus_finds_the_parts_amazon_asks_about():
    reply = "Please explain the root cause and the steps you will take to prevent it."
    assert reply_focus(reply) == ["root_causes", "preventive"]
    assert reply_focus("We reviewed your actions taken to resolve the issue.") == [
        "corrective"
    ]
    assert reply_focus("") == []


def test_letter_diff_marks_added_and_removed_lines():
    diff = letter_diff("a\nb\nc", "a\nB\nc\nd")
    assert diff == [
        ("same", "a"),
        ("del", "b"),
        ("add", "B"),
        ("same", "c"),
        ("add", "d"),
    ]


def test_letter_diff_of_a_very_long_order_line_is_whole_lines():
    ids = ", ".join(f"111-{n:07d}-0000000" for n in range(20000))
    diff = letter_diff(
        f"Orders: {ids}\nEnd", f"Orders: {ids}, 222-0000000-0000000\nEnd"
    )
    assert [op for op, _line in diff] == ["del", "add", "same"]
