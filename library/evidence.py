"""Checks on the supporting documents a seller ticked, needing no file. Pure.

Each document of the catalogue may carry a maximum age (invoices 365 days, utility
bills 90) and whether its quantity must cover the units sold (invoices). The units sold
come from the store's imported order reports (metrics), passed in as a number.
"""

from dataclasses import dataclass
from datetime import date

from library.answers import Answers, EvidenceItem
from library.readmodel import Library


def _(text: str) -> str:
    """Marks a message for makemessages; the Django layer translates it when shown."""
    return text


TOO_OLD, TOO_FEW_UNITS = "too_old", "too_few_units"
MESSAGES = {
    TOO_OLD: _(
        "%(document)s is dated %(dated)s, %(age)d days ago: Amazon accepts it only "
        "from the last %(days)d days. Ask for a newer one."
    ),
    TOO_FEW_UNITS: _(
        "%(document)s covers %(quantity)d units, fewer than the %(units)d units sold in "
        "your imported order reports: Amazon expects the invoices to cover every unit "
        "sold."
    ),
}


@dataclass(frozen=True)
class EvidenceWarning:
    document: str  # its slug
    code: str  # TOO_OLD or TOO_FEW_UNITS
    params: dict  # for MESSAGES[code]; the caller translates and fills it

    @property
    def message(self) -> str:
        return MESSAGES[self.code]


def evidence_warnings(
    items: list[EvidenceItem],
    library: Library,
    *,
    today: date,
    units_sold: int | None = None,
) -> list[EvidenceWarning]:
    """A warning for each ticked document dated beyond its maximum age, and for each
    one whose quantity is below ``units_sold`` (unknown: not checked)."""
    warnings = []
    for item in items:
        doc = library.document(item.document)
        if doc is None:
            continue
        if doc.max_age_days and item.dated:
            age = (today - item.dated).days
            if age > doc.max_age_days:
                params = {
                    "document": doc.name,
                    "dated": item.dated.isoformat(),
                    "age": age,
                    "days": doc.max_age_days,
                }
                warnings.append(EvidenceWarning(doc.slug, TOO_OLD, params))
        if doc.counts_units and item.quantity is not None and units_sold:
            if item.quantity < units_sold:
                params = {
                    "document": doc.name,
                    "quantity": item.quantity,
                    "units": units_sold,
                }
                warnings.append(EvidenceWarning(doc.slug, TOO_FEW_UNITS, params))
    return warnings


def unticked_documents(answers: Answers, library: Library) -> list[tuple[str, str]]:
    """(document slug, action ref) for each library action the letter uses in the
    library's words whose text names a document the seller has not ticked: the plan
    would claim a document the letter does not list. Once each document."""
    ticked = {e.document for e in answers.evidence}
    found: dict[str, str] = {}
    for rc in answers.root_causes:
        for chosen in rc.actions:
            action = library.action(chosen.ref) if chosen.ref else None
            if action is None or chosen.text:
                continue  # the seller's own words: theirs to word
            for slug in action.documents:
                if slug not in ticked and slug not in found:
                    found[slug] = action.ref
    return list(found.items())
