"""Sign-in and password-reset throttling.

Sign-in is throttled by django-axes (settings ``AXES_*``): after
``AXES_FAILURE_LIMIT`` failures for one username, or from one address, that username
or address is locked out for ``AXES_COOLOFF_TIME``, the right password included. Axes
does not cover the password reset, so this module counts reset requests in the cache,
per e-mail address and per client address, and answers a known and an unknown account
alike: the same page, the same queries, the same e-mail rendered, and the e-mail sent
only after the answer has gone out.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

#: the reset counters' window, in seconds
RESET_WINDOW = 60 * 60


def client_ip(request) -> str:
    """The address a request came from (``AXES_CLIENT_IP_CALLABLE`` too).

    Behind the TLS proxy (``SECURE_PROXY_SSL_HEADER`` set) every request comes from
    the proxy, which appends the address it saw to ``X-Forwarded-For``: its last
    entry counts (earlier entries are whatever the client claimed).
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _count(key: str) -> int:
    """One more request under ``key`` in this window; the count so far."""
    cache.add(key, 0, RESET_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, RESET_WINDOW)
        return 1


def reset_allowed(request, email: str) -> bool:
    """Count this reset request per client address and per e-mail address (known or
    not, so the answer says nothing about the account); whether both are in limits."""
    by_client = _count("reset:client:" + _digest(client_ip(request)))
    by_address = _count("reset:address:" + _digest(email.strip().lower()))
    return (
        by_client <= settings.PASSWORD_RESET_PER_CLIENT
        and by_address <= settings.PASSWORD_RESET_PER_ADDRESS
    )


class ResetForm(PasswordResetForm):
    """Django's reset form that prepares its e-mails instead of sending them
    (``outbox``), and prepares one for an unknown address too, to throw away."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outbox: list[EmailMultiAlternatives] = []

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(
            "".join(subject.splitlines()), body, from_email, [to_email]
        )
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        self.outbox.append(message)

    def save(self, **kwargs):
        super().save(**kwargs)
        if not self.outbox:
            # No account: the same work for a stand-in, so no timing tells the two apart.
            stand_in = get_user_model()(username="-", email=self.cleaned_data["email"])
            self.send_mail(
                kwargs.get(
                    "subject_template_name", "registration/password_reset_subject.txt"
                ),
                kwargs.get(
                    "email_template_name", "registration/password_reset_email.html"
                ),
                {
                    "email": stand_in.email,
                    "domain": "-",
                    "site_name": "-",
                    "uid": "-",
                    "user": stand_in,
                    "token": default_token_generator.make_token(stand_in),
                    "protocol": "https",
                },
                None,
                stand_in.email,
            )
            self.outbox.clear()


def deliver(messages) -> None:
    for message in messages:
        try:
            message.send()
        except Exception:  # an unreachable mail server must not break the page
            logger.exception("Failed to send a password reset e-mail")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, limited per client and per e-mail address; the e-mail
    leaves after the response (the WSGI server closes it once the answer is out)."""

    form_class = ResetForm

    def form_valid(self, form):
        if not reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(
                None,
                _(
                    "Too many password reset requests for this address or from this "
                    "network. Wait an hour, then ask for a new link."
                ),
            )
            context = self.get_context_data(form=form)
            return self.render_to_response(context, status=429)
        response = super().form_valid(form)
        # Django calls these closers from response.close(), after the body was sent.
        response._resource_closers.append(lambda: deliver(form.outbox))
        return response
