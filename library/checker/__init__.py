"""The letter checker: a letter's text (and, when known, the answers behind it) in,
findings out. Pure: no Django, nothing of ours outside the pure layer.

``check(text, shape=...)`` reads the text into sections and items
(``checker.document``) and runs every rule of ``checker.rules`` that applies to it. With
the structured answers, the plan rules are exact (this root cause has no preventive
measure) and replace their text counterparts; without them they work from the text.
Curators' settings (a rule switched off, another severity) come in as ``settings``; a
rejection reply's focus raises the severity of the categories it asks more of.
Messages are English, marked for translation; the Django layer shows them translated.
"""

from dataclasses import dataclass

from library.answers import Answers

from . import document
from .rules import BLOCKER, CATEGORIES, RULES, SEVERITIES, TIP, WARNING, Context, Rule

__all__ = [
    "BLOCKER",
    "CATEGORIES",
    "FOCUS_CATEGORIES",
    "RULES",
    "SEVERITIES",
    "TIP",
    "WARNING",
    "Finding",
    "RuleSetting",
    "check",
]

#: the categories a rejection reply that asks about a letter part raises one severity
FOCUS_CATEGORIES: dict[str, frozenset[str]] = {
    "root_causes": frozenset({"blame", "missing_metric", "missing_orders"}),
    "corrective": frozenset(
        {"missing_corrective", "corrective_not_done", "missing_orders"}
    ),
    "preventive": frozenset(
        {"missing_preventive", "preventive_no_timeframe", "perfection_promise"}
    ),
}
SHAPES = ("classic", "form", "message")
#: a rule reports at most this many places: enough to fix, and a hostile paste of
#: thousands of "[x]" stays cheap to show
MAX_PER_RULE = 50


@dataclass(frozen=True)
class RuleSetting:
    enabled: bool = True
    severity: str = ""  # empty: the rule's own


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: str
    message: str  # English; translate with gettext where shown
    start: int
    end: int
    excerpt: str = ""  # the text it is about (a root cause's title for plan rules)
    part: str = ""  # the part of the appeal that fixes it (appeals.steps: its step)
    item: str = ""
    raised: bool = False  # severity raised by a rejection reply

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
        }


def _raise(severity: str) -> str:
    return {TIP: WARNING, WARNING: BLOCKER}.get(severity, severity)


def _applies(rule: Rule, shape: str, answers: Answers | None, exact: set) -> bool:
    """Whether ``rule`` runs; ``exact`` holds the categories an enabled answers rule
    covers, to which a text rule of the same category gives way."""
    if (rule.applies_to == "message") != (shape == "message"):
        return False
    if rule.with_answers:
        return answers is not None
    return answers is None or rule.category not in exact


def check(
    text: str,
    *,
    shape: str = "classic",
    answers: Answers | None = None,
    metric_causes: frozenset[str] | set[str] = frozenset(),
    settings: dict[str, RuleSetting] | None = None,
    focus: list[str] | tuple[str, ...] = (),
    plan_required: bool = True,
) -> list[Finding]:
    """The findings on ``text``, blockers first, then in the order of the text."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}")
    settings = settings or {}
    raised = frozenset().union(*(FOCUS_CATEGORIES.get(f, ()) for f in focus))
    doc = document.read(text or "", "message" if shape == "message" else shape)
    ctx = Context(
        answers=answers,
        metric_causes=frozenset(metric_causes),
        plan_required=plan_required,
    )
    exact = {
        r.category
        for r in RULES
        if r.with_answers and settings.get(r.id, RuleSetting()).enabled
    }
    findings = []
    for rule in RULES:
        setting = settings.get(rule.id, RuleSetting())
        if not setting.enabled or not _applies(rule, shape, answers, exact):
            continue
        severity = setting.severity or rule.severity
        up = rule.category in raised
        for hit in rule.find(doc, ctx)[:MAX_PER_RULE]:
            findings.append(
                Finding(
                    rule=rule.id,
                    category=rule.category,
                    severity=_raise(severity) if up else severity,
                    message=rule.message,
                    start=hit.span.start,
                    end=hit.span.end,
                    excerpt=hit.span.text[:120] if hit.quote else "",
                    part=hit.part,
                    item=hit.item,
                    raised=up,
                )
            )
    order = {s: n for n, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (order[f.severity], f.start, f.rule))
