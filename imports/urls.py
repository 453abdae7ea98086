from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("netwerk/<int:network_id>/", views.start, name="start"),
    path("netwerk/<int:network_id>/voorbeeldblad.xlsx", views.sample, name="sample"),
    path("netwerk/<int:network_id>/<int:batch_id>/", views.batch, name="batch"),
    path("netwerk/<int:network_id>/<int:batch_id>/kolommen/", views.columns, name="columns"),
    path("netwerk/<int:network_id>/<int:batch_id>/voorbeeld/", views.preview, name="preview"),
    path("netwerk/<int:network_id>/<int:batch_id>/ongedaan-maken/", views.undo, name="undo"),
]
