"""Insight for editors: what people search for, what they miss, feedback, readability and review status.

- :mod:`.datasets`: pure query functions returning :class:`~.datasets.Dataset` (columns + rows), each also
  exportable as CSV (:mod:`.export`).
- :mod:`.charts`: server-side inline SVG charts (no JavaScript, no CDN) with ``<title>``/``<desc>``.
- :mod:`.views`: the Wagtail admin views (``/admin/inzicht/``), registered in ``kennisbank/wagtail_hooks_insight.py``.
"""
