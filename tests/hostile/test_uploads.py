"""Hostile uploads: NUL bytes, a huge header line, deeply nested JSON. Each gets a
message on the page and nothing is stored; none is a server error."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from metrics.models import PendingImport
from tests.factories import curator, seller

pytestmark = [pytest.mark.hostile, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
REPORT = (ROOT / "fixtures" / "reports" / "all_orders_utf8.txt").read_bytes()
DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.fixture
def store(client):
    user, _workspace, store = seller("hostileseller")
    client.force_login(user)
    return store


def post_report(client, store, content: bytes, name="report.txt"):
    return client.post(
        reverse("metrics:upload", args=[store.pk]),
        {"file": SimpleUploadedFile(name, content), "contact_days": 30},
    )


def refused(response, words: str) -> None:
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert words in page, page[:3000]
    assert not PendingImport.objects.exists()


def test_a_nul_byte_in_a_report_line_is_refused_with_a_message(client, store):
    lines = REPORT.split(b"\n")
    lines[3] = lines[3].replace(b"\t", b"\t\x00", 1)
    assert b"\x00" in lines[3]
    response = post_report(client, store, b"\n".join(lines))
    refused(response, "line 4 holds a NUL character")


def test_a_nul_byte_in_the_header_is_refused_with_a_message(client, store):
    response = post_report(client, store, b"\x00" + REPORT)
    refused(response, "line 1 holds a NUL character")


def test_a_utf16_report_still_imports_although_its_bytes_hold_nuls(client, store):
    content = (ROOT / "fixtures" / "reports" / "all_orders_utf16.txt").read_bytes()
    assert b"\x00" in content
    response = post_report(client, store, content)
    assert response.status_code == 302


def test_a_140000_character_header_line_is_refused_with_a_message(client, store):
    header = b"amazon-order-id," + b"x" * 140_000 + b"\n"
    response = post_report(client, store, header + b"1,2\n")
    refused(response, "cannot be split into columns near line 1")


def test_a_140000_character_field_in_a_row_is_refused_with_a_message(client, store):
    head, _, rest = REPORT.partition(b"\n")
    row = b'112-1000007-2000013\t"' + b"y" * 140_000 + b'"\n'
    response = post_report(client, store, head + b"\n" + row + rest)
    refused(response, "cannot be split into columns near line 2")


def test_a_deeply_nested_json_report_is_refused_with_a_message(client, store):
    response = post_report(client, store, b'{"a":' + DEEP + b"}", name="health.json")
    refused(response, "nested too deeply")


def test_a_nul_in_a_json_report_is_refused_with_a_message(client, store):
    content = (ROOT / "fixtures" / "reports" / "account_health.json").read_bytes()
    content = content.replace(b'"', b'"\\u0000', 1)
    response = post_report(client, store, content, name="health.json")
    refused(response, "NUL character")


def test_a_claims_file_with_a_nul_is_refused_with_a_message(client, store):
    response = client.post(
        reverse("metrics:claims", args=[store.pk]),
        {
            "kind": "claims",
            "text": "",
            "file": SimpleUploadedFile("c.txt", b"112-1000007-2000013,\x002026-11-01"),
        },
    )
    refused(response, "NUL character")


def test_pasted_claims_with_a_nul_are_refused_and_kept(client, store):
    text = "112-1000007-2000013 2026-11-01\x00"
    response = client.post(
        reverse("metrics:claims", args=[store.pk]), {"kind": "claims", "text": text}
    )
    refused(response, "Null characters are not allowed")


@pytest.fixture
def curator_client(client):
    call_command(
        "library_import", str(ROOT / "fixtures" / "library.json"), stdout=StringIO()
    )
    client.force_login(curator())
    return client


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"causes": ' + DEEP + b"}", id="past-the-parser"),
        pytest.param(b'{"causes": ' + b"[" * 900 + b"]" * 900 + b"}", id="parsable"),
    ],
)
def test_a_deeply_nested_library_file_is_refused_with_a_message(
    curator_client, content
):
    response = curator_client.post(
        reverse("admin:library_import"),
        {"file": SimpleUploadedFile("library.json", content)},
    )
    assert response.status_code == 200
    assert "nested too deeply" in response.content.decode()


def test_a_nul_in_a_library_file_is_refused_with_a_message(curator_client):
    data = json.loads((ROOT / "fixtures" / "library.json").read_text())
    data["causes"][0]["name"] += "\x00"
    response = curator_client.post(
        reverse("admin:library_import"),
        {"file": SimpleUploadedFile("library.json", json.dumps(data).encode())},
    )
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()
