"""Library Markdown into runs, and seller text kept plain.

Two kinds of text meet in a letter and are kept apart on purpose:

* **Library text** (phrases, explanations, action texts) is curated Markdown with
  ``{placeholders}``. It is rendered and sanitised *with the placeholders still in it*,
  turned into runs, and only then are the placeholders filled inside each run's text.
  A value that comes from the seller (store name, seller ID, ...) therefore never
  reaches the Markdown parser or an HTML sanitiser as markup.
* **Seller text** (any ``Answers`` field: edited root causes and actions, timeframes,
  order notes, the signature) is never Markdown-parsed and never substituted: it becomes
  plain runs. Each exporter escapes runs for its own format.
"""

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from html.parser import HTMLParser

import markdown
import nh3

from library import placeholders

from .document import Item, ItemList, Paragraph, Run

# How a gap reads in a letter: a placeholder without a value, a heading or subject whose
# value is missing, a root cause or action the library no longer has. Not "[store name]":
# square brackets, braces, angle brackets, guillemets (Word shows mail-merge fields as
# "«Field»"), XXX and underscores are how templates mark a slot, and an appeal that looks
# like a half-filled template is exactly what a reviewer at Amazon discounts. "(MISSING:
# store name)" reads as a plain note that something is absent: the seller sees it on the
# review page and in every export, a reviewer who got it would see an unfinished letter
# rather than a form letter, and its fixed "(MISSING: " start is what library.checker's
# ``placeholder`` rule looks for. ASCII only: every exporter and font shows it as is, and
# no exporter escapes it (Markdown escapes brackets, not parentheses).
GAP_WORD = "MISSING"


def gap(label: str) -> str:
    """The visible marker for something the letter needs and does not have."""
    return f"({GAP_WORD}: {label})"


