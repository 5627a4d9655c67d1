"""The "Affected orders" step: what it says after saving a pasted list, and which
digits it takes, in English and 简体中文."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from appeals.services import appeal_create
from library import services as library
from library.models import LibraryVersion
from tests.appeals.test_views import current, post_step, step_url
from tests.factories import seller

LIBRARY_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"
_LIBRARY = library.normalize(json.loads(LIBRARY_FILE.read_text(encoding="utf-8")))

A = "112-4839201-5839201"
B = "113-4839202-5839202"
FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def version(db):
    return LibraryVersion.objects.create(
        number=1, data=_LIBRARY, checksum=library.checksum(_LIBRARY)
    )


@pytest.fixture
def owner(version):
    user, workspace, store = seller("owner")
    return user, store


@pytest.fixture
def appeal(owner, client):
    user, store = owner
    client.force_login(user)
    return appeal_create(user=user, store=store)


@pytest.fixture
def chinese(client):
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})


def saved_ids(appeal) -> list[str]:
    return [o["id"] for o in current(appeal).answers["orders"]]


def messages_on(response) -> list[str]:
    """The texts of the messages the page shows (Saved., the orders summary, ...)."""
    block = re.search(
        r'<div class="messages".*?>(.*?)\n</div>', response.content.decode(), re.S
    )
    if not block:
        return []
    return [
        unescape(text).strip()
        for text in re.findall(r'<div class="alert[^"]*">(.*?)</div>', block[1], re.S)
    ]


def counts_in(text: str) -> list[int]:
    """The numbers in a message, smallest first (ASCII digits only)."""
    return sorted(int(n) for n in re.findall(r"[0-9]+", text))


def order_ids(count: int) -> list[str]:
    return [f"112-{4830000 + n:07d}-{5830000 + n:07d}" for n in range(count)]


def paste_300():
    """295 order IDs, 3 of them twice, and 2 entries that are not order IDs."""
    good = order_ids(295)
    pasted = good[:100] + good[:3] + ["BAD-1"] + good[100:] + ["12-1234567-1234567"]
    return good, "order-id\n" + "\n".join(pasted)


SUMMARY_300 = "300 entries: 295 kept, 3 duplicates removed, 2 not valid."


def test_the_step_that_stays_says_what_became_of_the_entries(client, appeal):
    good, text = paste_300()
    response = post_step(client, appeal, "orders", {"order_ids": text})
    assert response.status_code == 200  # stays to list the 2 entries that are not IDs
    assert saved_ids(appeal) == good
    assert messages_on(response) == ["Saved.", SUMMARY_300]
    assert "2 entries are not Amazon order IDs" in response.content.decode()


def test_the_next_page_says_what_became_of_the_entries(client, appeal):
    good, text = paste_300()
    response = post_step(
        client, appeal, "orders", {"order_ids": text, "skip_invalid": "1"}, follow=True
    )
    assert response.redirect_chain == [(step_url(appeal, "root-causes"), 302)]
    assert messages_on(response) == ["Saved.", SUMMARY_300]
    # shown once: the page after does not repeat it
    assert messages_on(client.get(step_url(appeal, "root-causes"))) == []


def test_one_duplicate_is_singular_and_a_clean_list_moves_on(client, appeal):
    response = post_step(
        client, appeal, "orders", {"order_ids": f"{A}, {B}, {A}"}, follow=True
    )
    assert response.redirect_chain == [(step_url(appeal, "root-causes"), 302)]
    assert saved_ids(appeal) == [A, B]
    assert "3 entries: 2 kept, 1 duplicate removed, 0 not valid." in messages_on(
        response
    )


def test_a_single_entry_is_singular(client, appeal):
    response = post_step(client, appeal, "orders", {"order_ids": A}, follow=True)
    assert "1 entry: 1 kept, 0 duplicates removed, 0 not valid." in messages_on(
        response
    )


def test_an_empty_list_says_saved_only(client, appeal):
    response = post_step(client, appeal, "orders", {"order_ids": ""}, follow=True)
    assert messages_on(response) == ["Saved."]


def test_a_conflict_saves_nothing_and_says_no_summary(client, appeal):
    revision = current(appeal).revision
    post_step(client, appeal, "orders", {"order_ids": A})
    client.get(step_url(appeal, "root-causes"))  # shows (and uses up) the messages
    response = client.post(
        step_url(appeal, "orders"), {"revision": revision, "order_ids": f"{A} {A}"}
    )
    assert response.status_code == 409
    assert messages_on(response) == []


def test_full_width_ids_and_dashes_are_saved_in_ascii(client, appeal):
    typed_a = A.translate(FULL_WIDTH)
    typed_b = B.translate(FULL_WIDTH).replace("－", "–", 1).replace("－", "‑")
    response = post_step(
        client,
        appeal,
        "orders",
        {
            "order_ids": f"订单编号\n{typed_a}，{typed_b}\n{A}",
            "notes": f"{typed_a}\u3000买家取消",
        },
        follow=True,
    )
    assert response.redirect_chain == [(step_url(appeal, "root-causes"), 302)]
    assert current(appeal).answers["orders"] == [
        {"id": A, "note": "买家取消"},
        {"id": B, "note": ""},
    ]
    assert "3 entries: 2 kept, 1 duplicate removed, 0 not valid." in messages_on(
        response
    )


def test_digits_of_other_scripts_are_refused_naming_the_entry(client, appeal):
    arabic = A.translate(ARABIC_INDIC)
    devanagari = B.translate(str.maketrans("0123456789", "०१२३४५६७८९"))
    response = post_step(
        client, appeal, "orders", {"order_ids": f"{arabic}\n{devanagari}\n{A}"}
    )
    assert response.status_code == 200  # stays: the entries are listed back
    assert saved_ids(appeal) == [A]
    body = unescape(response.content.decode())
    for entry in (arabic, devanagari):
        assert (
            f"“{entry}” uses digits other than 0-9. Amazon order IDs use the digits "
            "0-9 only: retype it."
        ) in body
        assert f"<li>{entry}</li>" in body
    assert "3 entries: 1 kept, 0 duplicates removed, 2 not valid." in messages_on(
        response
    )


def test_chinese_pages_give_the_counts(client, appeal, chinese):
    good, text = paste_300()
    response = post_step(client, appeal, "orders", {"order_ids": text})
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    assert saved_ids(appeal) == good
    shown = messages_on(response)
    assert len(shown) == 2
    # The wording is the catalogue's (its translation is added to locale/ separately).
    assert counts_in(shown[1]) == [2, 3, 295, 300], shown

    moved_on = post_step(
        client, appeal, "orders", {"order_ids": text, "skip_invalid": "1"}, follow=True
    )
    assert moved_on.redirect_chain == [(step_url(appeal, "root-causes"), 302)]
    assert messages_on(moved_on)[1] == shown[1]


def test_chinese_pages_name_an_entry_with_other_digits(client, appeal, chinese):
    arabic = A.translate(ARABIC_INDIC)
    response = post_step(client, appeal, "orders", {"order_ids": f"{arabic} {B}"})
    assert response.status_code == 200
    assert saved_ids(appeal) == [B]
    body = unescape(response.content.decode())
    entry = re.escape(arabic)
    assert re.search(rf'<p class="mb-2 other-digits">[^<]*{entry}[^<]*</p>', body)
    assert counts_in(messages_on(response)[1]) == [0, 1, 1, 2]
