"""Importers and exporters: the Markdown exchange format (and later CSV, IPDC JSON-LD)."""
