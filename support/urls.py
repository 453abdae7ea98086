from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("netwerk/<int:network_id>/", views.network_support, name="network"),
    path("netwerk/<int:network_id>/vastleggen/", views.record, name="record"),
    path("netwerk/<int:network_id>/deelnemer/<int:participant_id>/", views.participant, name="participant"),
    path("netwerk/<int:network_id>/export.graphml", views.export, {"fmt": "graphml"}, name="export_graphml"),
    path("netwerk/<int:network_id>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("waarneming/<int:pk>/verwijderen/", views.delete, name="delete"),
]
