"""PDF printing: the letter's HTML (library.exports.pdf_html) rendered by WeasyPrint in
a separate, killable process (appeals/pdf_worker.py), kept warm between letters.

Not pure: it owns processes and a lock. Everything it prints comes from the pure
``library.exports``.
"""

import atexit
import json
import logging
import os
import select
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from library.exports import PdfRenderError, pdf_html
from library.letters import Letter

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORKER_COMMAND = (sys.executable, "-m", "appeals.pdf_worker")

PDF_FAILED = (
    "The PDF could not be created. Please try again, or download the letter as a "
    "Word document or text instead."
)
PDF_TOO_SLOW = (
    "Creating the PDF took too long and was stopped. Please try again, or download "
    "the letter as a Word document or text instead."
)
#: A warm renderer is replaced after this many documents, so no leak can build up.
PDF_WORKER_MAX_RENDERS = 200


class _PdfWorker:
    """One renderer process (appeals/pdf_worker.py) and its pipes.

    Every read and write has a deadline; the caller kills the process on any failure,
    so a worker that timed out or broke is never used again.
    """

    def __init__(self, *, warm: bool, memory_mb: int):
        self.errors = tempfile.TemporaryFile()  # never fills a pipe, read on failure
        self.memory_mb = memory_mb
        # Our own interpreter and module; the only variable argument is an int.
        self.proc = subprocess.Popen(  # noqa: S603
            [
                *WORKER_COMMAND,
                *(["--serve"] if warm else []),
                f"--memory-mb={memory_mb}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            cwd=PROJECT_DIR,
        )
        os.set_blocking(self.proc.stdin.fileno(), False)
        self.owner = os.getpid()
        self.renders = 0

    def usable(self) -> bool:
        return (
            self.owner == os.getpid()
            and self.proc.poll() is None
            and self.renders < PDF_WORKER_MAX_RENDERS
        )

    def render(self, document: bytes, *, deadline: float) -> tuple[int, bytes, dict]:
        self._write(len(document).to_bytes(8, "big") + document, deadline)
        status = self._read(1, deadline)[0]
        payload = self._read(int.from_bytes(self._read(8, deadline), "big"), deadline)
        size = int.from_bytes(self._read(8, deadline), "big")
        report = json.loads(self._read(size, deadline))
        self.renders += 1
        return status, payload, report if isinstance(report, dict) else {}

    def _wait(self, fd: int, deadline: float, *, write: bool) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        ready = (
            select.select([], [fd], [], remaining)
            if write
            else (select.select([fd], [], [], remaining))
        )
        if not any(ready):
            raise TimeoutError

    def _write(self, data: bytes, deadline: float) -> None:
        fd, view = self.proc.stdin.fileno(), memoryview(data)
        while view:
            self._wait(fd, deadline, write=True)
            try:
                view = view[os.write(fd, view[: 1 << 16]) :]
            except BlockingIOError:
                continue

    def _read(self, size: int, deadline: float) -> bytes:
        fd, data = self.proc.stdout.fileno(), bytearray()
        while len(data) < size:
            self._wait(fd, deadline, write=False)
            chunk = os.read(fd, min(size - len(data), 1 << 20))
            if not chunk:
                raise EOFError("the PDF renderer exited")
            data += chunk
        return bytes(data)

    def error_output(self) -> str:
        self.errors.seek(0)
        return self.errors.read()[-2000:].decode("utf-8", "replace")

    def stop(self) -> None:
        """Kill the process (only from the process that started it) and clean up."""
        if self.owner == os.getpid():
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                pipe.close()
        self.errors.close()


_warm_lock = threading.Lock()
_warm_worker: _PdfWorker | None = None


def pdf_worker_stop() -> None:
    """Stop this process's warm PDF renderer, if any (at exit, and in tests)."""
    global _warm_worker
    with _warm_lock:
        if _warm_worker is not None:
            _warm_worker.stop()
            _warm_worker = None


atexit.register(pdf_worker_stop)


def _render_pdf(document: bytes, *, timeout: float, memory_mb: int) -> bytes:
    """Render in the warm worker; a concurrent caller gets a fresh one-off worker."""
    global _warm_worker
    deadline = time.monotonic() + timeout
    shared = _warm_lock.acquire(blocking=False)
    worker, rendered = None, False
    try:
        if shared:
            if _warm_worker is not None and (
                not _warm_worker.usable() or _warm_worker.memory_mb != memory_mb
            ):
                _warm_worker.stop()
                _warm_worker = None
            _warm_worker = _warm_worker or _PdfWorker(warm=True, memory_mb=memory_mb)
            worker = _warm_worker
        else:
            worker = _PdfWorker(warm=False, memory_mb=memory_mb)
        status, payload, report = worker.render(document, deadline=deadline)
        rendered = True
    except TimeoutError:
        logger.error("PDF rendering stopped after %s seconds", timeout)
        raise PdfRenderError(PDF_TOO_SLOW) from None
    except (OSError, EOFError, ValueError):
        logger.exception(
            "PDF renderer failed: %s", worker.error_output() if worker else "no worker"
        )
        raise PdfRenderError(PDF_FAILED) from None
    finally:
        # Only a warm worker that just answered properly is kept for the next letter.
        if worker is not None and not (shared and rendered):
            worker.stop()
            if shared:
                _warm_worker = None
        if shared:
            _warm_lock.release()
    for url in report.get("fetched", []):
        logger.debug("PDF renderer fetched %s", url)
    for url in report.get("refused", []):
        logger.warning("PDF renderer refused to fetch %s", str(url)[:200])
    for message in report.get("warnings", []):
        logger.info("WeasyPrint: %s", message)
    if status != 0 or not payload.startswith(b"%PDF-"):
        logger.error(
            "PDF renderer could not render: %s",
            payload[:2000].decode("utf-8", "replace"),
        )
        raise PdfRenderError(PDF_FAILED)
    return payload


def to_pdf(
    letter: Letter, *, paper: str = "A4", timeout: float = 30, memory_mb: int = 1024
) -> bytes:
    """The letter as a tagged PDF, rendered by WeasyPrint in a separate process.

    The renderer is killed when it runs over ``timeout`` seconds, and may use at most
    ``memory_mb`` megabytes of address space (0: no limit). Raises PdfRenderError
    (with a message fit for the user) when rendering fails or runs over; the details go
    to the log.
    """
    return _render_pdf(
        pdf_html(letter, paper=paper).encode("utf-8"),
        timeout=timeout,
        memory_mb=memory_mb,
    )
