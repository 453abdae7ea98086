from django.urls import path

from networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("nieuw/", views.network_create, name="create"),
    path("<int:pk>/", views.network_detail, name="detail"),
    path("<int:pk>/bewerken/", views.network_edit, name="edit"),
    path("<int:pk>/medewerkers/", views.network_workers, name="workers"),
    path("<int:pk>/medewerkers/<int:user_pk>/verwijderen/", views.network_unassign, name="unassign"),
    path("<int:pk>/fase/", views.network_phase, name="phase"),
    path("<int:pk>/archiveren/", views.network_archive, name="archive"),
    # The participants page lives in the people app now; this keeps bookmarks of its old address working.
    path("<int:pk>/deelnemers/", views.network_participants_moved, name="participants_moved"),
]
