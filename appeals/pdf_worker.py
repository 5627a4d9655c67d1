"""Render one letter's HTML to PDF with WeasyPrint, in its own process.

``appeals.exports.to_pdf`` runs ``python -m appeals.pdf_worker`` with the HTML document
on stdin and a time limit; a process can be killed when it runs over, a thread cannot.
The PDF goes to stdout. The last stderr line is a JSON object listing the URLs the
renderer fetched and refused, so the caller can log (and tests can check) them.

Imports only WeasyPrint and the standard library: no Django, so it starts quickly.
"""

import json
import mimetypes
import sys
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
BASE_URL = STATIC_DIR.as_uri() + "/"
#: The only files the renderer may read, relative to static/.
ALLOWED_FILES = ("css/letter.css",)


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


def main() -> int:
    fetcher = BundledOnlyFetcher()
    try:
        pdf = render(sys.stdin.buffer.read().decode("utf-8"), fetcher=fetcher)
    except Exception as exc:  # every failure becomes an exit code for the caller
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()
    report = {"fetched": fetcher.fetched, "refused": fetcher.refused}
    sys.stderr.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
