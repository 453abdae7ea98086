from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("toegangslog/", views.file_log_index, name="file_log_index"),
    path("toegangslog/<int:pk>/", views.file_log, name="file_log"),
    path("deelnemer/<int:pk>/", views.participant_privacy, name="participant"),
    path("deelnemer/<int:pk>/aandachtspunten/", views.attention_add, name="attention_add"),
    path("deelnemer/<int:pk>/inzage/", views.access_request, name="access_request"),
    path("deelnemer/<int:pk>/inzage.json", views.access_request_json, name="access_request_json"),
    path("deelnemer/<int:pk>/wissen/", views.erase, name="erase"),
    path("inzageverzoeken/", views.subject_access_index, name="subject_access_index"),
    path("inzageverzoeken/<int:pk>/", views.subject_access, name="subject_access"),
    path("inzageverzoeken/<int:pk>/inzage.json", views.subject_access_json, name="subject_access_json"),
    path("onderzoek/", views.studies, name="studies"),
    path("onderzoek/<int:pk>/", views.study, name="study"),
    path("onderzoek/<int:pk>/export/<slug:fmt>/", views.study_export, name="study_export"),
    path(
        "deelnemer/<int:pk>/aandachtspunten/<int:point_pk>/verwijderen/",
        views.attention_delete,
        name="attention_delete",
    ),
]
