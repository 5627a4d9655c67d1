"""Reads of the library: the published versions and their typed values."""

import threading

from . import checker
from .models import CheckerRule, LibraryVersion, OutcomeCount
from .readmodel import Library

#: typed libraries built in this process, by (version id, checksum); a few versions are
#: in use at any time (the newest, and those older rounds pin)
_CACHE: dict[tuple[int, str], Library] = {}
_CACHE_SIZE = 32
_CACHE_LOCK = threading.Lock()


def version_current() -> LibraryVersion | None:
    """The newest published version, or None before the first publish."""
    return LibraryVersion.objects.latest_published()


def library_for(version: LibraryVersion) -> Library:
    """The typed library of a published version, built once per process.

    Versions are frozen (no update, no delete), so the id and checksum name the same
    value for the life of the process.
    """
    key = (version.pk, version.checksum)
    found = _CACHE.get(key)
    if found is None:
        found = Library.from_data(version.data)
        with _CACHE_LOCK:
            while len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))  # the oldest entry
            _CACHE[key] = found
    return found


def checker_settings() -> dict:
    """Curators' settings for the checker's rules, as ``checker.check`` takes them."""
    return {
        row.rule: checker.RuleSetting(enabled=row.enabled, severity=row.severity)
        for row in CheckerRule.objects.all()
    }


def outcome_record(*, kind: str, version: LibraryVersion | None = None) -> dict:
    """ref -> (reinstated, rejected) for the items of ``kind`` (cause, root_cause,
    action, phrase): in one library version, or across versions (the default)."""
    rows = OutcomeCount.objects.filter(kind=kind, version=version)
    return {r.ref: (r.reinstated, r.rejected) for r in rows}
