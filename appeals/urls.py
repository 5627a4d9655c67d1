from django.urls import path

from . import team_views, views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
    path("export.csv", team_views.appeal_list_csv, name="list_csv"),
    path("clients/", team_views.client_list, name="clients"),
    path("clients/<int:pk>/", team_views.client_detail, name="client"),
    path("audit/<int:pk>/", team_views.audit_log, name="audit_log"),
    path("start/", views.start, name="start"),
    path("check/", views.check_letter, name="check_letter"),
    path(
        "start/from-metrics/<int:store_id>/",
        views.start_from_rate,
        name="start_from_rate",
    ),
    path(
        "start/from-incident/<int:store_id>/",
        views.start_from_incident,
        name="start_from_incident",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<slug:name>/", views.step, name="step"),
    path("<int:pk>/live-letter/<slug:name>/", views.live_letter, name="live_letter"),
    path("<int:pk>/letter/edit/", views.edit_letter, name="edit_letter"),
    path("<int:pk>/letter/shape/", views.set_shape, name="set_shape"),
    path("<int:pk>/export/<slug:fmt>/", views.export, name="export"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/next-round/", views.next_round, name="next_round"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/clone/", views.clone, name="clone"),
    path("<int:pk>/settings/", team_views.appeal_settings, name="settings"),
    path("<int:pk>/notes/", team_views.note_add, name="note_add"),
    path(
        "<int:pk>/notes/<int:note_pk>/share/", team_views.note_share, name="note_share"
    ),
    path("<int:pk>/withdraw/", team_views.withdraw, name="withdraw"),
    path("<int:pk>/anonymised/", team_views.anonymised, name="anonymised"),
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
]
