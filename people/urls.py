from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("netwerk/<int:network_pk>/", views.network_participants, name="network_participants"),
    path("netwerk/<int:network_pk>/nieuw/", views.participant_register, name="register"),
    path("<int:pk>/", views.participant_detail, name="detail"),
    path("<int:pk>/bewerken/", views.participant_edit, name="edit"),
    path("<int:pk>/route/<int:participation_pk>/", views.route_record, name="route"),
    path("<int:pk>/netwerk-toevoegen/", views.participation_add, name="add_network"),
    path("partners/", views.partner_list, name="partners"),
    path("partners/nieuw/", views.partner_create, name="partner_create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:pk>/bewerken/", views.partner_edit, name="partner_edit"),
    path("netwerk/<int:network_pk>/partners/", views.network_partners, name="network_partners"),
    path(
        "netwerk/<int:network_pk>/partners/contact/",
        views.network_partner_contact,
        name="network_partner_contact",
    ),
    path(
        "netwerk/<int:network_pk>/partners/koppelen/", views.network_partner_link, name="network_partner_link"
    ),
    path(
        "netwerk/<int:network_pk>/partners/contact/<int:contact_pk>/gedaan/",
        views.network_partner_done,
        name="network_partner_done",
    ),
    path("<int:pk>/samenvoegen/", views.merge_choose, name="merge_choose"),
    path("<int:pk>/samenvoegen/<int:other_pk>/", views.merge_confirm, name="merge"),
]
