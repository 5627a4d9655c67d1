"""Reads of a store's imported orders by their Amazon order IDs."""

from ..models import Order

# Order IDs per query: well under SQLite's limit on bound parameters.
IDS_PER_QUERY = 500


def order_skus(*, store_id: int, order_ids: list[str]) -> dict[str, list[str]]:
    """Order ID -> the SKUs the store's imported reports list for that order. Orders
    never imported are absent. The caller has already scoped ``store_id`` (an appeal's
    own store), so no user is asked for here."""
    ids = list(dict.fromkeys(order_ids))
    found: dict[str, list[str]] = {}
    for start in range(0, len(ids), IDS_PER_QUERY):
        rows = Order.objects.filter(
            store_id=store_id, order_id__in=ids[start : start + IDS_PER_QUERY]
        ).values_list("order_id", "skus")
        found.update((order_id, list(skus or [])) for order_id, skus in rows)
    return found
