"""Social exports (each behind an export token), included under ``/social/``."""

from django.urls import path

from . import views

app_name = "social"

urlpatterns = [
    path("feeds/<str:network>.rss", views.feed, {"kind": "rss"}, name="feed-rss"),
    path("feeds/<str:network>.atom", views.feed, {"kind": "atom"}, name="feed-atom"),
    path("export/<str:network>/hootsuite.csv", views.hootsuite, name="hootsuite-csv"),
    path("export/<str:network>/socialbee.csv", views.socialbee, name="socialbee-csv"),
    path("export/<str:network>/buffer.csv", views.buffer_moved, name="buffer-csv"),
    path("calendar.ics", views.calendar_ics, name="calendar-ics"),
]
