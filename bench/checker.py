"""The letter checker on its corpus and on a long letter.

    .venv/bin/python bench/checker.py [runs]

Prints, for every category, precision and recall on tests/checker/corpus (letters and
buyer messages annotated with the categories they must raise), then the median and 90th
percentile time of checking a 15-action letter (bench/letters.py builds it) over
``runs`` runs (default 300), beside assembling that letter. Prints figures only.
"""

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import letters as bench  # noqa: E402  (sets Django up, builds the 15-action letter)

from library import checker, exports  # noqa: E402
from library import letters as letter_core  # noqa: E402
from tests.checker.corpus import samples  # noqa: E402


def corpus_table() -> None:
    found = {}
    for sample in samples():
        got = {f.category for f in checker.check(sample.text, shape=sample.shape)}
        found[sample.name] = (sample.expect, got)
    print(f"{'category':<26}{'expected':>9}{'raised':>8}{'precision':>11}{'recall':>8}")
    for category in checker.CATEGORIES:
        tp = sum(category in e and category in g for e, g in found.values())
        fp = sum(category not in e and category in g for e, g in found.values())
        fn = sum(category in e and category not in g for e, g in found.values())
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{category:<26}{tp + fn:>9}{tp + fp:>8}{precision:>10.0%}{recall:>8.0%}")
    print(f"{len(found)} samples")


def timing(runs: int) -> None:
    library = bench.shipped_library()
    answers = bench.fifteen_action_answers(library)
    letter = letter_core.assemble(answers, library, today=bench.TODAY, seed=7)
    text = exports.to_text(letter)

    def assemble():
        letter_core.assemble(answers, library, today=bench.TODAY, seed=7)

    def check():
        checker.check(text, answers=answers)

    print(f"\n15-action letter, {len(text)} characters, {runs} runs")
    print(f"{'step':<28}{'median ms':>10}{'p90 ms':>9}")
    for name, fn in (("assemble (anchor)", assemble), ("check (with answers)", check)):
        samples_ = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            samples_.append(time.perf_counter() - start)
        print(
            f"{name:<28}{statistics.median(samples_) * 1000:>10.3f}"
            f"{statistics.quantiles(samples_, n=10)[-1] * 1000:>9.3f}"
        )


if __name__ == "__main__":
    corpus_table()
    timing(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
