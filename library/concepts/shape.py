"""The letter shapes an appeal can take, and the sections each is built from.

A curator's LetterShape row words a shape (headings, order); it can only be one of
these, so every shape in the library is one a seller can choose.
"""


def _(text: str) -> str:
    """Marks a label for makemessages; the Django layer translates it when shown."""
    return text


CLASSIC = "classic"
AMAZON_FORM = "amazon_form"
SHAPES: dict[str, str] = {
    CLASSIC: _("Classic letter"),
    AMAZON_FORM: _("Amazon appeal form"),
}
DEFAULT = CLASSIC

#: the sections of each shape, with their default headings, when the library has no
#: (active) wording for it
DEFAULT_SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    CLASSIC: (
        ("acknowledgement", ""),
        ("apology", ""),
        ("root_causes", "Root causes"),
        ("transition", ""),
        ("plan", "Plan of action"),
        ("documents", "Supporting documents"),
        ("closing", ""),
        ("signature", ""),
    ),
    AMAZON_FORM: (
        ("root_causes", "What caused the issue"),
        ("corrective", "Actions taken to resolve the issue"),
        ("preventive", "Steps taken to prevent it happening again"),
        ("documents", "Supporting documents"),
    ),
}
