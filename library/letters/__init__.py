"""Letters: the seller's answers and a typed library in, a ``Letter`` out. Pure.

- ``document``: the frozen document types every exporter reads;
- ``runs``: library Markdown into runs, seller text kept plain;
- ``assembly``: placeholder values, suggestions, phrase choice, ``assemble``;
- ``escalation``: the escalation letter (to the suspending team, then executive
  seller relations) from the answers and the appeal's earlier rounds;
- ``handedit``: a hand-edited letter read back into a ``Letter``.

The names below are the package's public face (``letters.assemble(...)``).
"""

from .assembly import (
    PHRASE_SECTIONS,
    SuggestedAction,
    Suggestion,
    assemble,
    choose,
    choose_phrase,
    explanation_for,
    fact_text,
    metric_label,
    metric_sentence,
    phrase_options,
    placeholder_values,
    suggestions,
    with_slots,
)
from .document import (
    MARKETPLACE_DOMAINS,
    Item,
    ItemList,
    Letter,
    OrderList,
    Paragraph,
    Run,
    Section,
)
from .escalation import HistoryEntry, assemble_escalation, history_line
from .handedit import from_plain_text
from .runs import (
    MISSING_LABELS,
    blocks_plain_text,
    clean_lines,
    clean_text,
    library_blocks,
    library_runs,
    plain_runs,
    plain_text,
    runs_text,
    safe_html,
)

__all__ = [
    "MARKETPLACE_DOMAINS",
    "MISSING_LABELS",
    "PHRASE_SECTIONS",
    "HistoryEntry",
    "Item",
    "ItemList",
    "Letter",
    "OrderList",
    "Paragraph",
    "Run",
    "Section",
    "SuggestedAction",
    "Suggestion",
    "assemble",
    "assemble_escalation",
    "blocks_plain_text",
    "choose",
    "choose_phrase",
    "clean_lines",
    "clean_text",
    "explanation_for",
    "fact_text",
    "from_plain_text",
    "history_line",
    "library_blocks",
    "library_runs",
    "metric_label",
    "metric_sentence",
    "phrase_options",
    "placeholder_values",
    "plain_runs",
    "plain_text",
    "runs_text",
    "safe_html",
    "suggestions",
    "with_slots",
]
