from django.urls import path

from evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("netwerk/<int:network_pk>/", views.network_rounds, name="network"),
    path("vragenlijsten/", views.template_list, name="templates"),
    path("vragenlijsten/nieuw/", views.template_upload, name="template_upload"),
    path("vragenlijsten/<int:pk>/", views.template_detail, name="template"),
    path("rondes/nieuw/", views.round_create, name="round_create"),
    path("rondes/<int:pk>/", views.round_detail, name="round"),
    path("rondes/<int:pk>/wijzigen/", views.round_edit, name="round_edit"),
    path("rondes/<int:pk>/analyse/", views.round_analysis, name="round_analysis"),
    path("rondes/<int:pk>/gesprek/<int:participant_pk>/", views.interview_start, name="interview_start"),
    path("gesprekken/<int:pk>/", views.interview, name="interview"),
    path("gesprekken/<int:pk>/verslag/", views.report, name="report"),
    path("gesprekken/<int:pk>/verslag/voorlezen.docx", views.report_print, name="report_print"),
    path("gesprekken/<int:pk>/markeren/", views.highlight_create, name="highlight_create"),
    path("markeringen/<int:pk>/verwijderen/", views.highlight_delete, name="highlight_delete"),
    path("analyse/", views.analysis, name="analysis"),
    path("codeboek/", views.codebook, name="codebook"),
    path("codeboek/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("codeboek/codeboek.qdc", views.codebook_qdc, name="codebook_qdc"),
    path("codeboek/codeboek.xlsx", views.codebook_xlsx, name="codebook_xlsx"),
    path("codeboek/thematische-analyse.qdpx", views.project_qdpx, name="project_qdpx"),
    path("themas/", views.themes, name="themes"),
    path("themas/thematisch-verslag.docx", views.thematic_report, name="thematic_report"),
]
