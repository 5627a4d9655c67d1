"""Render letters' HTML to PDF with WeasyPrint, in a process of its own.

``appeals.pdf.to_pdf`` starts ``python -m appeals.pdf_worker --serve`` once, keeps
it warm (WeasyPrint imported, fonts loaded) and sends it one document at a time; when a
render runs over its time limit the process is killed and the next one starts fresh.
A process can be killed, a thread cannot.

The pipe protocol, in both directions after the start:

* request: 8-byte big-endian length, then the HTML document as UTF-8;
* response: 1 status byte (0: PDF, 1: error), 8-byte length + the PDF or an error
  message, 8-byte length + a JSON report of the URLs the renderer fetched and refused
  and the warnings WeasyPrint logged.

Imports only WeasyPrint and the standard library: no Django, so it starts quickly.
"""

import json
import logging
import mimetypes
import resource
import sys
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BASE_URL = STATIC_DIR.as_uri() + "/"
#: The only files the renderer may read, relative to static/.
ALLOWED_FILES = ("css/letter.css",)
WARM_UP = (
    '<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" '
    'href="css/letter.css"></head><body><h2>Warm-up</h2><p>Fonts <em>and</em> '
    "<strong>layout</strong>.</p></body></html>"
)


class RefusedURL(ValueError):
    """The renderer asked for something that is not one of our bundled files."""


class BundledOnlyFetcher(URLFetcher):
    """Serves the allowed bundled files under static/ and refuses every other URL.

    No network, no other file, no data: URL. A refusal raises, which WeasyPrint turns
    into a skipped resource. ``fetched`` and ``refused`` record every request.
    """

    def __init__(self, allowed: tuple[str, ...] = ALLOWED_FILES):
        super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
        self.allowed = {
            (STATIC_DIR / name).as_uri(): STATIC_DIR / name for name in allowed
        }
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        path = self.allowed.get(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"not a bundled file: {url[:200]}")
        self.fetched.append(url)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if mime.startswith("text/"):
            mime += "; charset=utf-8"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime}
        )


def render(html: str, *, fetcher: BundledOnlyFetcher | None = None) -> bytes:
    """The PDF of a full HTML document (paper size comes from its @page rule).

    Tagged PDF (structure tree for screen readers and text reflow), no attachments.
    Presentational hints apply ``<ol start>`` and ``<li value>``, which keep the plan's
    numbering running across its per-root-cause lists.
    """
    fetcher = fetcher or BundledOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_tags=True, presentational_hints=True, attachments=[])


class _Warnings(logging.Handler):
    """Collects WeasyPrint's warnings for the report instead of printing them."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        if len(self.messages) < 50:
            self.messages.append(record.getMessage()[:300])


def _read(stream, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(8, "big") + data


def serve(*, warm: bool) -> int:
    """Answer requests on stdin until it closes (see the module docstring)."""
    requests, responses = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the framed output
    warnings = _Warnings()
    weasy_logger = logging.getLogger("weasyprint")
    weasy_logger.addHandler(warnings)
    weasy_logger.propagate = False
    if warm:
        render(WARM_UP)
    while True:
        header = _read(requests, 8)
        if header is None:
            return 0
        data = _read(requests, int.from_bytes(header, "big"))
        if data is None:
            return 1
        fetcher = BundledOnlyFetcher()
        warnings.messages = []
        try:
            payload, status = render(data.decode("utf-8"), fetcher=fetcher), 0
        except Exception as exc:  # reported to the caller, who decides what to show
            payload, status = f"{type(exc).__name__}: {exc}"[:2000].encode(), 1
        report = {
            "fetched": fetcher.fetched,
            "refused": fetcher.refused,
            "warnings": warnings.messages,
        }
        responses.write(
            bytes([status]) + _frame(payload) + _frame(json.dumps(report).encode())
        )
        responses.flush()


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``): a document that would need
    more fails with MemoryError, reported like any other failure, and the machine
    keeps its memory. 0 leaves it unlimited."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> int:
    memory = next((a.split("=", 1)[1] for a in argv if a.startswith("--memory-mb=")), 0)
    limit_memory(int(memory))
    return serve(warm="--serve" in argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
