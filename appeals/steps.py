"""The wizard's steps, defined once: name (which is also the URL slug), title, form,
tip, and the letter parts each writes. Views, rounds and the review page's
warnings take their step names from here; templates link to a step by the same slug."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from . import forms

SITUATION = "situation"
ORDERS = "orders"
ROOT_CAUSES = "root-causes"
PLAN = "plan"
DOCUMENTS = "documents"
CLOSING = "closing"
REVIEW = "review"


@dataclass(frozen=True)
class Step:
    name: str  # also its URL slug: /appeals/<pk>/step/<name>/
    title: str
    form: type | None
    tip: str
    #: the parts of the appeal this step writes (the letter parts of
    #: rounds.FOCUS_PATTERNS, and the checker's parts), so a reply or a finding about a
    #: part leads to the step that fixes it
    parts: tuple[str, ...] = ()


STEPS = [
    Step(
        SITUATION,
        gettext_lazy("Situation"),
        forms.SituationForm,
        gettext_lazy(
            "Amazon looks for the exact metric and figure it named, and the date of its notice."
        ),
        ("situation",),
    ),
    Step(
        ORDERS,
        gettext_lazy("Affected orders"),
        forms.OrdersForm,
        gettext_lazy("Amazon looks for every affected order ID: it checks each one."),
        ("orders",),
    ),
    Step(
        ROOT_CAUSES,
        gettext_lazy("Root causes"),
        forms.RootCausesForm,
        gettext_lazy(
            "Amazon looks for a few specific causes, each stated briefly, with no excuses and no blame on buyers or Amazon."
        ),
        ("root_causes",),
    ),
    Step(
        PLAN,
        gettext_lazy("Plan of action"),
        forms.PlanForm,
        gettext_lazy(
            "Amazon looks for concrete steps tied to each cause: what you already did, with dates, and what you will keep doing, with timeframes."
        ),
        ("corrective", "preventive"),
    ),
    Step(
        DOCUMENTS,
        gettext_lazy("Supporting documents"),
        forms.EvidenceForm,
        gettext_lazy(
            "Amazon looks for documents that match exactly what they must show: tick only those you have and will attach."
        ),
        ("documents",),
    ),
    Step(
        CLOSING,
        gettext_lazy("Closing and sign-off"),
        forms.ClosingForm,
        gettext_lazy(
            "Amazon looks for a firm, polite close: commit to the standard and ask what else it needs."
        ),
        ("closing",),
    ),
    Step(
        REVIEW,
        gettext_lazy("Review and export"),
        None,
        gettext_lazy(
            "Read the letter as Amazon will read it, then copy it or download it."
        ),
    ),
]
STEP_NAMES = [s.name for s in STEPS]
STEP_BY_NAME = {s.name: s for s in STEPS}
_BY_PART = {part: s for s in STEPS for part in s.parts}


def step_for_part(part: str) -> Step:
    """The step that writes a letter part (root_causes, corrective, preventive)."""
    return _BY_PART[part]
