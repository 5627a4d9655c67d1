"""Writes for the metrics app: ``imports`` reads an upload into a pending import,
commits or discards it, and purges buyer data. Starting an appeal from the figures is
``appeals.services.appeal_start_from_figures`` (with ``metrics.handoff``'s answers)."""
