"""An upload handler that refuses a file over ``settings.UPLOAD_MAX_BYTES`` while it
arrives, instead of after Django has spooled all of it."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file as they arrive and stops the upload at the limit.

    Install it first in ``request.upload_handlers`` (before the memory/temporary-file
    handlers) on the one view that takes reports. When the request's Content-Length is
    already above the limit, it stops at the first chunk, before anything is stored.
    Django then reads and discards the rest of the body (``connection_reset=False``), so
    the browser receives the page with the message instead of a broken connection.
    The view reads ``too_large`` to say what happened.
    """

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else settings.UPLOAD_MAX_BYTES
        self.received = 0
        self.too_large = False
        self.announced_length = None

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        self.announced_length = content_length
        # The multipart envelope adds a few hundred bytes around the file itself.
        if content_length and content_length > self.limit + 64 * 1024:
            self.too_large = True
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.too_large or self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
