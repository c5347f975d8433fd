"""Permissions of the insight app."""

#: Who may open the insight dashboard and the review list (``/admin/inzicht/``).
VIEW_INSIGHT = "kb_insight.view_insight"
#: Who may mark citizens' comments as handled in the feedback inbox (``/admin/inzicht/feedback/``).
CHANGE_FEEDBACK = "kb_channels.change_feedback"
