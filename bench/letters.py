"""How long letter assembly and the text exports take, on a 15-action letter.

    .venv/bin/python bench/letters.py [runs]

Builds the letter from the shipped library (fixtures/library.json) and prints the
median and 90th percentile of each step over ``runs`` runs (default 300), and each
step's ratio to a warm assembly. Prints figures only; asserts nothing.
"""

import datetime
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()  # library.services validates with the models' choices; no database used

from library import exports, letters  # noqa: E402
from library.answers import (  # noqa: E402
    Answers,
    ChosenAction,
    ChosenRootCause,
    MetricFigure,
    OrderRef,
    Signature,
)
from library.readmodel import Library  # noqa: E402
from library.services import normalize  # noqa: E402

TODAY = datetime.date(2026, 11, 22)


def shipped_library() -> Library:
    with (ROOT / "fixtures" / "library.json").open(encoding="utf-8") as f:
        return Library.from_data(normalize(json.load(f)))


def fifteen_action_answers(library: Library, orders: int = 12) -> Answers:
    """Five root causes of one cause with three actions each (15), some edited."""
    cause = library.cause("odr-a-to-z-claims")
    root_causes = []
    for n, rc in enumerate(cause.root_causes[:5]):
        actions = [
            ChosenAction(
                kind=a.kind,
                ref=a.ref,
                text="We now check every order twice." if n == 0 and k == 0 else None,
                done_on=TODAY if a.kind == "corrective" else None,
            )
            for k, a in enumerate(rc.actions[:3])
        ]
        root_causes.append(ChosenRootCause(ref=rc.ref, actions=actions))
    assert sum(len(rc.actions) for rc in root_causes) == 15
    return Answers(
        causes=[cause.slug],
        notice_date=datetime.date(2026, 11, 3),
        metrics=[
            MetricFigure("odr", Decimal("1.59"), 60, 2, 126),
            MetricFigure("late_shipment_rate", Decimal("6.2"), 30),
        ],
        orders=[
            OrderRef(f"112-{4830000 + n:07d}-{5830000 + n:07d}") for n in range(orders)
        ],
        root_causes=root_causes,
        signature=Signature(
            "Li Wei", "Sunny Audio", "A2K4TQ9ZP3XW7M", "li@example.com", "US"
        ),
    )


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def p90(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=10)[-1]


def report(rows: list[tuple[str, list[float]]], base: float) -> None:
    print(f"{'step':<34}{'median ms':>11}{'p90 ms':>9}{'x assemble':>12}")
    for name, samples in rows:
        median = statistics.median(samples)
        print(
            f"{name:<34}{median * 1000:>11.3f}{p90(samples) * 1000:>9.3f}"
            f"{median / base:>12.2f}"
        )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    library = shipped_library()
    answers = fifteen_action_answers(library)

    def assemble(shape="classic", answers=answers):
        return letters.assemble(answers, library, shape=shape, today=TODAY, seed=7)

    def cold():
        letters.library_blocks.cache_clear()
        assemble()

    letter = assemble()
    form = assemble("amazon_form")
    big = assemble(answers=fifteen_action_answers(library, orders=2000))
    rows = [
        ("assemble classic (warm cache)", timed(assemble, runs)),
        ("assemble classic (cold cache)", timed(cold, max(runs // 5, 10))),
        ("assemble amazon_form", timed(lambda: assemble("amazon_form"), runs)),
        ("to_text", timed(lambda: exports.to_text(letter), runs)),
        ("to_markdown", timed(lambda: exports.to_markdown(letter), runs)),
        ("to_html", timed(lambda: exports.to_html(letter), runs)),
        ("amazon_form_blocks", timed(lambda: exports.amazon_form_blocks(form), runs)),
        ("to_docx", timed(lambda: exports.to_docx(letter), max(runs // 5, 10))),
        ("to_text, 2,000 orders", timed(lambda: exports.to_text(big), runs)),
        ("to_html, 2,000 orders", timed(lambda: exports.to_html(big), runs // 5 or 1)),
        ("to_docx, 2,000 orders", timed(lambda: exports.to_docx(big), 10)),
    ]
    print(
        f"15-action letter, {len(letter.orders)} orders, {len(exports.to_text(letter))} "
        f"characters; {runs} runs (fewer for the slow steps)\n"
    )
    report(rows, statistics.median(rows[0][1]))


if __name__ == "__main__":
    main()
