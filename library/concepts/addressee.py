"""Whom a round of an appeal is addressed to, defined once: Seller Performance (the
usual appeal), then the two escalation levels.

Amazon's sellers escalate an appeal that keeps being rejected (usually after two
unsuccessful appeals): first to the team that suspended the account, then to executive
seller relations. A round carries one addressee (``appeals.models.Round.addressee``);
escalation letters are assembled by ``library.letters.escalation`` from the phrase
sections named here.
"""

from dataclasses import dataclass


def _(text: str) -> str:
    """Marks a label for makemessages; the Django layer translates it when shown."""
    return text


SELLER_PERFORMANCE = "seller_performance"
SUSPENDING_TEAM = "suspending_team"
EXECUTIVE = "executive"
DEFAULT = SELLER_PERFORMANCE

#: the library's phrase sections of escalation letters: the request paragraph of each
#: level, then the sentence before the appeal's history, then the closing
SECTION_TEAM = "escalation_team"
SECTION_EXECUTIVE = "escalation_executive"
SECTION_HISTORY = "escalation_history_intro"
SECTION_CLOSING = "escalation_closing"
SECTIONS = (SECTION_TEAM, SECTION_EXECUTIVE, SECTION_HISTORY, SECTION_CLOSING)


@dataclass(frozen=True)
class Addressee:
    code: str
    label: str  # what the interface calls it, English, marked for translation
    level: int  # 0: the usual appeal; 1 and 2: the escalation levels, in order
    letter_name: str  # how a letter names it (letters are English)
    salutation: str  # the letter's first line
    request_section: str  # the phrase section of its request ("" for the usual appeal)

    @property
    def is_escalation(self) -> bool:
        return self.level > 0


ADDRESSEES: dict[str, Addressee] = {
    a.code: a
    for a in (
        Addressee(
            SELLER_PERFORMANCE,
            _("Seller Performance"),
            0,
            "Seller Performance",
            "Dear Seller Performance team,",
            "",
        ),
        Addressee(
            SUSPENDING_TEAM,
            _("Suspending team (escalation 1)"),
            1,
            "the team that suspended our account",
            "Dear team responsible for the suspension of our account,",
            SECTION_TEAM,
        ),
        Addressee(
            EXECUTIVE,
            _("Executive seller relations (escalation 2)"),
            2,
            "Executive Seller Relations",
            "Dear Executive Seller Relations team,",
            SECTION_EXECUTIVE,
        ),
    )
}

#: the escalation level after each: a rejected usual appeal goes to the suspending
#: team, a rejected escalation to that team goes to executive seller relations, and
#: nothing follows a rejection there
_NEXT = {SELLER_PERFORMANCE: SUSPENDING_TEAM, SUSPENDING_TEAM: EXECUTIVE}


def get(code: str) -> Addressee:
    """The addressee of ``code``; an unknown code is the usual appeal."""
    return ADDRESSEES.get(code) or ADDRESSEES[DEFAULT]


def escalation_after(code: str) -> Addressee | None:
    """Whom to escalate to once a round addressed to ``code`` was rejected; None
    after executive seller relations."""
    following = _NEXT.get(get(code).code)
    return ADDRESSEES[following] if following else None
