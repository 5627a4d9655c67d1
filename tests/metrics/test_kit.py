"""metrics/kit.py: the bulk-sending CSV is safe to open in a spreadsheet."""

import csv
import io

import pytest

from metrics.kit import csv_safe, messages_csv


@pytest.mark.parametrize(
    "value", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tindent", "\rcarriage"]
)
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(value):
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Ana García", "李娜", "112-4839201-5839201", ""])
def test_ordinary_cells_are_untouched(value):
    assert csv_safe(value) == value


def test_messages_csv_has_a_header_and_escapes_every_cell():
    text = messages_csv(
        [{"order-id": "112-4839201-5839201", "buyer-name": '=HYPERLINK("x")'}],
        ["order-id", "buyer-name"],
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["order-id", "buyer-name"],
        ["112-4839201-5839201", '\'=HYPERLINK("x")'],
    ]
