"""One source per concept: percent rounding, metrics, shapes, steps."""

from decimal import Decimal

import pytest
from django.urls import reverse

from appeals import steps
from appeals.models import Round
from library.concepts import metric, percent, shape
from library.models import LetterShape, LibraryVersion, Metric, Shape


def test_one_in_eight_hundred_is_0_13_percent_half_up():
    assert percent.percent(1, 800) == Decimal("0.13")
    assert percent.round_percent(Decimal("0.125")) == Decimal("0.13")
    assert percent.from_fraction("0.00125") == Decimal("0.13")
    assert percent.percent(1, 0) is None
    assert percent.format_percent(Decimal("1.50")) == "1.50%"


def test_metric_targets_read_as_a_letter_states_them():
    assert metric.METRICS[metric.ODR].target_text == "under 1%"
    assert metric.METRICS[metric.CANCELLATION_RATE].target_text == "under 2.5%"
    assert metric.METRICS[metric.VALID_TRACKING_RATE].target_text == "above 95%"
    assert metric.letter_window(metric.ODR) == 60
    assert metric.letter_window(metric.LATE_SHIPMENT_RATE) is None  # 10 or 30 days
    assert metric.METRICS[metric.ODR].meets_target(Decimal("0.99"))
    assert not metric.METRICS[metric.ODR].meets_target(Decimal("1.00"))


def test_model_choices_come_from_the_concepts():
    assert [c for c, _ in Metric.choices] == [*metric.METRICS, metric.NONE]
    assert [c for c, _ in Shape.choices] == list(shape.SHAPES)
    assert Round.Shape is Shape
    assert LetterShape._meta.get_field("slug").choices == Shape.choices


def test_every_letter_part_has_the_step_that_writes_it():
    assert steps.step_for_part("root_causes").name == steps.ROOT_CAUSES
    assert steps.step_for_part("corrective").name == steps.PLAN
    assert steps.step_for_part("preventive").name == steps.PLAN
    assert steps.STEP_NAMES[-1] == steps.REVIEW


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "saved"), [("0.13", "0.13"), ("", "0.13"), ("0.12", "0.12")]
)
def test_one_defect_in_800_orders_is_checked_and_saved_as_the_same_figure(
    client, typed, saved
):
    """The form checks the seller's figure with the same rounding it saves with; a
    figure the seller typed within 0.01 of it is kept as typed."""
    from appeals.services import appeal_create
    from library import services as library
    from tests.factories import seller
    from tests.test_roundtrip import LIBRARY

    library.library_import(data=LIBRARY)
    library.library_publish(note="tests")
    user, _workspace, store = seller("eighthundred")
    appeal = appeal_create(user=user, store=store)
    client.force_login(user)
    round = appeal.rounds.get()
    response = client.post(
        reverse("appeals:step", args=[appeal.pk, steps.SITUATION]),
        {
            "revision": round.revision,
            "causes": ["odr-a-to-z-claims"],
            "metrics-TOTAL_FORMS": "2",
            "metrics-INITIAL_FORMS": "2",
            "metrics-0-metric": "odr",
            "metrics-0-value": typed,
            "metrics-0-period": "60",
            "metrics-0-defects": "1",
            "metrics-0-orders": "800",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    round.refresh_from_db()
    assert round.answers["metrics"][0]["value"] == saved


@pytest.mark.django_db
def test_a_published_version_is_built_into_a_library_once_per_process():
    from library import services as library
    from library.selectors import library_for
    from tests.test_roundtrip import LIBRARY

    library.library_import(data=LIBRARY)
    version = library.library_publish(note="cache")
    first = library_for(version)
    again = library_for(LibraryVersion.objects.get(pk=version.pk))
    assert again is first
    assert first.cause("odr-a-to-z-claims").name
