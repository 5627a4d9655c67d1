"""Demo appeals for `make run`: the demo consultant's three clients and a dozen past
appeals with mixed outcomes, two deadlines this week and one overdue, so the client
list, the work table, the library of past appeals, outcome counts and the clone flow
all show something on the first start. Dates are relative to today.

Built with the same services as the pages (appeal_create, round_submit, ...), so every
appeal is as a seller would leave it. Idempotent: once the clients have appeals,
nothing is added or changed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import ClientLink, Membership, Store, Workspace
from library.answers import OrderRef, Signature
from library.samples import sample_answers
from library.selectors import library_for, version_current

from . import services
from .models import Appeal, Round

FIRM = "Harbor Appeals Consulting"


@dataclass(frozen=True)
class Client:
    workspace: str
    owner: str  # a username with no password: the demo signs in as the consultant
    stores: tuple[tuple[str, str, str], ...]  # (name, marketplace, seller ID)


CLIENTS = (
    Client(
        "Shenzhen Brightsound Trading",
        "seller",
        (("Brightsound Audio", "US", "A2BRIGHT0SOUND1"),),
    ),
    Client(
        "Ningbo Evergreen Home Goods",
        "evergreen",
        (("Evergreen Home Living", "US", "A3EVERGREEN0HG1"),),
    ),
    Client(
        "Lakeside Outdoor Supply",
        "lakeside",
        (("Lakeside Outdoor", "US", "A1LAKESIDE0OUT7"),),
    ),
)


@dataclass(frozen=True)
class Case:
    store: str
    cause: str
    notice_days_ago: int
    #: Amazon's answer to each submitted round, in order; a round is sent 2 days after
    #: the notice or the previous answer, and answered 3 days later
    answers: tuple[str, ...] = ()
    submit_last: bool = False  # the newest round was sent and waits for Amazon
    order_prefix: str = "112"
    assignee: str = "consultant"
    withdrawn: bool = False


#: A dozen cases: reinstated, rejected, more information, waiting, drafts, withdrawn.
CASES = (
    Case("Brightsound Audio", "odr-a-to-z-claims", 70, ("reinstated",)),
    Case(
        "Evergreen Home Living",
        "odr-a-to-z-claims",
        95,
        ("rejected", "reinstated"),
        order_prefix="113",
    ),
    Case(
        "Lakeside Outdoor",
        "promotion-pricing-error",
        60,
        ("reinstated",),
        order_prefix="114",
    ),
    Case(
        "Brightsound Audio",
        "late-shipment-rate",
        120,
        ("reinstated",),
        assignee="associate",
    ),
    Case("Evergreen Home Living", "cancellation-stock-outs", 13, ("rejected",)),
    Case("Lakeside Outdoor", "inauthentic-supply-chain", 15, ("rejected", "rejected")),
    Case("Brightsound Audio", "ip-trademark", 10, ("more_info",), assignee="associate"),
    Case(
        "Evergreen Home Living",
        "inauthentic-invoices-requested",
        14,
        (),
        submit_last=True,
    ),
    Case("Lakeside Outdoor", "odr-a-to-z-claims", 19, (), order_prefix="114"),
    Case("Brightsound Audio", "cancellation-stock-outs", 12, (), assignee=""),
    Case("Evergreen Home Living", "product-safety", 2, ()),
    Case(
        "Lakeside Outdoor", "restricted-products", 80, (), withdrawn=True, assignee=""
    ),
)


def _orders(prefix: str, n: int, count: int = 3) -> list[OrderRef]:
    """Order IDs unique to each case (the library search finds one case by one ID)."""
    return [
        OrderRef(id=f"{prefix}-74{n:02d}{i:03d}-55{n:02d}{i:03d}")
        for i in range(1, count + 1)
    ]


def _user(username: str, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com", **extra}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def demo_appeals_load(today: date | None = None) -> list[str]:
    """Create the consultant's clients and past appeals unless they exist; returns
    what was created. Needs the demo accounts (accounts.demo) and a published library."""
    today = today or timezone.localdate()
    version = version_current()
    User = get_user_model()
    consultant = User.objects.filter(username="consultant").first()
    firm = Workspace.objects.consultancies().filter(name=FIRM).first()
    if version is None or consultant is None or firm is None:
        return []
    created = []
    associate = _user("associate", first_name="Jun", last_name="Park")
    Membership.objects.get_or_create(
        user=associate, workspace=firm, defaults={"role": Membership.Role.MEMBER}
    )
    stores: dict[str, Store] = {}
    for client in CLIENTS:
        owner = _user(client.owner)
        workspace, new = Workspace.objects.get_or_create(
            name=client.workspace, kind=Workspace.Kind.SELLER
        )
        if new:
            created.append(f"client {client.workspace}")
        Membership.objects.get_or_create(
            user=owner, workspace=workspace, defaults={"role": Membership.Role.OWNER}
        )
        if (
            not ClientLink.objects.active()
            .filter(consultancy=firm, client=workspace)
            .exists()
        ):
            ClientLink.objects.create(
                consultancy=firm, client=workspace, granted_by=owner
            )
        for name, marketplace, seller_id in client.stores:
            stores[name], _ = Store.objects.get_or_create(
                workspace=workspace,
                name=name,
                defaults={"marketplace": marketplace, "seller_id": seller_id},
            )
    if Appeal.objects.filter(store__in=stores.values()).exists():
        return created
    library = library_for(version)
    people = {"consultant": consultant, "associate": associate, "": None}
    for n, case in enumerate(CASES, start=1):
        _case(case, n, stores[case.store], people, library, today)
    services.outcomes_refresh()
    created.append(f"{len(CASES)} appeals")
    return created


def _case(case: Case, n: int, store: Store, people, library, today: date) -> Appeal:
    """One demo appeal, walked through its rounds with the pages' services."""
    consultant = people["consultant"]
    answers = sample_answers(library, today=today, cause=case.cause)
    answers.notice_date = today - timedelta(days=case.notice_days_ago)
    if answers.orders:
        answers.orders = _orders(case.order_prefix, n)
    answers.signature = Signature(
        name="Li Wei",
        store_name=store.name,
        seller_id=store.seller_id,
        email=f"appeals@{store.name.split()[0].lower()}.example",
        marketplace=store.marketplace,
    )
    appeal = services.appeal_create(user=consultant, store=store, answers=answers)
    services.appeal_update_settings(
        appeal=appeal,
        title="",
        assignee=people[case.assignee],
        deadline_days=appeal.deadline_days,
    )
    day = answers.notice_date
    for answer in case.answers:
        round = appeal.rounds.order_by("-number").first()
        day += timedelta(days=2)
        services.round_submit(round=round, submitted_on=day)
        day += timedelta(days=3)
        if answer == Round.Outcome.REINSTATED:
            services.appeal_set_outcome(
                round=round, outcome=answer, reply_received_on=day
            )
        else:
            services.round_start_next(
                round=round,
                outcome=answer,
                amazon_reply=REPLIES[answer],
                reply_received_on=day,
            )
    if case.submit_last:
        round = appeal.rounds.order_by("-number").first()
        services.round_submit(round=round, submitted_on=today - timedelta(days=1))
    if case.withdrawn:
        services.appeal_withdraw(appeal=appeal)
    # Started the day after the notice, as the seller would have.
    Appeal.objects.filter(pk=appeal.pk).update(
        created_at=appeal.created_at - timedelta(days=case.notice_days_ago - 1)
    )
    if n == 1:
        _notes(appeal, people)
    return appeal


def _notes(appeal: Appeal, people) -> None:
    """Two notes of the firm's on the first case, one of them shared with the seller."""
    firm = Workspace.objects.consultancies().get(name=FIRM)
    services.note_add(
        appeal=appeal,
        author=people["consultant"],
        firm=firm,
        text="Reinstated on the first round: reuse this plan for A-to-z cases "
        "where the carrier lost parcels.",
        shared=False,
    )
    services.note_add(
        appeal=appeal,
        author=people["associate"],
        firm=firm,
        text="Sent the final letter to the seller for their records.",
        shared=True,
    )


REPLIES = {
    "rejected": "Thank you for your appeal. We reviewed it and the plan of action does "
    "not address the root cause of the issue. Please explain what caused it and the "
    "steps you have taken to prevent it.",
    "more_info": "We need more information to review your appeal. Please provide "
    "invoices covering the units you sold in the last 365 days.",
}
