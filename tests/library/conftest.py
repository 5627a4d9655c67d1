"""The shipped library and the five domain situations, shared with the appeals tests."""

from tests.appeals.conftest import shipped_library, situation  # noqa: F401
