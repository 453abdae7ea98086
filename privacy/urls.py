from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("inzage-logboek/", views.file_log_index, name="file_log_index"),
    path("inzage-logboek/<int:pk>/", views.file_log, name="file_log"),
]
