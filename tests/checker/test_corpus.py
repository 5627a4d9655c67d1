"""The checker on its corpus: every sample raises exactly the categories it is
annotated with (bench/checker.py prints precision and recall per category)."""

import pytest

from library import checker

from .corpus import samples

SAMPLES = samples()


def test_the_corpus_is_big_and_covers_every_category():
    letters = [s for s in SAMPLES if s.shape != "message"]
    messages = [s for s in SAMPLES if s.shape == "message"]
    assert len(letters) >= 40 and len(messages) >= 10
    assert {s.shape for s in letters} == {"classic", "form"}
    raised = {c for s in SAMPLES for c in s.expect}
    assert raised == set(checker.CATEGORIES)
    assert sum(not s.expect for s in letters) >= 10  # strong letters too


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_each_sample_raises_exactly_its_categories(sample):
    found = {f.category for f in checker.check(sample.text, shape=sample.shape)}
    assert found == sample.expect
