from django.urls import include, path
from django.views.i18n import set_language

from vangnet import home

urlpatterns = [
    path("", home.home, name="home"),
    path("", include("core.urls")),
    path("", include("offline.urls")),
    path("account/", include("accounts.urls")),
    path("netwerken/", include("networks.urls")),
    path("deelnemers/", include("people.urls")),
    path("praktijk/", include("practice.urls")),
    path("steun/", include("support.urls")),
    path("evaluatie/", include("evaluation.urls")),
    path("kwaliteit/", include("quality.urls")),
    path("privacy/", include("privacy.urls")),
    path("planning/", include("planning.urls")),
    path("import/", include("imports.urls")),
    path("perf/", include("perf.urls")),
    path("", include("board.urls")),
    path("downloads/", include("jobs.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

handler400 = "core.views.bad_request"
handler403 = "accounts.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
