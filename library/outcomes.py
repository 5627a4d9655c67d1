"""What the appeals that used a library item ended with, and how the wizard orders its
suggestions by it. Pure.

An item's record is (reinstated, rejected): the appeals that used it and ended so. A
cause's suggestions are ordered by their record once the cause has at least
``MIN_DECIDED`` decided appeals (fewer says little and would reorder on noise); the
score is the share reinstated with one success and one failure added (Laplace), so an
item used once and reinstated does not outrank one reinstated 9 times in 10. Ties and
items without a record keep the library's order.
"""

from collections import Counter
from collections.abc import Iterable

from library.answers import Answers

REINSTATED, REJECTED = "reinstated", "rejected"
MIN_DECIDED = 5

Record = tuple[int, int]  # (reinstated, rejected)


def items_used(answers: Answers) -> set[tuple[str, str]]:
    """(kind, ref) of every library item a decided appeal's answers used."""
    used = {("cause", slug) for slug in answers.causes}
    for rc in answers.root_causes:
        if rc.ref:
            used.add(("root_cause", rc.ref))
        used |= {("action", a.ref) for a in rc.actions if a.ref}
    used |= {("phrase", key) for key in answers.phrases.values() if key}
    return used


def tally(decided: Iterable[tuple[Answers, str, int]]) -> dict:
    """(kind, ref, version id or None) -> Record, from (answers, outcome, version id)
    of each decided appeal: per library version and across versions (None)."""
    counts: Counter = Counter()
    for answers, outcome, version in decided:
        column = 0 if outcome == REINSTATED else 1
        for kind, ref in items_used(answers):
            for scope in (version, None):
                counts[(kind, ref, scope, column)] += 1
    out: dict = {}
    for (kind, ref, scope, column), n in counts.items():
        record = list(out.get((kind, ref, scope), (0, 0)))
        record[column] = n
        out[(kind, ref, scope)] = tuple(record)
    return out


def score(record: Record) -> float:
    reinstated, rejected = record
    return (reinstated + 1) / (reinstated + rejected + 2)


def ordered(items: list, refs: list[str], record: dict[str, Record], decided: int):
    """``items`` (whose refs are ``refs``) best record first, once ``decided`` (the
    cause's decided appeals) reaches MIN_DECIDED; otherwise as they are."""
    if decided < MIN_DECIDED:
        return list(items)
    ranked = sorted(
        range(len(items)),
        key=lambda i: (-score(record.get(refs[i], (0, 0))), i),
    )
    return [items[i] for i in ranked]
