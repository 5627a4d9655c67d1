from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.workspace_list, name="workspaces"),
    path("new/", views.workspace_create, name="workspace_create"),
    path("<int:pk>/", views.workspace_detail, name="workspace"),
    path("<int:pk>/stores/new/", views.store_create, name="store_create"),
    path("<int:pk>/consultants/invite/", views.firm_invite, name="firm_invite"),
    path("links/<int:pk>/revoke/", views.client_link_revoke, name="client_link_revoke"),
    path("<int:pk>/people/invite/", views.person_invite, name="person_invite"),
    path("people/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("<int:pk>/clients/request/", views.access_request, name="access_request"),
    path(
        "invitations/<int:pk>/cancel/",
        views.invitation_cancel,
        name="invitation_cancel",
    ),
]
