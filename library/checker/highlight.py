"""A checked text as HTML with the places findings are about marked. Pure.

Every piece of the text is escaped; the only markup added is ``<mark>`` with a class
naming a severity, so the result is safe to show as it is.
"""

from collections import Counter
from html import escape

from .rules import SEVERITIES


def highlighted_html(text: str, findings) -> str:
    """``text`` escaped, every stretch a finding is about marked with the most severe
    finding covering it (nested findings, e.g. a gap inside a flagged item, show).
    One sweep over the span edges, so thousands of findings stay cheap."""
    events: dict[int, list[tuple[str, int]]] = {}
    for f in findings:
        start, end = max(0, f.start), min(f.end, len(text))
        if f.excerpt and start < end:
            events.setdefault(start, []).append((f.severity, 1))
            events.setdefault(end, []).append((f.severity, -1))
    cuts = sorted({0, len(text), *events})
    open_: Counter = Counter()
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for severity, step in events.get(a, ()):
            open_[severity] += step
        piece = escape(text[a:b])
        worst = next((s for s in SEVERITIES if open_[s] > 0), None)
        if worst and piece.strip():
            out.append(f'<mark class="finding-{worst}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)
