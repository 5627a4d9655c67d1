"""An upload handler that refuses a file over ``settings.UPLOAD_MAX_BYTES`` while it
arrives, instead of after Django has spooled all of it."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

DRAIN_CHUNK = 64 * 1024
# Beyond this the rest of the body is not read: the client gets the page or, if it
# insists on sending first, a closed connection.
DRAIN_LIMIT = 2 * 1024 * 1024 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file as they arrive and stops the upload at the limit.

    Install it first in ``request.upload_handlers`` (before the memory/temporary-file
    handlers) on the one view that takes reports. When the request's Content-Length is
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
        self._input = None

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
        """Read and discard the rest of the request body in small chunks; returns the
        number of bytes read."""
        drained = 0
        if self._input is None:
            return drained
        while drained < DRAIN_LIMIT:
            chunk = self._input.read(DRAIN_CHUNK)
            if not chunk:
                break
            drained += len(chunk)
        return drained
