"""The restricted placeholder language of library text. Pure: no Django, no templates.

Library phrases may contain ``{name}`` for the names below (placeholders, which the
appeal's answers fill) and, in the text of a root cause, an action or a phrase, for the
library's own **fact slots** (facts the seller types beside a ticked suggestion: a
carrier, a date, a measure; declared in the library file's ``slots``). Nothing else.
Substitution
is one pass of a regular expression over *library* text only: a value inserted for a
placeholder (which may come from the seller) is never scanned again, and seller text is
never passed through here at all.
"""

import re

#: name -> what it stands for (shown to curators in admin and in docs/placeholders.md)
NAMES = {
    "store_name": "The store's name on Amazon",
    "marketplace": "The marketplace, e.g. amazon.com",
    "seller_id": "The merchant token (seller ID)",
    "metric_name": "The metric the suspension concerns, e.g. Order Defect Rate",
    "metric_value": "The metric's figure with its unit, e.g. 1.59%",
    "metric_target": "Amazon's target for that metric, e.g. under 1%",
    "period": "The metric's window, e.g. the last 60 days",
    "defect_count": "How many orders counted against the metric",
    "order_count": "How many orders were affected (the pasted order IDs)",
    "order_ids": "The affected order IDs, comma-separated",
    "notice_date": "The date of Amazon's notice",
    "today": "The date the letter is written",
}

PATTERN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: what a fact slot's name may be (and what the library schema enforces)
SLOT_NAME = re.compile(r"^[a-z][a-z0-9_]*\Z")
# Markdown inline links/images, reference definitions, autolinks and raw HTML anchors/images.
LINK_PATTERN = re.compile(
    r"!?\[[^\]]*\]\s*[\(\[]|^\s*\[[^\]]+\]:\s*\S|<\s*(a|img)\b|<https?:|<mailto:",
    re.IGNORECASE | re.MULTILINE,
)


def names_in(text: str) -> list[str]:
    return PATTERN.findall(text or "")


def unknown_in(text: str, slots: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Names in ``text`` that are neither documented placeholders nor one of ``slots``,
    in order, once each."""
    seen = []
    for name in names_in(text):
        if name not in NAMES and name not in slots and name not in seen:
            seen.append(name)
    return seen


def slots_in(text: str, slots: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The fact slots ``text`` names, in order of first use, once each."""
    seen: list[str] = []
    for name in names_in(text):
        if name in slots and name not in NAMES and name not in seen:
            seen.append(name)
    return tuple(seen)


def has_link_or_image(text: str) -> bool:
    return bool(LINK_PATTERN.search(text or ""))


def substitute(text: str, values: dict[str, str]) -> str:
    """Fill the names ``values`` gives (placeholders and fact slots) in one pass; a name
    without a value is left as written."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name in values and values[name] is not None:
            return str(values[name])
        return match.group(0)

    return PATTERN.sub(fill, text or "")
