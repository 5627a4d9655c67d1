from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.workspace_list, name="workspaces"),
    path("new/", views.workspace_create, name="workspace_create"),
    path("<int:pk>/", views.workspace_detail, name="workspace"),
    path("<int:pk>/stores/new/", views.store_create, name="store_create"),
    path(
        "<int:pk>/consultants/grant/", views.client_link_grant, name="client_link_grant"
    ),
    path("links/<int:pk>/revoke/", views.client_link_revoke, name="client_link_revoke"),
    path("<int:pk>/people/add/", views.membership_add, name="membership_add"),
    path("people/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
]
