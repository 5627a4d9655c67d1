"""What every page's navigation needs about the signed-in user: the client switcher."""

from .selectors import clients_of


def navigation(request) -> dict:
    """The consultant's clients for the switcher, read lazily: pages that do not render
    the navigation (exports, JSON) pay nothing, and others pay one query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def clients():
        return list(clients_of(user=user).only("id", "name"))

    return {"nav_clients": clients}
