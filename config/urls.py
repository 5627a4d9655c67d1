from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from accounts.throttle import PasswordResetView
from appeals import views as appeal_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("dashboard/", appeal_views.dashboard, name="dashboard"),
    path("healthz", account_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("workspace/", include("accounts.urls")),
    # Invitations are the addressee's, not a workspace's: they live outside it.
    path("invitations/", account_views.invitation_list, name="invitations"),
    path(
        "invitations/<int:pk>/accept/",
        account_views.invitation_accept,
        name="invitation_accept",
    ),
    path(
        "invitations/<int:pk>/decline/",
        account_views.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "invitations/<str:token>/",
        account_views.invitation_detail,
        name="invitation",
    ),
    path("appeals/", include("appeals.urls")),
    path("metrics/", include("metrics.urls")),
    path("admin/", admin.site.urls),
]

handler400 = account_views.bad_request
