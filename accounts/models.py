"""Workspaces, the Amazon stores they hold, and who may reach them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Marketplace(models.TextChoices):
    US = "US", _("United States (amazon.com)")
    CA = "CA", _("Canada (amazon.ca)")
    MX = "MX", _("Mexico (amazon.com.mx)")
    UK = "UK", _("United Kingdom (amazon.co.uk)")
    DE = "DE", _("Germany (amazon.de)")
    FR = "FR", _("France (amazon.fr)")
    IT = "IT", _("Italy (amazon.it)")
    ES = "ES", _("Spain (amazon.es)")
    JP = "JP", _("Japan (amazon.co.jp)")
    AU = "AU", _("Australia (amazon.com.au)")

    @classmethod
    def paper_size(cls, code: str) -> str:
        """The paper a seller in this marketplace prints on: US Letter in North America."""
        return "Letter" if code in {cls.US, cls.CA, cls.MX} else "A4"


class WorkspaceQuerySet(models.QuerySet):
    def sellers(self):
        return self.filter(kind=Workspace.Kind.SELLER)

    def consultancies(self):
        return self.filter(kind=Workspace.Kind.CONSULTANCY)


class Workspace(models.Model):
    """One business: a seller with its stores, or a consultant firm with its clients."""

    class Kind(models.TextChoices):
        SELLER = "seller", _("Seller business")
        CONSULTANCY = "consultancy", _("Consultant firm")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.SELLER)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="workspaces"
    )

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workspace"], name="one_membership_per_workspace"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} @ {self.workspace} ({self.role})"


class Store(models.Model):
    """An Amazon seller account on one marketplace."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="stores"
    )
    name = models.CharField(_("store name"), max_length=200)
    marketplace = models.CharField(
        _("marketplace"), max_length=2, choices=Marketplace, default=Marketplace.US
    )
    seller_id = models.CharField(
        _("seller ID"),
        max_length=20,
        blank=True,
        help_text=_("Merchant token from Seller Central, e.g. A1B2C3D4E5F6G7"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("store")
        verbose_name_plural = _("stores")

    def __str__(self):
        return f"{self.name} ({self.marketplace})"

    @property
    def paper_size(self) -> str:
        return Marketplace.paper_size(self.marketplace)


class ClientLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ClientLink(models.Model):
    """A seller workspace's grant of access to a consultant firm; revocable at any time."""

    consultancy = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="consultant_links"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # empty once the person who granted it is deleted
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ClientLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultancy", "client"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_link_per_pair",
            )
        ]
        verbose_name = _("client link")
        verbose_name_plural = _("client links")

    def __str__(self):
        return f"{self.consultancy} → {self.client}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


INVITATION_DAYS = 14


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Not yet accepted, declined or cancelled (an expired one is still open)."""
        return self.filter(
            accepted_at__isnull=True,
            declined_at__isnull=True,
            cancelled_at__isnull=True,
        )

    def pending(self):
        """Open and not expired: the ones that can still be accepted."""
        return self.open().filter(expires_at__gt=timezone.now())


def _open_invitation():
    return models.Q(
        accepted_at__isnull=True, declined_at__isnull=True, cancelled_at__isnull=True
    )


class Invitation(models.Model):
    """An offer nobody is bound by until the addressee accepts it.

    ``kind`` says who sends what to whom:

    - ``person``: ``workspace`` (its owners) invites ``email`` to join with ``role``;
    - ``firm``: a seller ``workspace`` (its owners) invites the consultant ``firm``;
      the firm's owners accept, and a client link is made;
    - ``access``: a consultant firm (``workspace``) asks ``email`` for access; whoever
      signs in with that address and owns a seller workspace picks which to share.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("Join a workspace")
        FIRM = "firm", _("Consultant firm invited by a seller")
        ACCESS = "access", _("Consultant firm asking a seller for access")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        EXPIRED = "expired", _("Expired")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        related_name="invitations_sent",
        verbose_name=_("from workspace"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    firm = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations_received",
        verbose_name=_("consultant firm invited"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role, blank=True
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    declined_at = models.DateTimeField(_("declined"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    client_link = models.ForeignKey(
        ClientLink,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("client link made"),
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "email"],
                condition=_open_invitation() & ~models.Q(kind="firm"),
                name="one_open_invitation_per_address",
            ),
            models.UniqueConstraint(
                fields=["workspace", "firm"],
                condition=_open_invitation() & models.Q(kind="firm"),
                name="one_open_invitation_per_firm",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="firm", firm__isnull=False, email="")
                    | (
                        models.Q(kind__in=["person", "access"], firm__isnull=True)
                        & ~models.Q(email="")
                    )
                ),
                name="invitation_addressed_to_an_address_or_a_firm",
            ),
        ]
        indexes = [models.Index(fields=["email"], name="invitation_email")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.workspace} → {self.addressee} ({self.get_kind_display()})"

    @property
    def addressee(self) -> str:
        return self.firm.name if self.kind == self.Kind.FIRM else self.email

    @property
    def sender_name(self) -> str:
        """Who sent it, as the addressee reads it (the account may have gone since)."""
        sender = self.created_by
        if sender is None:
            return str(_("Someone"))
        return sender.get_full_name() or sender.get_username()

    @property
    def status(self) -> "Invitation.Status":
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.declined_at:
            return self.Status.DECLINED
        if self.cancelled_at:
            return self.Status.CANCELLED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
