from django.urls import path

from offline import views

app_name = "offline"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline_page, name="page"),
    path("offline/sessies/", views.session_pages, name="session_pages"),
]
