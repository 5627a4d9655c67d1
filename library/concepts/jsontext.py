"""A JSON text from outside (an uploaded file), parsed with a nesting limit and no NUL.

Python's parser recurses once per nesting level, and so do the validators and the
normalisers that read the result: a file nested some thousands of levels deep ends in
``RecursionError``. The depth is counted on the text before it is parsed, with no
recursion, so nothing recursive ever sees such a file. A NUL character (``\\u0000``)
can be stored in no PostgreSQL text or ``jsonb`` column, so it is refused here, with
the other problems, before anything reaches the database.
"""

import itertools
import json
import re

#: far deeper than any library file or Amazon report (they nest fewer than 10 levels)
MAX_DEPTH = 64

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JSONTextError(ValueError):
    """``code`` is ``invalid`` (``line``, ``column``, ``detail``), ``too_deep``
    (``limit``) or ``nul``."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(f"{code}: {params}")


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of ``text`` nest (brackets inside strings do not
    count). Linear, and never recursive."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    steps = (1 if c in "[{" else -1 for c in brackets)
    return max(itertools.accumulate(steps, initial=0))


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def loads(text: str, *, max_depth: int = MAX_DEPTH):
    """``json.loads`` for text from outside; ``JSONTextError`` says what is wrong."""
    if nesting_depth(text) > max_depth:
        raise JSONTextError("too_deep", limit=max_depth)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JSONTextError(
            "invalid", line=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
    if _has_nul(data):  # depth is bounded above, so this recursion is too
        raise JSONTextError("nul")
    return data
