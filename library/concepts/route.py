"""The route an appeal takes for a suspension cause, defined once.

A cause in the library carries one route. The wizard's first step shows it and what it
means before asking for anything else, and only the routes that need a plan of action
make the plan steps (and the checker's plan rules) required.
"""

from dataclasses import dataclass


def _(text: str) -> str:
    """Marks a label for makemessages; the Django layer translates it when shown."""
    return text


PLAN_OF_ACTION = "plan_of_action"
DISPUTE = "dispute"
RETRACTION = "retraction"
DOCUMENTS = "documents"
NO_APPEAL = "no_appeal"


@dataclass(frozen=True)
class Route:
    code: str
    label: str  # English, marked for translation
    meaning: str  # what the seller does, English, marked for translation
    needs_plan: bool  # whether the letter is a plan of action (root causes + actions)


ROUTES: dict[str, Route] = {
    r.code: r
    for r in (
        Route(
            PLAN_OF_ACTION,
            _("Plan of action"),
            _(
                "Amazon wants a plan of action: the root causes, what you have already "
                "done about each, and what you now do so it does not happen again."
            ),
            True,
        ),
        Route(
            DISPUTE,
            _("Dispute the decision"),
            _(
                "If Amazon's decision is wrong, you dispute it: explain briefly why, and "
                "attach the documents that show it. Write a plan only for what was "
                "really your fault."
            ),
            True,
        ),
        Route(
            RETRACTION,
            _("Ask the complainant for a retraction first"),
            _(
                "The usual way back is a retraction: ask the rights owner who complained "
                "to withdraw the complaint with Amazon themselves. If you are authorised "
                "to sell the product, a letter of authorisation can support your appeal. "
                "Write to Amazon once the retraction is sent, or if it is refused."
            ),
            False,
        ),
        Route(
            DOCUMENTS,
            _("Send the documents asked for"),
            _(
                "Amazon asked for documents, not a plan: send exactly the documents "
                "listed, with a short cover note. Tick each one on the documents step."
            ),
            False,
        ),
        Route(
            NO_APPEAL,
            _("No appeal needed"),
            _(
                "Nothing needs to be sent: correct the listing as the guidance says and "
                "it becomes active again. Write an appeal only if Amazon asks for one."
            ),
            False,
        ),
    )
}
DEFAULT = PLAN_OF_ACTION


def get(code: str) -> Route:
    """The route of ``code``; an unknown code (an old library) is a plan of action."""
    return ROUTES.get(code) or ROUTES[DEFAULT]


def needs_plan(codes) -> bool:
    """Whether an appeal for causes with these routes is a plan of action. No cause
    chosen yet: it is (the default)."""
    codes = list(codes)
    return not codes or any(get(c).needs_plan for c in codes)
