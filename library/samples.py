"""A sample seller's answers, for previewing library text in admin. Pure: no Django.

The sample is a small US audio store whose Order Defect Rate went above 1% after two
A-to-z claims. Curators preview a phrase, a root cause or a whole letter shape with it, so
a preview reads like a real letter: a store name, a metric figure, a few order IDs, two
root causes with their actions. Root causes and actions are picked from the library data
being previewed (by ``ref``, wording left to the library), so a preview always shows the
library's own text.
"""

from datetime import date, timedelta
from decimal import Decimal

from appeals.answers import (
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
    Signature,
)

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


def sample_cause(library: dict, slug: str | None = None) -> dict | None:
    """The cause to preview with: ``slug`` if it exists, else the ODR sample cause."""
    causes = library.get("causes", [])
    for wanted in (slug, DEFAULT_CAUSE):
        for c in causes:
            if c["slug"] == wanted:
                return c
    active = [c for c in causes if c["is_active"]]
    return next((c for c in active if c["metric"] == "odr"), None) or next(
        iter(active or causes), None
    )


def sample_answers(
    library: dict,
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
        signature=Signature(**vars(SIGNATURE)),
    )
    if chosen is None:
        return answers
    answers.causes = [chosen["slug"]]
    if chosen["metric"] in FIGURES:
        value, days, defects, orders = FIGURES[chosen["metric"]]
        answers.metrics = [
            MetricFigure(
                metric=chosen["metric"],
                value=value,
                period_days=days,
                defects=defects,
                orders=orders,
            )
        ]
    if root_cause is not None:
        roots = [rc for rc in chosen["root_causes"] if rc["slug"] == root_cause]
        active_only = False
    else:
        roots = [rc for rc in chosen["root_causes"] if rc["is_active"]][:2]
        active_only = True
    for rc in roots:
        ref = f"{chosen['slug']}/{rc['slug']}"
        answers.root_causes.append(
            ChosenRootCause(
                ref=ref,
                title=rc["title"],
                actions=[
                    # No date or timeframe of the seller's own: the preview shows
                    # the library's timeframe, which is what the curator edits.
                    ChosenAction(kind=a["kind"], ref=f"{ref}/{a['slug']}")
                    for a in rc["actions"]
                    if a["is_active"] or not active_only
                ],
            )
        )
    return answers
