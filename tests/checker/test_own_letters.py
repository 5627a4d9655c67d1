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


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("case", CASES)
def test_a_letter_downloaded_from_reinstate_and_pasted_back_raises_no_blocker(
    case, shape
):
    """Checked as text alone, as "Check a letter I wrote" and check_letter do."""
    library = Library.from_data(load_library())
    answers = Answers.from_dict(json.loads((GOLDENS / f"{case}.json").read_text()))
    letter = letters.assemble(
        answers, library, shape=shape, today=date(2026, 11, 22), seed=7
    )
    text = exports.to_text(letter)
    found = checker.check(text, shape=SHAPES[shape])
    assert [(f.category, text[f.start : f.end][:80]) for f in found] == []


def test_hostile_pastes_stay_fast_and_bounded():
    for text in ("a" * 50_000, "1" * 50_000, "a." * 25_000, "[a] " * 12_500):
        for shape in ("classic", "form", "message"):
            # Linear patterns only (bench/checker.py times it); a pattern that
            # backtracks makes this test crawl rather than fail.
            found = checker.check(text, shape=shape)
            assert all(0 <= f.start <= f.end <= len(text) for f in found)
            assert (
                max([sum(f.rule == r.id for f in found) for r in checker.RULES])
                <= checker.MAX_PER_RULE
            )
