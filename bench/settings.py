"""Settings for `make bench` only: the app's settings plus a plain view to compare with.

The plain view lives in bench/urls.py, which only this module names; config.urls (what
production serves) never includes it.
"""

import warnings

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}  # quiet: no INFO lines
# static files are not collected for the bench (no page asset is requested)
warnings.filterwarnings("ignore", message="No directory at")
