from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.appeal_list, name="list"),
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
    path("<int:pk>/escalate/", views.escalate, name="escalate"),
]
