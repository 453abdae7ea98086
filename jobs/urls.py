from django.urls import path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="list"),
    path("maak/<slug:kind>/", views.job_start, name="start"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/stand/", views.job_status, name="status"),
    path("<int:pk>/bestand/", views.job_download, name="download"),
    path("<int:pk>/opnieuw/", views.job_retry, name="retry"),
    path("<int:pk>/verwijder/", views.job_delete, name="delete"),
]
