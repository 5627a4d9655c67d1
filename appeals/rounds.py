"""Pure helpers for rounds: what Amazon's reply asks about, and what changed between letters."""

import difflib
import re

# Words in Seller Performance replies that point at one part of the letter.
FOCUS_PATTERNS = {
    "root_causes": re.compile(
        r"root cause|caused|why (the|this)|reason|explain|what led", re.IGNORECASE
    ),
    "corrective": re.compile(
        r"actions? (you )?(have )?taken|resolve|corrective|fixed|already (done|taken)|"
        r"affected (orders|buyers)",
        re.IGNORECASE,
    ),
    "preventive": re.compile(
        r"prevent|future|again|ensure|going forward|steps? (you )?(will|plan)|"
        r"preventive|preventative",
        re.IGNORECASE,
    ),
}


def reply_focus(reply: str) -> list[str]:
    """The letter parts (root_causes, corrective, preventive) a reply asks more about."""
    return [
        part for part, pattern in FOCUS_PATTERNS.items() if pattern.search(reply or "")
    ]


def letter_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Line diff of two plain-text letters as (op, line), op in {"same", "add", "del"}.

    Whole lines only (no character-level pass): a letter's order list can be one very
    long line, and ndiff's intraline matching on it takes minutes.
    """
    a, b = (before or "").splitlines(), (after or "").splitlines()
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(("same", line) for line in a[i1:i2])
        else:
            out.extend(("del", line) for line in a[i1:i2])
            out.extend(("add", line) for line in b[j1:j2])
    return out
