from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Store, Workspace


class StoreForm(forms.ModelForm):
    class Meta:
        model = Store
        fields = ["name", "marketplace", "seller_id"]


class ClientLinkGrantForm(forms.Form):
    consultancy = forms.ModelChoiceField(
        label=_("Consultant firm"),
        queryset=Workspace.objects.consultancies(),
        help_text=_(
            "The firm will see this workspace's stores, reports and appeals until you revoke access."
        ),
    )
