"""Scope reads remembered for one request, and never longer.

A page asks "which workspaces may this user reach?" several times (the navigation, the
dashboard's queries, each object lookup); the answer cannot change within a request
unless the request itself changes a membership or a client link. ``ScopeMemoMiddleware``
opens a memo when a request starts and drops it when the response is made; the
selectors decorated with ``per_request`` read it. Outside a request (tests calling the
selectors, commands) nothing is remembered, and any save or delete of a membership or a
client link empties the memo, so a revocation counts at once, within the request and
on the very next one.
"""

import contextvars
import functools

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import ClientLink, Membership

_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "reinstate_scope_memo", default=None
)


def per_request(fn):
    """Remember ``fn(user=...)``'s answer by user for the rest of the request.

    The answer is a list or a set of ids; each caller gets its own copy."""

    @functools.wraps(fn)
    def remembered(*, user):
        memo = _memo.get()
        if memo is None or not user.is_authenticated:
            return fn(user=user)
        key = (fn.__name__, user.pk)
        if key not in memo:
            memo[key] = fn(user=user)
        found = memo[key]
        return type(found)(found)

    return remembered


class ScopeMemoMiddleware:
    """Open the scope memo for the request; drop it with the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=ClientLink)
@receiver(post_delete, sender=ClientLink)
def _forget(**kwargs):
    memo = _memo.get()
    if memo is not None:
        memo.clear()
