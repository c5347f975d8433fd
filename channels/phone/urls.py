"""Routes of the operator console, mounted at ``/onthaal/``."""

from django.urls import path

from . import views

app_name = "phone"

urlpatterns = [
    path("", views.console, name="console"),
    path("login/", views.ConsoleLoginView.as_view(), name="login"),
    path("logout/", views.ConsoleLogoutView.as_view(), name="logout"),
    path("zoeken/", views.search_results, name="search"),
    path("niet-gevonden/", views.report_gap, name="gap"),
    path("item/<slug:external_id>/", views.item_detail, name="item"),
    path("item/<slug:external_id>/feedback/", views.item_feedback, name="feedback"),
    path("contact/", views.register_contact, name="contact"),
    path("teams/", views.team_directory, name="teams"),
    path("berichten/", views.message_list, name="messages"),
    path("berichten/<int:pk>/", views.message_detail, name="message"),
    path("item/<slug:external_id>/favoriet/", views.toggle_favourite, name="favourite"),
    path("terugbellen/", views.callback_request, name="callback"),
    path("scripts/", views.script_index, name="scripts"),
    path("levensgebeurtenissen/", views.life_events, name="life-events"),
    path("scripts/<slug:theme_slug>/", views.script_theme, name="script-theme"),
]
