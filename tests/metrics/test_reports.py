"""metrics/reports.py: real bytes in each encoding and form -> exact rows."""

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from metrics import reports

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
SCHEMA = json.loads(
    (
        Path(reports.__file__).parent
        / "schemas"
        / "accountHealthReport-2020-11-18.json"
    ).read_text("utf-8")
)


def read(name: str, **kwargs):
    with open(FIXTURES / name, "rb") as fh:
        report = reports.OrderReport(fh, **kwargs)
        rows = list(report)
    return report, rows


def report_of(text: str, encoding: str = "utf-8", **kwargs):
    report = reports.OrderReport(io.BytesIO(text.encode(encoding)), **kwargs)
    return report, list(report)


ALL_ORDERS_HEADER = (
    "amazon-order-id\tpurchase-date\torder-status\tfulfillment-channel\titem-price\n"
)


@pytest.mark.parametrize(
    "name, encoding, names",
    [
        (
            "all_orders_utf8_bom.txt",
            "utf-8",
            {"无线蓝牙耳机 降噪版", "ワイヤレスイヤホン ブラック", "Kopfhörer Größe L"},
        ),
        ("all_orders_utf8.txt", "utf-8", {"Écouteurs sans fil – édition café"}),
        (
            "all_orders_utf16.txt",
            "utf-16-le",
            {"头戴式耳机 Pro", "Écouteurs sans fil – édition café"},
        ),
        (
            "all_orders_cp1252.txt",
            "cp1252",
            {"Kopfhörer Größe L", "Cuffie “naïve” crème", "Auriculares Señal Plus"},
        ),
        (
            "all_orders_cp932.txt",
            "cp932",
            {
                "ワイヤレスイヤホン ブラック",
                "ヘッドホン 折りたたみ式",
                "ケーブル 一メートル",
            },
        ),
        ("all_orders_gb18030.txt", "gb18030", {"无线蓝牙耳机 降噪版", "充电盒 白色"}),
    ],
)
def test_each_encoding_reads_every_line_and_exact_product_names(name, encoding, names):
    report, rows = read(name)
    assert report.encoding == encoding
    assert report.kind == reports.ALL_ORDERS
    assert len(rows) == 12
    assert report.bad_lines == []
    assert names <= {r.product_name for r in rows}
    assert not any("\ufffd" in r.product_name for r in rows)
    orders = reports.summarise_orders(rows)
    assert len(orders) == 10
    assert sum(1 for o in orders.values() if o.status == "Cancelled") == 1
    assert sum(1 for o in orders.values() if o.fulfillment_channel == "Amazon") == 1


def test_legacy_encodings_are_named_for_the_seller():
    report, _ = read("all_orders_cp932.txt")
    assert "Shift_JIS" in report.encoding_label
    report, _ = read("all_orders_utf16.txt")
    assert report.encoding_label.startswith("UTF-16")


def test_line_ends_crlf_lf_and_cr_all_split_records():
    assert b"\r\n" in (FIXTURES / "all_orders_cp932.txt").read_bytes()
    gb = (FIXTURES / "all_orders_gb18030.txt").read_bytes()
    assert b"\r" in gb and b"\n" not in gb
    for name in ("all_orders_cp932.txt", "all_orders_gb18030.txt"):
        _, rows = read(name)
        assert [r.line for r in rows][:3] == [2, 3, 4]


def test_quoted_comma_file_keeps_embedded_tabs_quotes_and_new_lines():
    report, rows = read("all_orders_quoted.csv")
    assert report.delimiter == ","
    assert len(rows) == 12
    assert rows[0].product_name == 'Earbuds, "Pro" edition\twith case'
    assert rows[1].product_name == "Two-line\r\nproduct name 耳机"
    # line numbers are physical lines: the two-line name pushes later records down
    assert rows[2].line == 5


def test_ragged_lines_and_columns_in_any_order_with_unknown_ones():
    report, rows = read("all_orders_ragged.txt")
    assert len(rows) == 12
    assert report.bad_lines == []
    assert "my-notes" in report.ignored_columns
    assert rows[0].order_id == "112-1000007-2000013"
    assert rows[0].price == Decimal("25.99")
    assert rows[0].is_buyer_requested_cancellation is None


def test_missing_required_columns_are_named():
    text = "amazon-order-id\tpurchase-date\tsku\n111-1111111-1111111\t2026-11-01\tA\n"
    with pytest.raises(reports.ReportError) as exc:
        report_of(text)
    assert exc.value.code == "missing_columns"
    assert exc.value.params["columns"] == ["order-status", "fulfillment-channel"]


def test_unknown_file_is_refused_with_its_columns():
    with pytest.raises(reports.ReportError) as exc:
        report_of("name\tcity\nAna\tLima\n")
    assert exc.value.code == "unknown_report"


