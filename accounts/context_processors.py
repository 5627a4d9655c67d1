"""Values every page's navigation shows: the consultant's client switcher and the
number of pending invitations. Both are read lazily: a page whose template does not
read them (exports, JSON) pays nothing, others one query each."""

from django.utils.functional import SimpleLazyObject

from . import selectors


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def clients():
        return list(selectors.clients_of(user=user).only("id", "name"))

    return {
        "nav_clients": clients,
        "pending_invitations": SimpleLazyObject(
            lambda: selectors.pending_invitation_count(user=user)
        ),
    }
