"""Reads for the metrics pages, always starting from a store the user may reach:
``figures`` (rates, the per-store index, the situation step's prefill), ``kit`` (the
promotion-error incident kit) and ``imports`` (pending and past report imports)."""
