"""URLs of the LPDC stream, mounted at ``/doc/`` (the paths of LPDC's reference stub)."""

from django.urls import path

from . import views

app_name = "lpdc"
urlpatterns = [
    path("instancesnapshot", views.instance_snapshots, name="instancesnapshot"),
    path("<str:name>", views.context_document, name="context"),
]
