"""Reads for the metrics pages, always starting from a store the user may reach:
``figures`` (rates, the per-store index, the situation step's prefill), ``kit`` (the
promotion-error incident kit), ``imports`` (pending and past report imports) and
``orders`` (an appeal's orders' SKUs, for its search document)."""
