"""Settings package: ``base`` (embedded defaults), ``production`` (env-driven), ``test``."""
