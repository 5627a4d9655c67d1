"""The language a curated library text is shown in: its 简体中文 gloss in the Chinese
interface, else the English the letter uses.

Curated content (causes, root causes, actions, documents, fact slots) carries an English
text and a ``_zh`` gloss beside it; Django's gettext cannot hold it because curators
edit it in admin and it travels in the library file.
"""

from django.utils.translation import get_language


def chinese() -> bool:
    """Whether the active interface language is Chinese."""
    return (get_language() or "").lower().startswith("zh")


def gloss(english: str, chinese_text: str) -> str:
    """``chinese_text`` in the Chinese interface when there is one, else ``english``."""
    return chinese_text if chinese_text and chinese() else english
