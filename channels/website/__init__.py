"""Public website: server-rendered Dutch pages over :mod:`kennisbank.selectors` (public scope only)."""
