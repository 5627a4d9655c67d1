"""Forms for workspaces, stores and consultant access. They own input validation."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Marketplace, Membership, Store, Workspace

# Amazon merchant tokens are upper-case letters and digits, usually 13 or 14 of them.
SELLER_ID = re.compile(r"^[A-Z0-9]{8,20}$")


class WorkspaceForm(forms.Form):
    name = forms.CharField(
        label=_("Business name"),
        max_length=200,
        help_text=_("e.g. Shenzhen Brightsound Trading"),
    )
    kind = forms.ChoiceField(
        label=_("This workspace is for"),
        choices=Workspace.Kind.choices,
        initial=Workspace.Kind.SELLER,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Sellers pick a firm by name when granting access, so only staff may create
        # firms: anyone else could register a look-alike and receive a seller's data.
        if not (user and user.is_staff):
            self.fields["kind"].choices = [
                (Workspace.Kind.SELLER.value, Workspace.Kind.SELLER.label)
            ]
            self.fields["kind"].help_text = _(
                "Consultant firms are set up by Reinstate's staff, so sellers can trust "
                "the firm names they grant access to."
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name."), code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        name, kind = cleaned.get("name"), cleaned.get("kind")
        if (
            name
            and kind == Workspace.Kind.CONSULTANCY
            and Workspace.objects.consultancies().filter(name__iexact=name).exists()
        ):
            self.add_error(
                "name",
                forms.ValidationError(
                    _("A consultant firm with this name exists already."),
                    code="duplicate_firm",
                ),
            )
        return cleaned


class StoreForm(forms.ModelForm):
    """Add an Amazon store to ``workspace``; the same seller ID cannot be added twice."""

    class Meta:
        model = Store
        fields = ["name", "marketplace", "seller_id"]
        help_texts = {
            "name": _("The store name buyers see on Amazon, e.g. Brightsound Audio"),
        }

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["marketplace"].choices = Marketplace.choices

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the store name."), code="required")
        return name

    def clean_seller_id(self):
        seller_id = "".join(self.cleaned_data["seller_id"].split()).upper()
        if seller_id and not SELLER_ID.match(seller_id):
            raise forms.ValidationError(
                _(
                    "A seller ID has 8 to 20 letters and digits, e.g. A1B2C3D4E5F6G7. "
                    "Find it in Seller Central under Settings > Account Info > "
                    "Your Merchant Token."
                ),
                code="invalid_seller_id",
            )
        return seller_id

    def clean(self):
        cleaned = super().clean()
        seller_id, marketplace = cleaned.get("seller_id"), cleaned.get("marketplace")
        if (
            seller_id
            and marketplace
            and self.workspace.stores.filter(
                seller_id=seller_id, marketplace=marketplace
            ).exists()
        ):
            self.add_error(
                "seller_id",
                forms.ValidationError(
                    _("This workspace already has a store with this seller ID here."),
                    code="duplicate_store",
                ),
            )
        return cleaned


class FirmInviteForm(forms.Form):
    """Pick a consultant firm to invite to ``client``; a firm already linked is refused.

    The firm gets access only when one of its owners accepts.
    """

    consultancy = forms.ModelChoiceField(
        label=_("Consultant firm"),
        queryset=Workspace.objects.none(),
        empty_label=_("Choose a firm"),
        help_text=_(
            "Once one of the firm's owners accepts, the firm sees this workspace's "
            "stores, reports and appeals until you revoke access."
        ),
    )

    def __init__(self, *args, client: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["consultancy"].queryset = Workspace.objects.consultancies()

    def clean_consultancy(self):
        firm = self.cleaned_data["consultancy"]
        if self.client.consultant_links.active().filter(consultancy=firm).exists():
            raise forms.ValidationError(
                _("%(firm)s already has access to this workspace."),
                code="already_linked",
                params={"firm": firm.name},
            )
        return firm


class InviteForm(forms.Form):
    """Invite someone to a workspace by e-mail address, with a role.

    Deliberately checks nothing about accounts: the answer must not tell the inviter
    whether an address has one.
    """

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "We e-mail a link. They join once they sign in with this address and "
            "accept."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        help_text=_(
            "Owners add stores, manage people and decide which consultant firms have "
            "access. Members work on appeals and reports."
        ),
    )


class AccessRequestForm(forms.Form):
    """A consultant firm asks a seller, by e-mail address, for access to a workspace."""

    email = forms.EmailField(
        label=_("Seller's e-mail address"),
        max_length=254,
        help_text=_(
            "The address the seller signs in to Reinstate with. They choose which of "
            "their workspaces to share, if any."
        ),
    )


class AccessAcceptForm(forms.Form):
    """The seller workspace to share in answer to a firm's access request."""

    workspace = forms.ModelChoiceField(
        label=_("Workspace to share"),
        queryset=Workspace.objects.none(),
        empty_label=_("Choose a workspace"),
        help_text=_("Only workspaces you own are listed. You can revoke access later."),
    )

    def __init__(self, *args, workspaces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = workspaces
        if len(workspaces) == 1:
            self.fields["workspace"].initial = workspaces[0].pk
