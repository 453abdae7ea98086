from django.urls import path

from practice import views

app_name = "practice"
urlpatterns = [
    path("netwerk/<int:network_id>/", views.network_practice, name="network"),
    path("netwerk/<int:network_id>/activiteiten/nieuw/", views.activity_create, name="activity_create"),
    path(
        "netwerk/<int:network_id>/activiteiten/<int:activity_id>/", views.activity_edit, name="activity_edit"
    ),
    path(
        "netwerk/<int:network_id>/activiteiten/<int:activity_id>/andere-datum/",
        views.session_other_date,
        name="session_other_date",
    ),
    path(
        "netwerk/<int:network_id>/activiteiten/<int:activity_id>/bijeenkomst/<str:day>/",
        views.session,
        name="session",
    ),
    path(
        "netwerk/<int:network_id>/activiteiten/<int:activity_id>/bijeenkomst/<str:day>/afgelasten/",
        views.session_cancel,
        name="session_cancel",
    ),
    path("netwerk/<int:network_id>/taken/", views.tasks, name="tasks"),
    path("netwerk/<int:network_id>/routes/", views.stages, name="stages"),
    path("netwerk/<int:network_id>/logboek/", views.logbook, name="logbook"),
    path("netwerk/<int:network_id>/logboek/nieuw/", views.logentry_edit, name="logentry_create"),
    path("netwerk/<int:network_id>/logboek/<int:entry_id>/", views.logentry_edit, name="logentry_edit"),
    path("netwerk/<int:network_id>/huisregels/", views.house_rules, name="rules"),
    path("netwerk/<int:network_id>/huisregels/nieuw/", views.house_rule_edit, name="rule_create"),
    path("netwerk/<int:network_id>/huisregels/<int:rule_id>/", views.house_rule_edit, name="rule_edit"),
    path("netwerk/<int:network_id>/opvolging/", views.followups, name="followups"),
    path("netwerk/<int:network_id>/opvolging/<int:followup_id>/", views.followup, name="followup"),
    path("netwerk/<int:network_id>/dashboard/", views.dashboard, name="dashboard"),
]
