"""Permissions of the insight app."""

#: Who may open the insight dashboard and the review list (``/admin/inzicht/``).
VIEW_INSIGHT = "kb_insight.view_insight"
