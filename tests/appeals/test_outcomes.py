"""Outcomes teach the library: recorded outcomes count per library item, and the wizard
orders suggestions by that record (once a cause has enough decided appeals) and shows
the counts; curators see the same figures in admin."""

from datetime import date

import pytest

from appeals.services import appeal_create, appeal_set_outcome
from library import outcomes
from library.answers import Answers, ChosenAction, ChosenRootCause
from library.models import OutcomeCount
from library.selectors import outcome_record

from .test_views import current, post_step, step_url

CAUSE = "odr-a-to-z-claims"
WINNER = f"{CAUSE}/unreliable-carrier-tracking"
LOSER = f"{CAUSE}/holiday-closure-listings-active"
WINNING_ACTION = f"{WINNER}/switched-to-tracked-carrier"


def decided(user, store, ref: str, action: str | None, outcome: str):
    answers = Answers(
        causes=[CAUSE],
        root_causes=[
            ChosenRootCause(
                ref=ref,
                actions=[ChosenAction(kind="corrective", ref=action)] if action else [],
            )
        ],
        phrases={"closing": "closing-confident"},
    )
    appeal = appeal_create(user=user, store=store, answers=answers)
    appeal_set_outcome(
        round=current(appeal), outcome=outcome, reply_received_on=date(2026, 11, 20)
    )
    return appeal


def test_outcomes_are_counted_per_item_per_version_and_across_versions(owner):
    user, store = owner
    for _ in range(3):
        decided(user, store, WINNER, WINNING_ACTION, "reinstated")
    decided(user, store, WINNER, None, "rejected")
    decided(user, store, LOSER, None, "rejected")
    assert outcome_record(kind="root_cause")[WINNER] == (3, 1)
    assert outcome_record(kind="root_cause")[LOSER] == (0, 1)
    assert outcome_record(kind="action")[WINNING_ACTION] == (3, 0)
    assert outcome_record(kind="cause")[CAUSE] == (3, 2)
    assert outcome_record(kind="phrase")["closing-confident"] == (3, 2)
    version = current(decided(user, store, LOSER, None, "more_info")).library_version
    assert outcome_record(kind="cause", version=version)[CAUSE] == (3, 2)
    # Still in progress (more information asked): not counted.
    assert outcome_record(kind="cause")[CAUSE] == (3, 2)


def test_a_later_round_decides_the_appeal(owner):
    user, store = owner
    appeal = decided(user, store, WINNER, None, "rejected")
    round = current(appeal)
    appeal_set_outcome(
        round=round, outcome="reinstated", reply_received_on=date(2026, 11, 22)
    )
    assert outcome_record(kind="root_cause")[WINNER] == (1, 0)
    assert OutcomeCount.objects.filter(ref=WINNER, version=None).count() == 1


def suggestion_order(client, appeal) -> list[str]:
    page = client.get(step_url(appeal, "root-causes"))
    return [
        r["suggestion"].ref
        for r in page.context["form"].rows
        if r["suggestion"].cause == CAUSE
    ]


def test_the_wizard_orders_by_record_once_there_is_enough_and_shows_the_counts(
    client, owner, appeal
):
    user, store = owner
    client.force_login(user)
    post_step(client, appeal, "situation", {"causes": [CAUSE]})
    library_order = suggestion_order(client, appeal)
    assert library_order.index(LOSER) < library_order.index(WINNER)
    for _ in range(outcomes.MIN_DECIDED - 1):
        decided(user, store, WINNER, WINNING_ACTION, "reinstated")
    # Below the threshold: the library's order, but the counts show already.
    assert suggestion_order(client, appeal) == library_order
    page = client.get(step_url(appeal, "root-causes")).content.decode()
    assert f"Used in {outcomes.MIN_DECIDED - 1} reinstated and 0 rejected" in page
    decided(user, store, LOSER, None, "rejected")
    ranked = suggestion_order(client, appeal)
    assert ranked[0] == WINNER and ranked.index(LOSER) > ranked.index(WINNER)
    assert sorted(ranked) == sorted(library_order)
    # Display order only: ticking the first shown row saves that root cause.
    page = client.get(step_url(appeal, "root-causes"))
    first = page.context["form"].rows[0]
    post_step(client, appeal, "root-causes", {f"{first['prefix']}-pick": "on"})
    saved = Answers.from_dict(current(appeal).answers).root_causes
    assert [rc.ref for rc in saved] == [WINNER]
    plan = client.get(step_url(appeal, "plan")).content.decode()
    assert f"Used in {outcomes.MIN_DECIDED - 1} reinstated and 0 rejected" in plan


@pytest.mark.parametrize(
    "record,decided_count,expected",
    [
        ({"a": (0, 3), "b": (9, 1)}, 13, ["b", "a"]),
        ({"a": (0, 3), "b": (9, 1)}, 4, ["a", "b"]),  # too few: library order
        ({"a": (1, 0), "b": (9, 1)}, 11, ["b", "a"]),  # one success is little
        ({}, 20, ["a", "b"]),
    ],
)
def test_ordering_is_by_laplace_score_above_the_threshold(
    record, decided_count, expected
):
    assert outcomes.ordered(["a", "b"], ["a", "b"], record, decided_count) == expected


def test_curators_see_the_figures_in_admin(client, owner):
    from django.urls import reverse

    from library import services as library
    from tests.appeals.conftest import load_library
    from tests.factories import curator

    user, store = owner
    library.library_import(data=load_library())  # the working copy curators edit
    for _ in range(2):
        decided(user, store, WINNER, WINNING_ACTION, "reinstated")
    decided(user, store, WINNER, None, "rejected")
    client.force_login(curator())
    for name, ref in (
        ("rootcause", WINNER),
        ("action", WINNING_ACTION),
        ("suspensioncause", CAUSE),
        ("phrase", "closing-confident"),
    ):
        slug = ref.rsplit("/", 1)[-1]
        page = client.get(reverse(f"admin:library_{name}_changelist"), {"q": slug})
        assert page.status_code == 200
        rows = {
            getattr(o, "slug", None) or o.key: o for o in page.context["cl"].result_list
        }
        expected = (2, 0) if name == "action" else (2, 1)
        assert (rows[slug]._reinstated, rows[slug]._rejected) == expected, name
        assert "appeals reinstated / rejected" in page.content.decode().lower()