def test_a_decode_error_later_in_the_file_names_its_line_and_replaces_nothing():
    text = (
        ALL_ORDERS_HEADER
        + "111-0000000-1111111\t2026-11-01\tShipped\tMerchant\t1.00\tü\n"
    )
    text += "".join(
        f"111-{1000000 + i:07d}-1111111\t2026-11-01\tShipped\tMerchant\t1.00\n"
        for i in range(5000)
    )
    # far beyond the leading sample: a byte UTF-8 does not allow
    data = text.encode("utf-8") + b"111-9999999-1111111\t\xff\n"
    with pytest.raises(reports.ReportError) as exc:
        report = reports.OrderReport(io.BytesIO(data))
        list(report)
    assert exc.value.code == "decode_error"
    assert exc.value.params["line"] == 5003


def test_ten_thousand_lines_with_three_bad_import_the_rest_and_list_the_three():
    report, rows = read("bad_lines_10000.txt")
    assert report.rows_read == 10_000
    assert len(rows) == 9_997
    assert [(b.line, b.reason) for b in report.bad_lines] == [
        (2501, "bad_order_id"),
        (5002, "bad_date"),
        (9999, "bad_price"),
    ]


def test_row_limit_stops_the_import():
    with pytest.raises(reports.ReportError) as exc:
        read("bad_lines_10000.txt", max_rows=100)
    assert exc.value.code == "too_many_rows"


def test_extra_non_empty_fields_make_a_bad_line():
    text = ALL_ORDERS_HEADER + (
        "111-1111111-1111111\t2026-11-01\tShipped\tMerchant\t1.00\textra\n"
        "111-1111111-1111112\t2026-11-01\tShipped\tMerchant\t1.00\t\t\n"
    )
    report, rows = report_of(text)
    assert [r.order_id for r in rows] == ["111-1111111-1111112"]
    assert [(b.line, b.reason) for b in report.bad_lines] == [(2, "too_many_fields")]


def test_several_item_lines_are_one_order():
    _, rows = read("all_orders_utf8.txt")
    orders = reports.summarise_orders(rows)
    two_items = orders["114-1000021-2000039"]
    assert two_items.items == 3  # one line of 1 and one line of 2
    assert two_items.total_price == Decimal("35.49")
    assert two_items.min_unit_price == Decimal("4.75")
    assert two_items.skus == ["SKU-0", "SKU-CASE"]


def test_buyer_contact_is_not_read_unless_the_seller_chooses():
    report, rows = read("unshipped_orders.txt")
    assert report.kind == reports.UNSHIPPED
    assert {r.buyer_email for r in rows} == {""}
    assert "buyer-email" in report.buyer_columns
    _, kept = read("unshipped_orders.txt", keep_buyer_contact=True)
    assert kept[0].buyer_email == "buyer300@marketplace.amazon.com"


def test_unshipped_report_carries_buyer_requested_flag_and_promise_date():
    report, rows = read("unshipped_orders.txt")
    flagged = [r.order_id for r in rows if r.is_buyer_requested_cancellation]
    assert len(flagged) == 2
    assert rows[0].promise_date == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert rows[0].buyer_cancel_reason == ""


def test_seller_fulfilled_report_in_windows_1252():
    report, rows = read("seller_fulfilled_orders.txt")
    assert (report.kind, report.encoding) == (reports.SELLER_FULFILLED, "cp1252")
    assert rows[0].product_name == "Kopfhörer Größe L"
    assert rows[0].status is None


def test_feedback_manager_download_in_marketplace_date_format():
    report, rows = read("feedback.txt")
    assert report.kind == reports.FEEDBACK
    assert [(r.date, r.rating) for r in rows][:2] == [
        (date(2026, 11, 15), 1),
        (date(2026, 11, 16), 2),
    ]
    assert "rater-email" in report.buyer_columns


def test_pasted_claims_with_header_dates_and_denied_outcome():
    claims, bad = reports.parse_claims(
        "order-id, date\n"
        "112-4839201-5839201  2026-11-03\n"
        "112-4839201-5839202, 11/04/2026, denied\n"
        "not-an-order 2026-11-05\n"
        "112-4839201-5839203\n"
    )
    assert [(c.order_id, c.date, c.denied) for c in claims] == [
        ("112-4839201-5839201", date(2026, 11, 3), False),
        ("112-4839201-5839202", date(2026, 11, 4), True),
    ]
    assert [(b.line, b.reason) for b in bad] == [(4, "bad_order_id"), (5, "bad_date")]


def test_day_first_marketplaces_read_dates_day_first():
    assert reports.parse_date("03/11/2026", "DMY") == date(2026, 11, 3)
    assert reports.parse_date("03/11/2026", "MDY") == date(2026, 3, 11)
    assert reports.parse_date("2026/11/03", "DMY") == date(2026, 11, 3)


