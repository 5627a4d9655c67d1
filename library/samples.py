"""A sample seller's answers, for previewing library text in admin. Pure: no Django.

The sample is a small US audio store whose Order Defect Rate went above 1% after two
A-to-z claims. Curators preview a phrase, a root cause or a whole letter shape with it, so
a preview reads like a real letter: a store name, a metric figure, a few order IDs, two
root causes with their actions. Root causes and actions are picked from the library data
being previewed (by ``ref``, wording left to the library), so a preview always shows the
library's own text, with each fact slot filled with the slot's example (as a seller who
filled it would see it).
"""

from datetime import date, timedelta
from decimal import Decimal

from library.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    EvidenceItem,
    MetricFigure,
    OrderRef,
    Signature,
)

from .readmodel import Cause, Library

DEFAULT_CAUSE = "odr-a-to-z-claims"

SIGNATURE = Signature(
    name="Wei Zhang",
    store_name="Harbor Lane Audio",
    seller_id="A2HL7Q9X3K5TZ1",
    email="support@harborlaneaudio.example",
    marketplace="US",
)

ORDERS = (
    OrderRef(id="112-4839201-5839201", note="A-to-z claim: item not received"),
    OrderRef(id="113-2044817-6620193", note="A-to-z claim: item not received"),
    OrderRef(id="114-9930215-0048817", note="Confirmed as shipped before dispatch"),
)

#: metric -> (value in percent, window in days, defects, orders) for a plausible figure
FIGURES = {
    "odr": (Decimal("1.59"), 60, 2, 126),
    "cancellation_rate": (Decimal("3.10"), 7, 5, 161),
    "late_shipment_rate": (Decimal("6.20"), 30, 14, 226),
    "valid_tracking_rate": (Decimal("88.50"), 30, 23, 200),
    "on_time_delivery": (Decimal("84.00"), 14, 16, 100),
}

#: days before "today" that Amazon's notice arrived
NOTICE_DAYS_AGO = 5


def sample_cause(library: Library, slug: str | None = None) -> Cause | None:
    """The cause to preview with: ``slug`` if it exists, else the ODR sample cause."""
    for wanted in (slug, DEFAULT_CAUSE):
        found = library.cause(wanted) if wanted else None
        if found is not None:
            return found
    active = library.active_causes()
    return next((c for c in active if c.metric == "odr"), None) or next(
        iter(active or library.causes), None
    )


def sample_answers(
    library: Library,
    *,
    today: date,
    cause: str | None = None,
    root_cause: str | None = None,
    phrases: dict[str, str] | None = None,
) -> Answers:
    """The sample appeal for ``library``.

    ``cause`` picks the suspension cause (default: the ODR sample cause), with its first
    two active root causes; ``root_cause`` (a slug within that cause) previews that one
    root cause alone, with every one of its actions. ``phrases`` forces phrase keys per
    section, as a seller's own choice would.
    """
    chosen = sample_cause(library, cause)
    answers = Answers(
        notice_date=today - timedelta(days=NOTICE_DAYS_AGO),
        notice_text="Your selling privileges have been removed. To reactivate your "
        "account, send us a plan of action.",
        orders=list(ORDERS),
        phrases=dict(phrases or {}),
        phrase_slots=examples(library, {n for p in library.phrases for n in p.slots}),
        signature=Signature(**vars(SIGNATURE)),
    )
    if chosen is None:
        return answers
    answers.causes = [chosen.slug]
    if not library.needs_plan([chosen.slug]):
        # A retraction, documents or no appeal: no orders were harmed to list.
        answers.orders = []
    elif chosen.metric == "none":
        # Orders named, without the A-to-z notes of the metric sample.
        answers.orders = [OrderRef(id=o.id) for o in ORDERS]
    if chosen.metric in FIGURES:
        value, days, defects, orders = FIGURES[chosen.metric]
        answers.metrics = [MetricFigure(chosen.metric, value, days, defects, orders)]
    answers.root_causes = _sample_root_causes(library, chosen, root_cause)
    # The first two documents the cause needs and those the chosen actions' wording
    # names, ticked (the letter lists only ticked documents).
    named = [
        slug
        for rc in answers.root_causes
        for a in rc.actions
        if (action := library.action(a.ref)) is not None
        for slug in action.documents
    ]
    ticked = dict.fromkeys([*chosen.documents[:2], *named])
    answers.evidence = [EvidenceItem(slug) for slug in ticked]
    return answers


def examples(library: Library, names) -> dict[str, str]:
    """Each named fact slot filled with its example."""
    return {n: slot.example for n in names if (slot := library.slot(n)) is not None}


def _sample_root_causes(
    library: Library, cause: Cause, root_cause: str | None
) -> list[ChosenRootCause]:
    """The cause's first two active root causes, or ``root_cause`` alone with every
    one of its actions (inactive ones too: the curator is previewing them)."""
    if root_cause is not None:
        roots = [rc for rc in cause.root_causes if rc.slug == root_cause]
    else:
        roots = list(cause.active_root_causes()[:2])
    return [
        ChosenRootCause(
            ref=rc.ref,
            title=rc.title,
            actions=[
                # No date or timeframe of the seller's own: the preview shows the
                # library's timeframe, which is what the curator edits.
                ChosenAction(kind=a.kind, ref=a.ref, slots=examples(library, a.slots))
                for a in rc.actions
                if a.is_active or root_cause is not None
            ],
            slots=examples(library, rc.slots),
        )
        for rc in roots
    ]
