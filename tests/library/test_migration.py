"""A database from before the library had its own app migrates forward intact.

It is built at the last migration before the move (appeals 0002) with the historical
models: a published library version, an appeal and two rounds that pin it. After
``migrate`` the same rows are read through ``library.models`` and the letter each round
renders is the letter it rendered before, byte for byte.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from appeals.models import Round
from library import exports, letters
from library import services as library
from library.answers import Answers
from library.models import LibraryVersion
from library.readmodel import Library
from tests.appeals.conftest import odr_not_received, wrong_condition

BEFORE = [("appeals", "0002_round_outcome"), ("library", None)]
LIBRARY = json.loads(
    (Path(__file__).resolve().parents[2] / "fixtures" / "library.json").read_text(
        "utf-8"
    )
)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _letter(answers: dict, data: dict, round_number: int, appeal_id: int) -> str:
    letter = letters.assemble(
        Answers.from_dict(answers),
        Library.from_data(data),
        shape="classic",
        today=date(2026, 11, 20 + round_number),
        seed=appeal_id,
        library_version=1,
    )
    return exports.to_text(letter)


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_version_appeal_and_rounds():
    executor = _migrate(BEFORE)
    old = executor.loader.project_state([BEFORE[0]]).apps
    User = old.get_model("auth", "User")
    Workspace = old.get_model("accounts", "Workspace")
    Store = old.get_model("accounts", "Store")
    OldVersion = old.get_model("appeals", "LibraryVersion")
    Appeal = old.get_model("appeals", "Appeal")
    OldRound = old.get_model("appeals", "Round")
    OldCause = old.get_model("appeals", "SuspensionCause")

    data = library.normalize(LIBRARY)
    # auth and contenttypes are not ours: their current models are their state here.
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    old_type, _ = ContentType.objects.get_or_create(app_label="appeals", model="phrase")
    ContentType.objects.filter(app_label="library").delete()
    change_phrase, _ = Permission.objects.get_or_create(
        content_type=old_type, codename="change_phrase", defaults={"name": "x"}
    )
    curators = Group.objects.create(name="Library curators (before the move)")
    curators.permissions.add(change_phrase)
    user = User.objects.create(username="before-the-move")
    workspace = Workspace.objects.create(name="Sunny Audio Ltd", kind="seller")
    store = Store.objects.create(
        workspace=workspace,
        name="Sunny Audio",
        marketplace="US",
        seller_id="A1B2C3D4E5",
    )
    version = OldVersion.objects.create(
        number=1, data=data, checksum=library.checksum(data), published_by=user
    )
    OldCause.objects.create(slug="odr-a-to-z-claims", name="ODR", metric="odr")
    appeal = Appeal.objects.create(
        workspace=workspace, store=store, created_by=user, title="ODR appeal"
    )
    expected = {}
    for number, answers in ((1, odr_not_received()), (2, wrong_condition())):
        stored = json.loads(json.dumps(answers.to_dict(), default=str))
        OldRound.objects.create(
            appeal=appeal,
            number=number,
            library_version=version,
            answers=stored,
            submitted_on=date(2026, 11, 20 + number),
        )
        expected[number] = _letter(stored, data, number, appeal.pk)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from django.contrib.auth.models import Group as NewGroup
    from django.contrib.contenttypes.models import ContentType as NewContentType

    assert not NewContentType.objects.filter(
        app_label="appeals", model="phrase"
    ).exists()
    kept = NewGroup.objects.get(name="Library curators (before the move)")
    assert [(p.content_type.app_label, p.codename) for p in kept.permissions.all()] == [
        ("library", "change_phrase")
    ]

    moved = LibraryVersion.objects.get()
    assert (moved.number, moved.checksum, moved.data) == (1, version.checksum, data)
    assert moved.published_by_id == user.pk
    from library.models import SuspensionCause

    assert SuspensionCause.objects.get().slug == "odr-a-to-z-claims"
    rounds = Round.objects.filter(appeal_id=appeal.pk).order_by("number")
    assert [r.library_version_id for r in rounds] == [moved.pk, moved.pk]
    from appeals.selectors import letter_for

    for r in rounds:
        assert exports.to_text(letter_for(round=r)) == expected[r.number]


@pytest.mark.django_db(transaction=True)
def test_free_text_evidence_lines_become_catalogue_documents_of_their_cause():
    before = [("library", "0004_slots")]
    executor = _migrate(before)
    old = executor.loader.project_state(before).apps
    Cause = old.get_model("library", "SuspensionCause")
    first = Cause.objects.create(
        slug="a", name="A", evidence_checklist="Supplier invoices\n\nTracking proof\n"
    )
    Cause.objects.create(slug="b", name="B", evidence_checklist="Supplier invoices")
    executor = _migrate([("library", "0005_policy_routes_documents_glosses")])
    new = executor.loader.project_state(
        [("library", "0005_policy_routes_documents_glosses")]
    ).apps
    Document = new.get_model("library", "Document")
    CauseDocument = new.get_model("library", "CauseDocument")
    assert sorted(Document.objects.values_list("name", flat=True)) == [
        "Supplier invoices",
        "Tracking proof",
    ]
    links = CauseDocument.objects.order_by("cause_id", "position")
    assert [(link.cause_id, link.document.name) for link in links] == [
        (first.pk, "Supplier invoices"),
        (first.pk, "Tracking proof"),
        (first.pk + 1, "Supplier invoices"),
    ]
    _migrate(executor.loader.graph.leaf_nodes())
