"""What the PDF export's safety costs: to_pdf (a warm, time-limited worker process)
beside raw WeasyPrint rendering the same HTML in this process.

    .venv/bin/python bench/pdf.py [runs]

Prints median and 90th percentile over ``runs`` renders (default 8) for the 15-action
letter of bench/letters.py, the same letter with 2,000 orders, and one with a Chinese
store name (the CJK font), plus the ratio worker / in-process. Also the first render
of a cold worker (process start, WeasyPrint import, fonts). Asserts nothing.
"""

import logging
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import letters as bench  # noqa: E402  (bench/letters.py: sets Django up, builds answers)

# Django's logging prints INFO; keep WeasyPrint's progress chatter (some of it logged
# while it is imported) out of the figures.
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.ERROR)

from appeals import pdf as printing  # noqa: E402
from appeals import pdf_worker  # noqa: E402
from library import exports, letters  # noqa: E402


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    library = bench.shipped_library()
    chinese = bench.fifteen_action_answers(library)
    chinese.signature.store_name = "深圳阳光音频"
    cases = {
        "15 actions, 12 orders": bench.fifteen_action_answers(library),
        "15 actions, 2,000 orders": bench.fifteen_action_answers(library, orders=2000),
        "15 actions, CJK store name": chinese,
    }
    # Both sides warm: the in-process renderer here, the worker on its first letter.
    pdf_worker.render(pdf_worker.WARM_UP)
    print(f"{runs} runs each, A4\n")
    print(f"{'letter':<28}{'':<14}{'median s':>10}{'p90 s':>8}")
    for name, answers in cases.items():
        letter = letters.assemble(answers, library, today=bench.TODAY, seed=7)
        html = exports.pdf_html(letter, paper="A4")

        def worker(letter=letter):
            printing.to_pdf(letter, paper="A4", timeout=120)

        def in_process(html=html):
            pdf_worker.render(html)

        worker()
        raw = bench.timed(in_process, runs)
        safe = bench.timed(worker, runs)
        for label, samples in (("to_pdf", safe), ("in-process", raw)):
            print(
                f"{name:<28}{label:<14}{statistics.median(samples):>10.3f}"
                f"{bench.p90(samples):>8.3f}"
            )
        ratio = statistics.median(safe) / statistics.median(raw)
        print(f"{'':<28}{'ratio':<14}{ratio:>10.2f}\n")
    letter = letters.assemble(
        bench.fifteen_action_answers(library), library, today=bench.TODAY, seed=7
    )
    cold = []
    for _ in range(3):
        printing.pdf_worker_stop()
        cold += bench.timed(lambda: printing.to_pdf(letter, timeout=120), 1)
    print(f"{'cold worker, first letter':<42}{statistics.median(cold):>10.3f}")


if __name__ == "__main__":
    main()
