"""PDF export: paper, page numbers, extractable text, and a renderer that fetches nothing.

These render real PDFs with WeasyPrint and read them back with poppler-utils.
"""

import logging
import re
import subprocess
import sys

import pytest

from appeals import pdf as printing
from appeals import pdf_worker
from library import exports, letters
from library.answers import ChosenAction, ChosenRootCause, OrderRef

from .conftest import TODAY, odr_not_received, order_ids

HOSTILE = [
    "![x](http://127.0.0.1:9/x)",
    "<img src=file:///etc/passwd>",
    "<a rel=attachment href=file:///etc/passwd>x</a>",
]
LETTER_CSS = (pdf_worker.STATIC_DIR / "css" / "letter.css").as_uri()


def poppler(tool: str, *args, pdf: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def hostile_letter(library) -> letters.Letter:
    answers = odr_not_received()
    answers.root_causes.append(
        ChosenRootCause(
            ref="",
            title="Seller's own",
            text=HOSTILE[0],
            actions=[
                ChosenAction(kind="corrective", text=HOSTILE[1]),
                ChosenAction(kind="preventive", text=HOSTILE[2], timeframe="daily"),
            ],
        )
    )
    answers.orders[0].note = HOSTILE[1]
    answers.signature.name = HOSTILE[2]
    return letters.assemble(answers, library, today=TODAY, seed=5)


class SpyFetcher(pdf_worker.BundledOnlyFetcher):
    """Records every URL WeasyPrint asks for before the real fetcher answers."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def fetch(self, url, headers=None):
        self.calls.append(url)
        return super().fetch(url, headers)


def test_renderer_asks_only_for_the_bundled_stylesheet(shipped_library):
    spy = SpyFetcher()
    pdf = pdf_worker.render(
        exports.pdf_html(hostile_letter(shipped_library), paper="A4"), fetcher=spy
    )
    assert pdf.startswith(b"%PDF-")
    assert spy.calls == [LETTER_CSS]
    assert spy.refused == []


def test_to_pdf_worker_reports_it_fetched_only_the_stylesheet(shipped_library, caplog):
    with caplog.at_level(logging.DEBUG, logger="appeals.pdf"):
        printing.to_pdf(hostile_letter(shipped_library))
    fetched = [r.args[0] for r in caplog.records if "fetched" in r.msg]
    assert fetched == [LETTER_CSS]
    assert not [r for r in caplog.records if "refused" in r.getMessage()]


def test_hostile_seller_text_prints_literally_without_attachments(
    shipped_library, tmp_path
):
    pdf = printing.to_pdf(hostile_letter(shipped_library))
    assert poppler("pdfdetach", "-list", pdf=pdf, tmp_path=tmp_path).startswith(
        "0 embedded files"
    )
    text = flat(poppler("pdftotext", pdf=pdf, tmp_path=tmp_path))
    for hostile in HOSTILE:
        assert hostile in text
    assert b"/Annots" not in pdf  # no link annotations either


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/font.woff2",
        "file:///etc/passwd",
        (pdf_worker.STATIC_DIR / "css" / "app.css").as_uri(),
        LETTER_CSS + "?x=1",
        "data:text/css,body{}",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses_everything_but_allowed_bundled_files(url):
    fetcher = pdf_worker.BundledOnlyFetcher()
    with pytest.raises(pdf_worker.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.fetched == []


def test_renderer_skips_resources_it_refuses():
    spy = SpyFetcher()
    page = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<link rel="attachment" href="file:///etc/passwd"></head>'
        '<body><img src="file:///etc/passwd"><p>still rendered</p></body></html>'
    )
    pdf = pdf_worker.render(page, fetcher=spy)
    assert pdf.startswith(b"%PDF-")
    assert spy.fetched == []
    assert set(spy.refused) == {"http://127.0.0.1:9/x.css", "file:///etc/passwd"}


@pytest.mark.parametrize(
    ("paper", "size"),
    [("A4", "595.276 x 841.89 pts (A4)"), ("Letter", "612 x 792 pts (letter)")],
)
def test_paper_size_page_numbers_and_tags(paper, size, shipped_library, tmp_path):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    pdf = printing.to_pdf(letter, paper=paper)
    info = poppler("pdfinfo", pdf=pdf, tmp_path=tmp_path)
    assert f"Page size:       {size}" in info
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])
    text = flat(poppler("pdftotext", pdf=pdf, tmp_path=tmp_path))
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text
    assert "Sunny Audio" in text and "Seller ID A2K4TQ9ZP3XW7M" in text
    assert "1.59%" in text and "Order Defect Rate" in text
    for order in letter.orders:
        assert order.id in text


def test_unknown_paper_is_refused(shipped_library):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    with pytest.raises(ValueError):
        exports.pdf_html(letter, paper="A3")


def test_two_thousand_orders_go_to_an_appendix(shipped_library, tmp_path):
    answers = odr_not_received()
    answers.orders = [OrderRef(i) for i in order_ids(2000, "120")]
    answers.orders[1].note = "refunded"
    letter = letters.assemble(answers, shipped_library, today=TODAY, seed=5)
    pdf = printing.to_pdf(letter, paper="Letter")
    text = flat(poppler("pdftotext", pdf=pdf, tmp_path=tmp_path))
    assert "The 2000 affected order IDs are listed in the appendix." in text
    assert "Appendix: the 2000 affected orders" in text
    ids = set(re.findall(r"\d{3}-\d{7}-\d{7}", text))
    assert ids == {o.id for o in answers.orders}
    assert "refunded" in text
    pages = int(re.search(r"Page 1 of (\d+)", text)[1])
    assert 3 <= pages <= 20  # multi-column: far fewer pages than one ID per line


def test_cjk_font_only_when_the_letter_has_cjk_text(shipped_library, tmp_path):
    plain = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    assert '<html lang="en" class="paper-a4">' in exports.pdf_html(plain, paper="A4")
    answers = odr_not_received()
    answers.signature.store_name = "深圳阳光音频"
    chinese = letters.assemble(answers, shipped_library, today=TODAY, seed=5)
    assert 'class="paper-a4 cjk"' in exports.pdf_html(chinese, paper="A4")
    pdf = printing.to_pdf(chinese)
    assert "WenQuanYi" in poppler("pdffonts", pdf=pdf, tmp_path=tmp_path)
    assert "深圳阳光音频" in poppler("pdftotext", pdf=pdf, tmp_path=tmp_path)


@pytest.fixture
def fresh_worker():
    """No warm renderer left over from other tests, and none left behind."""
    printing.pdf_worker_stop()
    yield
    printing.pdf_worker_stop()


def test_timeout_raises_pdf_render_error_and_replaces_the_worker(
    shipped_library, fresh_worker
):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    printing.to_pdf(letter)  # a warm worker now exists
    warm = printing._warm_worker
    with pytest.raises(printing.PdfRenderError, match="took too long"):
        printing.to_pdf(letter, timeout=0.01)
    assert warm.proc.poll() is not None  # killed, not left rendering
    assert printing._warm_worker is None
    assert printing.to_pdf(letter).startswith(b"%PDF-")  # a new worker takes over


def test_warm_worker_is_reused_between_letters(shipped_library, fresh_worker):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    printing.to_pdf(letter)
    warm = printing._warm_worker
    printing.to_pdf(letter, paper="Letter")
    assert printing._warm_worker is warm
    assert warm.renders == 2


def test_concurrent_render_uses_a_one_off_worker(shipped_library, fresh_worker):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    with printing._warm_lock:  # as if another thread were rendering
        pdf = printing.to_pdf(letter)
    assert pdf.startswith(b"%PDF-")
    assert printing._warm_worker is None


def test_worker_failure_raises_pdf_render_error(
    shipped_library, monkeypatch, caplog, fresh_worker
):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    monkeypatch.setattr(
        printing,
        "WORKER_COMMAND",
        (sys.executable, "-c", "import sys; sys.stderr.write('boom'); sys.exit(3)"),
    )
    with pytest.raises(printing.PdfRenderError) as failure:
        printing.to_pdf(letter)
    assert "boom" not in str(failure.value)  # details go to the log, not the user
    assert any("boom" in r.getMessage() for r in caplog.records)


def test_worker_that_cannot_start_raises_pdf_render_error(
    shipped_library, monkeypatch, fresh_worker
):
    letter = letters.assemble(odr_not_received(), shipped_library, today=TODAY, seed=5)
    monkeypatch.setattr(printing, "WORKER_COMMAND", ("/nonexistent/python",))
    with pytest.raises(printing.PdfRenderError):
        printing.to_pdf(letter)


def test_rendering_error_is_reported_and_the_worker_keeps_serving():
    worker = subprocess.Popen(
        [sys.executable, "-m", "appeals.pdf_worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=pdf_worker.STATIC_DIR.parent,
    )
    bad, good = b"\xff\xfe not utf-8", b"<html lang='en'><p>fine</p></html>"
    out, _ = worker.communicate(
        len(bad).to_bytes(8, "big") + bad + len(good).to_bytes(8, "big") + good,
        timeout=60,
    )
    assert worker.returncode == 0
    assert out[0] == 1  # the first request failed...
    size = int.from_bytes(out[1:9], "big")
    assert out[9 : 9 + size].startswith(b"UnicodeDecodeError")
    rest = out[9 + size :]
    rest = rest[8 + int.from_bytes(rest[:8], "big") :]  # skip its report
    assert rest[0] == 0  # ...and the second one still gave a PDF
    assert rest[9:14] == b"%PDF-"
