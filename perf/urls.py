from django.urls import path

from perf import views

app_name = "perf"
urlpatterns = [
    path("vloer/", views.floor, name="floor"),
]