# The gap each placeholder prints when the answers give it no value.
MISSING_LABELS: dict[str, str] = {
    name: gap(label)
    for name, label in {
        "store_name": "store name",
        "marketplace": "marketplace",
        "seller_id": "seller ID",
        "metric_name": "metric name",
        "metric_value": "metric value",
        "metric_target": "metric target",
        "period": "period",
        "defect_count": "number of defects",
        "order_count": "number of orders",
        "order_ids": "order IDs",
        "notice_date": "date of Amazon's notice",
        "today": "today's date",
    }.items()
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def clean_text(text: str | None) -> str:
    """Seller text as one line: control characters dropped, whitespace collapsed.

    Control characters are invalid in DOCX/XML and invisible in a letter; newlines in a
    list item would break the paste-ready numbering, so they become spaces.
    """
    return _SPACE.sub(" ", _CONTROL.sub("", text or "")).strip()


def clean_lines(text: str | None) -> str:
    """Seller text keeping its line breaks (signature blocks, hand-edited letters)."""
    text = _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    lines = [re.sub(r"[^\S\n]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def plain_runs(text: str) -> tuple[Run, ...]:
    return (Run(text),) if text else ()


def runs_text(runs: Sequence[Run]) -> str:
    return "".join(r.text for r in runs)


def _merge(runs: Sequence[Run]) -> tuple[Run, ...]:
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and (merged[-1].strong, merged[-1].em) == (run.strong, run.em):
            merged[-1] = replace(merged[-1], text=merged[-1].text + run.text)
        else:
            merged.append(run)
    return tuple(merged)


# --- library Markdown -> runs ------------------------------------------------------

ALLOWED_TAGS = {"p", "strong", "em", "ul", "ol", "li", "br"}


class _BlockParser(HTMLParser):
    """Turns the sanitised HTML of one library string into Paragraph/ItemList blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.runs: list[Run] = []
        self.items: list[tuple[Run, ...]] | None = None
        self.list_depth = 0
        self.strong = 0
        self.em = 0

    def handle_starttag(self, tag, attrs):
        if tag == "strong":
            self.strong += 1
        elif tag == "em":
            self.em += 1
        elif tag == "br":
            self.runs.append(Run(" ", bool(self.strong), bool(self.em)))
        elif tag in ("ul", "ol"):
            if self.list_depth == 0:
                self._flush_paragraph()
                self.items = []
            else:
                self._flush_item()
            self.list_depth += 1
        elif tag == "li" and self.list_depth == 1:
            self._flush_item()
        elif tag == "p" and self.list_depth == 0:
            self._flush_paragraph()

    def handle_endtag(self, tag):
        if tag == "strong":
            self.strong = max(0, self.strong - 1)
        elif tag == "em":
            self.em = max(0, self.em - 1)
        elif tag in ("ul", "ol"):
            self.list_depth = max(0, self.list_depth - 1)
            if self.list_depth == 0:
                self._flush_item()
                items = tuple(
                    Item(number=n, runs=runs)
                    for n, runs in enumerate(self.items or [], start=1)
                )
                if items:
                    self.blocks.append(ItemList(items=items))
                self.items = None
        elif tag == "li" and self.list_depth == 1:
            self._flush_item()
        elif tag == "p" and self.list_depth == 0:
            self._flush_paragraph()

    def handle_data(self, data):
        self.runs.append(Run(data, bool(self.strong), bool(self.em)))

    def _collected(self) -> tuple[Run, ...]:
        runs = [replace(r, text=_SPACE.sub(" ", r.text)) for r in self.runs]
        self.runs = []
        merged = list(_merge(runs))
        if merged:
            merged[0] = replace(merged[0], text=merged[0].text.lstrip())
            merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
        return _merge(merged)

    def _flush_paragraph(self):
        runs = self._collected()
        if runs:
            self.blocks.append(Paragraph(runs))

    def _flush_item(self):
        runs = self._collected()
        if runs and self.items is not None:
            self.items.append(runs)

    def close(self):
        super().close()
        if self.list_depth:
            self.list_depth = 1
            self.handle_endtag("ul")
        self._flush_paragraph()


@functools.lru_cache(maxsize=1024)
def safe_html(markdown_text: str) -> str:
    """Library Markdown shown on a page (a cause's guidance): rendered, then sanitised
    to paragraphs, emphasis and lists, so it is safe to mark as such. Cached: the
    situation step shows every cause's guidance, and library text is frozen per
    version."""
    html = markdown.markdown(markdown_text or "")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None)


@functools.lru_cache(maxsize=4096)
def library_blocks(markdown_text: str) -> tuple:
    """Library Markdown rendered, sanitised and parsed, placeholders still unfilled.

    Cached: the same few hundred library strings render over and over. The result is
    made of frozen dataclasses, so sharing it between letters is safe.
    """
    parser = _BlockParser()
    parser.feed(safe_html(markdown_text))
    parser.close()
    return tuple(parser.blocks)


def _complete(
    values: dict[str, str], gaps: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Every documented placeholder with its value, or its visible gap marker; and every
    fact slot of ``gaps`` (name -> the label its gap shows) with its value or gap."""
    full = {
        name: values[name]
        if values.get(name)
        else MISSING_LABELS.get(name) or gap(name.replace("_", " "))
        for name in placeholders.NAMES
    }
    for name, label in (gaps or {}).items():
        full[name] = values.get(name) or gap(label)
    return full


def _fill_runs(runs: Sequence[Run], values: dict[str, str]) -> tuple[Run, ...]:
    return _merge(
        replace(r, text=placeholders.substitute(r.text, values)) for r in runs
    )


def _fill_blocks(blocks: Sequence, values: dict[str, str]) -> tuple:
    filled = []
    for block in blocks:
        if isinstance(block, ItemList):
            filled.append(
                replace(
                    block,
                    items=tuple(
                        replace(i, runs=_fill_runs(i.runs, values)) for i in block.items
                    ),
                )
            )
        else:
            filled.append(replace(block, runs=_fill_runs(block.runs, values)))
    return tuple(filled)


def library_runs(
    markdown_text: str, values: dict[str, str], gaps: Mapping[str, str] | None = None
) -> tuple[Run, ...]:
    """Library Markdown as one line of runs (for list items), placeholders and fact
    slots filled (``gaps``: each slot's gap label)."""
    runs: list[Run] = []
    for block in _fill_blocks(library_blocks(markdown_text), _complete(values, gaps)):
        parts = (
            [i.runs for i in block.items]
            if isinstance(block, ItemList)
            else [block.runs]
        )
        for part in parts:
            if runs:
                runs.append(Run(" "))
            runs.extend(part)
    return _merge(runs)


def blocks_plain_text(blocks: Sequence) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, ItemList):
            lines = [block.heading] if block.heading else []
            lines += [f"{i.number}. {runs_text(i.runs)}" for i in block.items]
            parts.append("\n".join(lines))
        else:
            parts.append(runs_text(block.runs))
    return "\n\n".join(parts)


def plain_text(
    markdown_text: str, values: dict[str, str], gaps: Mapping[str, str] | None = None
) -> str:
    """Library Markdown as plain text with its placeholders and fact slots filled.

    Missing values read as gap markers (``(MISSING: metric value)``, ``(MISSING: new
    carrier)``), exactly as in the assembled letter, so the wizard can compare a
    seller's submitted text with this to tell whether they edited it.
    """
    return blocks_plain_text(
        _fill_blocks(library_blocks(markdown_text), _complete(values, gaps))
    )
