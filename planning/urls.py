from django.urls import path

from planning import views

app_name = "planning"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("netwerk/<int:network_id>/uren/", views.hours, name="hours"),
    path("netwerk/<int:network_id>/budget/", views.budget, name="budget"),
    path("netwerk/<int:network_id>/budget/wijzigen/", views.budget_edit, name="budget_edit"),
    path("netwerk/<int:network_id>/groeiprognose/", views.growth_forecast, name="forecast"),
]
