"""Admin for the phrase library's curators.

Curators edit the working copy (causes, root causes, actions, phrases, letter shapes),
preview any of it in a sample letter, and publish it as an immutable LibraryVersion.
The library can be exported and imported as one ``library.json`` file. Curators hold
permissions on the library models only (library.services.curator_group_sync).

- ``common``: labels, permission checks, the placeholder help, the preview base admin;
- ``working_copy``: the working-copy admins and their inlines;
- ``versions``: version history, publish, import and export;
- ``checker``: the letter checker's rules (on or off, severity, how often they fired).
"""

from . import checker, versions, working_copy  # noqa: F401 (registers the admins)
