from django.urls import path

from . import views

app_name = "metrics"
urlpatterns = [
    path("", views.index, name="index"),
    path("stores/<int:store_id>/", views.store, name="store"),
    path("stores/<int:store_id>/upload/", views.upload, name="upload"),
    path("stores/<int:store_id>/claims/", views.claims, name="claims"),
    path(
        "stores/<int:store_id>/imports/<int:pk>/",
        views.import_check,
        name="import_check",
    ),
    path("stores/<int:store_id>/incident/", views.incident, name="incident"),
    path(
        "stores/<int:store_id>/incident/messages.csv",
        views.incident_csv,
        name="incident_csv",
    ),
]
