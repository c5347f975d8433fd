"""Channels: website, app API, social and phone adapters over one canonical content item."""
