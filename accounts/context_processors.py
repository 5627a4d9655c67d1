"""Values every page's navigation shows."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def invitations(request) -> dict:
    """The number of pending invitations for the signed-in user: one query, and only
    on a page whose template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "pending_invitations": SimpleLazyObject(
            lambda: selectors.pending_invitation_count(user=user)
        )
    }
