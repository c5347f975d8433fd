"""Demo data beyond the Markdown catalogue (used by ``manage.py setup_demo``)."""
