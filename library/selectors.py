"""Reads of the library: the published versions and their typed values."""

from .models import LibraryVersion
from .readmodel import Library

#: typed libraries built in this process, by (version id, checksum); a few versions are
#: in use at any time (the newest, and those older rounds pin)
_CACHE: dict[tuple[int, str], Library] = {}
_CACHE_SIZE = 32


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
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))  # the oldest entry
        found = _CACHE[key] = Library.from_data(version.data)
    return found
