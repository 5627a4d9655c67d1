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