def test_account_health_example_imports_with_both_spellings():
    data = json.loads((FIXTURES / "account_health.json").read_text("utf-8"))
    assert "prefulfillmentCancelRate" in data["performanceMetrics"][0]
    figures = reports.account_health(
        data, schema=SCHEMA, marketplace_id="ATVPDKIKX0DER"
    )
    assert figures["odr"]["orders"] == 126
    assert figures["odr"]["claims"] == 2
    assert figures["cancellation_rate"]["count"] == 3
    assert figures["account_status"] == "AT_RISK"
    # the example's own deviations from its schema are warnings, not failures
    # as codes and params (the view words them), never English sentences
    assert {
        "code": "enum",
        "where": "accountStatuses/2/status",
        "params": {
            "value": "SUSPENDED",
            "allowed": ["NORMAL", "AT_RISK", "DEACTIVATED"],
        },
    } in figures["warnings"]
    assert all(set(w) == {"code", "where", "params"} for w in figures["warnings"])


def test_account_health_with_schema_spelling_imports_too():
    data = json.loads((FIXTURES / "account_health.json").read_text("utf-8"))
    block = data["performanceMetrics"][0]
    block["preFulfillmentCancellationRate"] = block.pop("prefulfillmentCancelRate")
    block["warningStates"] = block.pop("warningState")
    figures = reports.account_health(data, schema=SCHEMA, marketplace_id=None)
    assert figures["cancellation_rate"]["orders"] == 21


def test_account_health_with_a_broken_figure_we_use_is_refused():
    data = json.loads((FIXTURES / "account_health.json").read_text("utf-8"))
    data["performanceMetrics"][0]["lateShipmentRate"]["orderCount"] = "many"
    with pytest.raises(reports.ReportError) as exc:
        reports.account_health(data, schema=SCHEMA, marketplace_id=None)
    assert exc.value.code == "account_health_invalid"
    assert exc.value.params["errors"][0] == {
        "code": "type",
        "where": "performanceMetrics/0/lateShipmentRate/orderCount",
        "params": {"expected": ["integer"]},
    }


def test_account_health_for_another_marketplace_warns_with_a_code():
    data = json.loads((FIXTURES / "account_health.json").read_text("utf-8"))
    figures = reports.account_health(data, schema=SCHEMA, marketplace_id="XX")
    assert (
        reports.problem("other_marketplace", wanted="XX", shown="ATVPDKIKX0DER")
        in figures["warnings"]
    )


def test_encoding_detection_does_not_confuse_chinese_japanese_and_latin():
    samples = {
        "gb18030": "订单 无线蓝牙耳机 降噪版\t头戴式耳机\t充电盒 白色",
        "cp932": "ワイヤレスイヤホン ブラック\tヘッドホン 折りたたみ式",
        "cp1252": "Kopfhörer Größe L\tCrème brûlée\tSeñal",
    }
    for codec, text in samples.items():
        assert reports.detect_encoding(text.encode(codec)) == (codec, 0)


def test_ascii_start_then_legacy_bytes_far_into_the_file_still_detected():
    text = ALL_ORDERS_HEADER + "".join(
        f"111-{1000000 + i:07d}-1111111\t2026-11-01\tShipped\tMerchant\t1.00\n"
        for i in range(3000)
    )
    data = text.encode(
        "ascii"
    ) + "111-9999999-1111111\t2026-11-01\tShipped\tMerchant\t1,00\n".encode("cp1252")
    data += "# Größe\n".encode("cp1252")
    report = reports.OrderReport(io.BytesIO(data))
    assert report.encoding == "cp1252"


def test_bad_line_details_never_echo_text_that_could_be_buyer_data():
    safe_detail = reports.safe_detail
    assert safe_detail("bad_order_id", "111-222") == "111-222"
    assert safe_detail("bad_order_id", "Jane Doe, 7 Rosemary Lane") == ""
    assert safe_detail("bad_order_id", "jane@example.com") == ""
    assert safe_detail("bad_date", "2026-13-45T10:00:00Z") == "2026-13-45T10:00:00Z"
    assert safe_detail("bad_date", "soon") == ""
    assert safe_detail("bad_price", "1,99.9.9") == "1,99.9.9"
    assert safe_detail("bad_price", "Jane Doe") == ""
    assert safe_detail("bad_quantity", "two") == ""
    assert safe_detail("bad_flag", "maybe") == ""


def test_pasted_claims_keep_no_raw_text_in_bad_lines():
    claims, bad = reports.parse_claims(
        "Jane Doe jane@example.com\n111-2223334-4445556 soon\n"
    )
    assert claims == []
    assert [(b.reason, b.detail) for b in bad] == [
        ("bad_order_id", ""),
        ("bad_date", ""),
    ]


def test_dates_outside_2000_to_2099_are_unreadable():
    assert reports.parse_datetime("0001-01-01T00:00:00Z") is None
    assert reports.parse_datetime("9999-12-31") is None
    assert reports.parse_date("1999-12-31") is None
    assert reports.parse_date("12/31/1999") is None
    assert reports.parse_date("2000-01-01") == date(2000, 1, 1)
    assert reports.parse_datetime("2099-12-31T23:00:00Z").year == 2099
