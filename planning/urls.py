from django.urls import path

from planning import views

app_name = "planning"
urlpatterns = [
    path("", views.organisation, name="organisation"),
    path("netwerk/<int:network_id>/uren/", views.hours, name="hours"),
    path("netwerk/<int:network_id>/budget/", views.budget, name="budget"),
    path("netwerk/<int:network_id>/budget/wijzigen/", views.budget_edit, name="budget_edit"),
    path("netwerk/<int:network_id>/groeiprognose/", views.growth_forecast, name="forecast"),
    path("uren/<int:pk>/wijzigen/", views.hours_edit, name="hours_edit"),
    path("uren/<int:pk>/verwijderen/", views.hours_delete, name="hours_delete"),
    path("uitgaven/<int:pk>/wijzigen/", views.expense_edit, name="expense_edit"),
    path("uitgaven/<int:pk>/verwijderen/", views.expense_delete, name="expense_delete"),
    path("inkomsten/<int:pk>/wijzigen/", views.income_edit, name="income_edit"),
    path("inkomsten/<int:pk>/verwijderen/", views.income_delete, name="income_delete"),
]
