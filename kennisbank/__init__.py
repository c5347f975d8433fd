"""Kennisbank: Wagtail content model, readability checks and editorial services."""
