"""An upload handler that refuses a file over ``settings.UPLOAD_MAX_BYTES`` while it
arrives, instead of after Django has spooled all of it."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

DRAIN_CHUNK = 64 * 1024
# At most this many times the limit is read to let the browser see the page; beyond
# it the rest of the body is left unread, and the server closes the connection after
# the response (gunicorn's sync workers always do; an application may not send the
# hop-by-hop ``Connection`` header itself, PEP 3333, wsgiref refuses it with a 500).
DRAIN_FACTOR = 2


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file as they arrive and stops the upload at the limit.

    Install it first in ``request.upload_handlers`` (before the memory/temporary-file
    handlers) on the views that take files (reports, claims). When the request's Content-Length is
    already above the limit, it stops at the first chunk, before anything is stored.

    It stops with ``connection_reset=True`` so Django does not drain the body itself
    (Django drains by lines, which on a body without line breaks means one huge read);
    the view calls ``drain()`` instead, which reads the rest in small chunks, so the
    browser receives the page with the message rather than a broken connection.
    """

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else settings.UPLOAD_MAX_BYTES
        self.received = 0
        self.too_large = False
        self.drained_all = False
        self._input = None

    @property
    def drain_limit(self) -> int:
        return DRAIN_FACTOR * self.limit

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        self._input = input_data
        # The multipart envelope adds a few hundred bytes around the file itself.
        if content_length and content_length > self.limit + 64 * 1024:
            self.too_large = True
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.too_large or self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None

    def drain(self) -> int:
        """Read and discard the rest of the request body in small chunks, up to
        ``drain_limit`` bytes; returns the number of bytes read. ``drained_all`` says
        whether the body was read to its end."""
        drained = 0
        if self._input is None:
            self.drained_all = True
            return drained
        while drained < self.drain_limit:
            chunk = self._input.read(min(DRAIN_CHUNK, self.drain_limit - drained))
            if not chunk:
                self.drained_all = True
                break
            drained += len(chunk)
        return drained
