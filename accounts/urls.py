from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views, views_auth

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views_auth.LoginView.as_view(), name="login"),
    path("inloggen/controle/", views_auth.verify, name="2fa_verify"),
    path("tweestaps/", views_auth.settings_page, name="2fa"),
    path("tweestaps/instellen/", views_auth.enrol, name="2fa_enrol"),
    path("tweestaps/reservecodes/", views_auth.backup_codes, name="2fa_backup_codes"),
    path("wachtwoord-wijzigen/", views_auth.PasswordChangeView.as_view(), name="password_change"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_set.html", success_url=reverse_lazy("accounts:login")
        ),
        name="password_reset_confirm",
    ),
    path("gebruikers/", views.user_list, name="users"),
    path("gebruikers/nieuw/", views.user_invite, name="user_invite"),
    path("gebruikers/<int:pk>/", views.user_edit, name="user_edit"),
    path("locaties/", views.location_list, name="locations"),
    path("locaties/nieuw/", views.location_create, name="location_create"),
    path("locaties/<int:pk>/", views.location_edit, name="location_edit"),
    path("organisatie/", views.organisation_edit, name="organisation"),
]
