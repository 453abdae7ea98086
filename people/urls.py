from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("netwerk/<int:network_pk>/nieuw/", views.participant_register, name="register"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/bewerken/", views.participant_edit, name="edit"),
    path("<int:pk>/route/<int:participation_pk>/", views.route_record, name="route"),
    path("<int:pk>/netwerk-toevoegen/", views.participation_add, name="add_network"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/nieuw/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_edit, name="partner_edit"),
]
