"""App API: the public, read-only DRF layer (``/api/v1/``) over :mod:`kennisbank.selectors`."""
