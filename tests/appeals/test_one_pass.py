"""Per request: one letter assembly; per process: one typed library per version, and
the version's half a megabyte of JSON read only to build it (issue 15, speed)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from appeals import selectors
from appeals.models import Round
from library import selectors as library_selectors
from library.readmodel import Library
from tests.appeals.conftest import SITUATIONS
from tests.appeals.test_views import step_url


@pytest.fixture
def counted(monkeypatch):
    calls = {"assemble": 0, "from_data": 0}
    assemble = selectors.letters.assemble
    from_data = Library.from_data

    def counting_assemble(*args, **kwargs):
        calls["assemble"] += 1
        return assemble(*args, **kwargs)

    def counting_from_data(data):
        calls["from_data"] += 1
        return from_data(data)

    monkeypatch.setattr(selectors.letters, "assemble", counting_assemble)
    monkeypatch.setattr(Library, "from_data", counting_from_data)
    monkeypatch.setattr(library_selectors, "_CACHE", {})
    return calls


@pytest.mark.parametrize("edited", [False, True])
@pytest.mark.parametrize("name", ["situation", "plan", "review"])
def test_a_page_assembles_the_letter_once_and_builds_the_library_once(
    client, owner, appeal, counted, name, edited
):
    answers = SITUATIONS["odr_holiday"]().to_dict()
    Round.objects.filter(appeal=appeal).update(
        answers=answers,
        edited_text="Dear Seller Performance,\n\nMy own words.\n" if edited else "",
        edited_shape="classic" if edited else "",
    )
    client.force_login(owner[0])
    for request in range(2):
        counted["assemble"] = 0
        with CaptureQueriesContext(connection) as queries:
            response = client.get(step_url(appeal, name))
        assert response.status_code == 200
        assert counted["assemble"] == 1
        assert counted["from_data"] == 1  # the first request built it, the next reused
        library_data = [q for q in queries if 'libraryversion"."data"' in q["sql"]]
        assert len(library_data) == (1 if request == 0 else 0)
    if name == "review" and edited:
        page = response.content.decode()
        assert "My own words." in page
