from django.urls import path

from quality import views

app_name = "quality"
urlpatterns = [
    path("netwerk/<int:network_id>/", views.network_quality, name="network"),
    path("netwerk/<int:network_id>/reflectie/", views.reflection_new, name="reflection_new"),
    path("netwerk/<int:network_id>/randvoorwaarde/<slug:key>/", views.precondition_edit, name="precondition"),
    path("netwerk/<int:network_id>/evaluatie/", views.evaluation_new, name="evaluation_new"),
    path("reflectie/<int:pk>/", views.reflection_detail, name="reflection"),
    path("evaluatie/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluatie/<int:pk>/verslag.docx", views.evaluation_docx, name="evaluation_docx"),
    path("evaluatie/<int:pk>/bewerken/", views.evaluation_edit, name="evaluation_edit"),
    path("procesevaluatie/", views.process, name="process"),
    path("procesevaluatie.docx", views.process_docx, name="process_docx"),
]
