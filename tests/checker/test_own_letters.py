"""The letters Reinstate writes pass its own checker: no blocker on any of them."""

import json
from datetime import date
from pathlib import Path

import pytest

from library import checker, exports, letters
from library.answers import Answers
from library.readmodel import Library
from tests.appeals.conftest import load_library

GOLDENS = Path(__file__).resolve().parents[1] / "goldens" / "cases"
CASES = sorted(p.stem for p in GOLDENS.glob("*.json"))
SHAPES = {"classic": "classic", "amazon_form": "form"}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("case", CASES)
def test_situations_and_samples_raise_no_blocker(case, shape):
    library = Library.from_data(load_library())
    answers = Answers.from_dict(json.loads((GOLDENS / f"{case}.json").read_text()))
    letter = letters.assemble(
        answers, library, shape=shape, today=date(2026, 11, 22), seed=7
    )
    text = exports.to_text(letter)
    metric_causes = {c.slug for c in library.causes if c.metric != "none"}
    found = checker.check(
        text, shape=SHAPES[shape], answers=answers, metric_causes=metric_causes
    )
    blockers = [
        (f.category, text[f.start : f.end][:80])
        for f in found
        if f.severity == "blocker"
    ]
    assert blockers == []
