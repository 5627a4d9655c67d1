"""The PDF under hostile letters: a 10,000-letter word wraps, emoji print, and the
renderer process has a memory limit as well as its time limit."""

import pytest

from appeals import pdf as printing
from library import letters
from library.answers import ChosenRootCause

from .conftest import TODAY, odr_not_received
from .test_pdf import poppler

pytestmark = pytest.mark.hostile


@pytest.fixture
def fresh_worker():
    printing.pdf_worker_stop()
    yield
    printing.pdf_worker_stop()


def letter_with(library, text: str) -> letters.Letter:
    answers = odr_not_received()
    answers.root_causes.append(ChosenRootCause(ref="", title="Own words", text=text))
    return letters.assemble(answers, library, today=TODAY, seed=5)


def test_a_10000_letter_word_wraps_inside_the_page(shipped_library, tmp_path):
    word = "Q" * 10_000
    pdf = printing.to_pdf(letter_with(shipped_library, f"Before {word} after."))
    text = poppler("pdftotext", "-layout", pdf=pdf, tmp_path=tmp_path)
    lines = [line.strip() for line in text.splitlines() if "QQQ" in line]
    assert sum(line.count("Q") for line in lines) == 10_000  # every letter printed
    assert len(lines) > 50
    assert max(len(line) for line in lines) < 130  # none runs off the page


def test_emoji_print_with_the_emoji_font(shipped_library, tmp_path):
    pdf = printing.to_pdf(letter_with(shipped_library, "We ship fast 🚚 and smile 😀."))
    assert "Noto-Color-Emoji" in poppler("pdffonts", pdf=pdf, tmp_path=tmp_path)


def test_the_renderer_runs_under_its_memory_limit(shipped_library, fresh_worker):
    letter = letter_with(shipped_library, "Plain words.")
    assert printing.to_pdf(letter, memory_mb=1024).startswith(b"%PDF-")
    limits = open(f"/proc/{printing._warm_worker.proc.pid}/limits").read()
    line = next(x for x in limits.splitlines() if x.startswith("Max address space"))
    assert line.split()[3] == str(1024 * 1024 * 1024)


def test_a_renderer_out_of_memory_fails_with_a_message(shipped_library, fresh_worker):
    letter = letter_with(shipped_library, "Plain words.")
    with pytest.raises(printing.PdfRenderError, match="could not be created"):
        printing.to_pdf(letter, memory_mb=64)
    assert printing.to_pdf(letter).startswith(b"%PDF-")  # the next render works
