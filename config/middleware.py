"""Security headers that Django does not set by itself; the page for a database that
does not answer; the health check ahead of everything."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# The app needs no camera, microphone, location or payment APIs; say so to the browser.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Django admin widgets set a few inline styles; scripts stay same-origin there too.
ADMIN_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    """Add a Content-Security-Policy that allows no inline script and no other origin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Admin pages use inline styles in a few widgets; scripts stay same-origin everywhere.
        policy = ADMIN_POLICY if request.path.startswith("/admin/") else POLICY
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class HealthCheckMiddleware:
    """Answer /healthz before host validation and the HTTPS redirect.

    Container and load-balancer probes call the process by its internal address over
    plain HTTP; ALLOWED_HOSTS and SECURE_SSL_REDIRECT would turn them away with 400 or
    301 although the app is healthy. The answer carries no data beyond ok/error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            from accounts.views import healthz

            return healthz(request)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that fails because the database does not answer (stopped, unreachable,
    locked or too slow: ``OperationalError``, ``InterfaceError``) gets a 503 page in
    the user's language that says plainly the last entry was not saved, instead of
    the 500 page's "your saved work is safe". The page is rendered without the
    request, so no context processor asks the database for anything.

    Last in MIDDLEWARE, so its ``process_exception`` is the first to see a view's
    exception.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable on %s %s: %s",
            request.method,
            request.path,
            exception.__class__.__name__,
            exc_info=exception,
        )
        path = request.get_full_path()
        retry = path if path.startswith("/") and not path.startswith("//") else "/"
        page = render_to_string("503.html", {"retry_url": retry})
        response = HttpResponse(page, status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: private, no-store`` on every response to a signed-in person.

    Their pages and exports hold buyers' data and sellers' letters: no shared proxy may
    keep them, nor the browser's disk cache after sign-out. A view that says how it is
    cached (``never_cache``, an explicit header) keeps its own; static files are served
    by WhiteNoise before anyone is signed in and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.setdefault("Cache-Control", "private, no-store")
        return response
