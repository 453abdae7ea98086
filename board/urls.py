from django.urls import path

from board import views

app_name = "board"
urlpatterns = [
    path("groep/<str:token>/", views.board, name="board"),
    path("groep/<str:token>/ik/<int:participant_id>/", views.board_person, name="person"),
    path("groep/<str:token>/doen/", views.act, name="act"),
    path("groep/<str:token>/idee/", views.idea, name="idea"),
    path("groep/<str:token>/poster/", views.poster, name="poster"),
    # The worker's pages (staff login, access layer).
    path("groepsbord/netwerk/<int:network_id>/", views.manage, name="manage"),
    path("groepsbord/netwerk/<int:network_id>/gedeelde-link/", views.shared_link, name="shared_link"),
    path("groepsbord/netwerk/<int:network_id>/kaarten/", views.cards, name="cards"),
    path(
        "groepsbord/netwerk/<int:network_id>/deelnemer/<int:participant_id>/kaart/",
        views.personal_link,
        name="personal_link",
    ),
    path(
        "groepsbord/netwerk/<int:network_id>/link/<int:link_id>/stoppen/", views.link_stop, name="link_stop"
    ),
    path(
        "groepsbord/netwerk/<int:network_id>/aanmelding/<int:signup_id>/weg/",
        views.signup_remove,
        name="signup_remove",
    ),
    path(
        "groepsbord/netwerk/<int:network_id>/idee/<int:idea_id>/weg/", views.idea_remove, name="idea_remove"
    ),
    path(
        "groepsbord/netwerk/<int:network_id>/idee/<int:idea_id>/activiteit/",
        views.idea_activity,
        name="idea_activity",
    ),
]
