"""Security headers that Django does not set by itself."""

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
