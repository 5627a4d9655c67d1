"""Deadlines of an appeal, defined once. Pure.

Amazon usually gives 17 days to answer a notice, or two unsuccessful appeals, whichever
comes first; a resubmission right after the last one is read as noise, so the overview
warns when one comes within the cooldown (``settings.APPEAL_COOLDOWN_DAYS``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ANSWER_DAYS = 17  # the usual window to answer a notice
STRIKES = 2  # unsuccessful appeals before the account's appeals may end
WEEK = 7  # the dashboard's "due this week"


@dataclass(frozen=True)
class Deadline:
    due: date
    days_left: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def this_week(self) -> bool:
        return self.days_left <= WEEK


def deadline(notice_date: date | None, days: int, today: date) -> Deadline | None:
    """When the answer to a notice of ``notice_date`` is due; None without a date."""
    if notice_date is None:
        return None
    due = notice_date + timedelta(days=days)
    return Deadline(due=due, days_left=(due - today).days)


def strikes(outcomes: Iterable[str], rejected: str = "rejected") -> int:
    """How many of the appeal's rounds Amazon rejected."""
    return sum(1 for o in outcomes if o == rejected)


def too_soon(
    last_submitted: date | None, today: date, cooldown_days: int
) -> int | None:
    """Days since the last submission when it is within the cooldown, else None."""
    if last_submitted is None or cooldown_days <= 0:
        return None
    since = (today - last_submitted).days
    return since if since < cooldown_days else None
