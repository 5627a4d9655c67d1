"""Published library versions are frozen: a letter already started never changes."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from appeals.services import appeal_create
from library import exports, letters, samples
from library import services as library
from library.answers import Answers
from library.models import Action, LibraryVersion, Phrase, RootCause
from library.selectors import library_for
from tests.factories import UserFactory, seller

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "library.json"
TODAY = datetime.date(2026, 11, 20)
SEED = 7
RENDERERS = (exports.to_text, exports.to_html, exports.to_markdown)


@pytest.fixture
def shipped_library(db):
    call_command("library_import", str(FIXTURE), "--publish", stdout=StringIO())
    return LibraryVersion.objects.get()


def rendered(round, shape="classic") -> list[bytes]:
    """The round's letter from its own frozen version, in every text export."""
    letter = letters.assemble(
        Answers.from_dict(round.answers),
        library_for(round.library_version),
        shape=shape,
        today=TODAY,
        seed=SEED,
        library_version=round.library_version.number,
    )
    return [render(letter).encode("utf-8") for render in RENDERERS]


def edit_working_copy(answers: Answers) -> None:
    """Change the closing phrases, the chosen root causes' wording and their actions."""
    for n, phrase in enumerate(Phrase.objects.filter(section="closing"), start=1):
        phrase.text = f"Edited closing {n}: {{store_name}} will keep to the standard."
        phrase.save()
    for chosen in answers.root_causes:
        cause_slug, slug = chosen.ref.split("/")
        root = RootCause.objects.get(cause__slug=cause_slug, slug=slug)
        root.explanation = "Edited explanation of this root cause."
        root.save()
        root.variants.update(explanation="Edited variant of this root cause.")
        root.actions.update(text="Edited action text.")


def test_published_version_cannot_be_changed(shipped_library):
    shipped_library.note = "rewritten"
    with pytest.raises(ValidationError):
        shipped_library.save()
    shipped_library.refresh_from_db()
    assert shipped_library.note != "rewritten"


def test_published_version_cannot_be_deleted(shipped_library):
    with pytest.raises(ValidationError):
        shipped_library.delete()
    assert LibraryVersion.objects.filter(pk=shipped_library.pk).exists()


def test_publishing_freezes_the_working_copy_with_the_next_number(shipped_library):
    Phrase.objects.filter(section="closing").update(text="Changed.")
    version = library.library_publish(note="closings")
    assert version.number == shipped_library.number + 1
    assert version.checksum == library.checksum(version.data)
    assert version.data == library.library_export()
    assert shipped_library.data == library.library_parse(FIXTURE.read_bytes())


def test_existing_letter_stays_byte_identical_after_edit_and_publish(shipped_library):
    user, _, store = seller()
    answers = samples.sample_answers(library_for(shipped_library), today=TODAY)
    appeal = appeal_create(user=user, store=store, answers=answers)
    round_ = appeal.rounds.get(number=1)
    assert round_.library_version == shipped_library
    before = {shape: rendered(round_, shape) for shape in ("classic", "amazon_form")}

    edit_working_copy(answers)
    new_version = library.library_publish(user=user, note="edited")

    round_.refresh_from_db()
    assert round_.library_version == shipped_library
    for shape, texts in before.items():
        assert rendered(round_, shape) == texts

    later = appeal_create(user=user, store=store, answers=answers)
    later_round = later.rounds.get(number=1)
    assert later_round.library_version == new_version
    new_text, *_ = rendered(later_round)
    old_text = before["classic"][0]
    assert new_text != old_text
    assert b"Edited closing" in new_text and b"Edited closing" not in old_text
    assert b"Edited action text." in new_text
    assert b"Edited action text." not in old_text
    assert b"Edited explanation of this" in new_text or b"Edited variant" in new_text


def test_working_copy_edits_without_publishing_leave_letters_alone(shipped_library):
    user, _, store = seller()
    answers = samples.sample_answers(library_for(shipped_library), today=TODAY)
    appeal = appeal_create(user=user, store=store, answers=answers)
    before = rendered(appeal.rounds.get())
    Action.objects.update(is_active=False)
    assert rendered(appeal.rounds.get()) == before


def test_bulk_update_and_delete_of_versions_are_refused(db):
    publisher = UserFactory(username="publisher")
    LibraryVersion.objects.create(
        number=99, data={"format": "x"}, checksum="c", published_by=publisher
    )
    with pytest.raises(ValidationError):
        LibraryVersion.objects.filter(number=99).update(note="changed")
    with pytest.raises(ValidationError):
        LibraryVersion.objects.all().delete()
    assert LibraryVersion.objects.get(number=99).note == ""
    publisher.delete()  # the version outlives its publisher
    assert LibraryVersion.objects.get(number=99).published_by is None
