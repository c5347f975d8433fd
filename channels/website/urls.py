"""Website routes next to the Wagtail pages: themes, life events, search, feedback, sitemap, accessibility, contact."""

from django.urls import path

from . import views

app_name = "website"

urlpatterns = [
    path("thema/<slug:slug>/", views.theme_page, name="theme"),
    path("levensgebeurtenis/<slug:slug>/", views.life_event_page, name="life-event"),
    path("zoeken/", views.search_page, name="search"),
    path("zoeken/resultaten/", views.search_results, name="search-results"),
    path("feedback/", views.feedback_submit, name="feedback"),
    path("toegankelijkheid/", views.accessibility_statement, name="accessibility"),
    path("contact/", views.contact_page, name="contact"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
