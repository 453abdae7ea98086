"""A URL configuration for the error-page test: the real one plus a view that fails."""

from django.urls import path

from vangnet.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


def boom(request):
    raise RuntimeError("geheime-details")


urlpatterns = [*urlpatterns, path("boom/", boom)]
