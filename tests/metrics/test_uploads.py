"""The size limit is enforced while the upload arrives, with a streamed 250 MB body."""

import re
import tracemalloc

import pytest
from django.core.files.uploadhandler import (
    MemoryFileUploadHandler,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.core.handlers.wsgi import LimitedStream
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.urls import reverse

from metrics import views
from metrics.models import PendingImport
from metrics.uploads import SizeLimitUploadHandler
from tests.factories import seller

BOUNDARY = "----reinstate-test-boundary"
MB = 1024 * 1024
BIG = 250 * MB


class GeneratedMultipart:
    """A multipart/form-data body with one file part of ``size`` bytes, generated as it
    is read: nothing close to ``size`` is ever held in memory."""

    def __init__(self, size: int, fields: dict | None = None):
        parts = b"".join(
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                f"{v}\r\n"
            ).encode()
            for k, v in (fields or {}).items()
        )
        self.head = (
            parts
            + (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
                'filename="huge.txt"\r\nContent-Type: text/plain\r\n\r\n'
            ).encode()
        )
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.size = size
        self.length = len(self.head) + size + len(self.tail)
        self.position = 0
        self.filler = b"x" * (64 * 1024)

    def readline(self, size: int = -1) -> bytes:
        raise OSError("a multipart body is read in chunks, never by line")

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = self.length - self.position
        out = bytearray()
        while n > 0 and self.position < self.length:
            p = self.position
            if p < len(self.head):
                piece = self.head[p : p + n]
            elif p < len(self.head) + self.size:
                left = len(self.head) + self.size - p
                piece = self.filler[: min(n, left, len(self.filler))]
            else:
                t = p - len(self.head) - self.size
                piece = self.tail[t : t + n]
            out += piece
            self.position += len(piece)
            n -= len(piece)
        return bytes(out)


def meta(length: int) -> dict:
    return {
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(length),
    }


def test_250_mb_body_is_stopped_at_the_first_chunk_without_buffering(settings):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    body = GeneratedMultipart(BIG)
    limiter = SizeLimitUploadHandler()
    handlers = [limiter, MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    tracemalloc.start()
    try:
        post, files = MultiPartParser(
            meta(body.length), LimitedStream(body, body.length), handlers
        ).parse()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert limiter.too_large
    assert limiter.received <= 64 * 1024
    assert "file" not in files
    assert peak < 8 * MB
    # the rest of the body is left for the view to drain in small chunks, but never
    # more than twice the limit: a 250 MB body is not read to its end
    assert body.position < 1 * MB
    before = body.position
    assert limiter.drain() == 2 * 50 * MB
    assert body.position == before + 2 * 50 * MB
    assert not limiter.drained_all


def test_a_body_a_little_over_the_limit_is_drained_to_its_end(settings):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    body = GeneratedMultipart(60 * MB)
    limiter = SizeLimitUploadHandler()
    handlers = [limiter, MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    MultiPartParser(
        meta(body.length), LimitedStream(body, body.length), handlers
    ).parse()
    assert limiter.too_large
    limiter.drain()
    assert limiter.drained_all
    assert body.position == body.length


def test_handler_counts_bytes_as_they_arrive_and_stops_past_the_limit():
    limiter = SizeLimitUploadHandler(limit=100_000)
    limiter.handle_raw_input(None, {}, 0, BOUNDARY)  # length not announced
    chunk = b"a" * 40_000
    assert limiter.receive_data_chunk(chunk, 0) == chunk
    assert limiter.receive_data_chunk(chunk, 40_000) == chunk
    with pytest.raises(StopUpload) as exc:
        limiter.receive_data_chunk(chunk, 80_000)
    assert exc.value.connection_reset is True
    assert limiter.too_large


def test_small_file_passes_through_untouched():
    limiter = SizeLimitUploadHandler(limit=100_000)
    limiter.handle_raw_input(None, {}, 5_000, BOUNDARY)
    assert limiter.receive_data_chunk(b"abc", 0) == b"abc"
    assert not limiter.too_large


@pytest.mark.django_db
def test_upload_view_refuses_a_streamed_250_mb_upload_with_a_message(settings):
    settings.UPLOAD_MAX_BYTES = 50 * MB
    user, _, store = seller("bigupload")
    body = GeneratedMultipart(BIG, fields={"contact_days": "30"})
    # The factory is given a placeholder body so it sets the multipart headers; the
    # real body is the generated stream.
    request = RequestFactory().generic(
        "POST",
        reverse("metrics:upload", args=[store.pk]),
        data=b"-",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    request.META["CONTENT_LENGTH"] = str(body.length)
    request._stream = LimitedStream(body, body.length)
    request._dont_enforce_csrf_checks = True
    request.user = user
    tracemalloc.start()
    try:
        response = views.upload(request, store_id=store.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    page = response.content.decode()
    assert "larger than 50.0" in page and "refused while uploading" in page
    assert 'value="30" selected' in page
    assert PendingImport.objects.count() == 0
    assert peak < 16 * MB
    # drained up to twice the limit, then left for the server to drop with the
    # connection
    assert body.position < body.length
    assert body.position <= 2 * 50 * MB + MB


@pytest.mark.django_db
def test_upload_view_with_the_test_client_over_a_small_limit(client, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    user, _, store = seller("smallupload")
    client.force_login(user)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("metrics:upload", args=[store.pk]),
        {"contact_days": 7, "file": SimpleUploadedFile("big.txt", b"x" * 200_000)},
    )
    assert response.status_code == 200
    assert "refused while uploading" in response.content.decode()
    # what the seller chose is still there
    assert 'value="7" selected' in response.content.decode()


def streamed_request(path: str, body: GeneratedMultipart, user):
    request = RequestFactory().generic(
        "POST",
        path,
        data=b"-",
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    request.META["CONTENT_LENGTH"] = str(body.length)
    request._stream = LimitedStream(body, body.length)
    request._dont_enforce_csrf_checks = True
    request.user = user
    return request


@pytest.mark.django_db
def test_claims_view_refuses_a_streamed_250_mb_file_while_it_arrives():
    user, _, store = seller("bigclaims")
    body = GeneratedMultipart(
        BIG, fields={"kind": "chargebacks", "text": "112-4839201-5839201 2026-11-03"}
    )
    request = streamed_request(reverse("metrics:claims", args=[store.pk]), body, user)
    tracemalloc.start()
    try:
        response = views.claims(request, store_id=store.pk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    page = response.content.decode()
    assert "larger than 2.0" in page and "refused while uploading" in page
    # what the seller typed and chose is still there
    assert "112-4839201-5839201 2026-11-03" in page
    assert re.search(r'value="chargebacks"[^>]*checked', page)
    assert PendingImport.objects.count() == 0
    assert peak < 16 * MB
    # read no further than twice the claims limit
    assert body.position <= 2 * 2 * MB + MB


@pytest.mark.django_db
def test_claims_upload_still_checks_the_csrf_token():
    from django.test import Client

    user, _, store = seller("claimscsrf")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(
        reverse("metrics:claims", args=[store.pk]),
        {"kind": "claims", "text": "112-4839201-5839201 2026-11-03"},
    )
    assert response.status_code == 403
    assert PendingImport.objects.count() == 0
