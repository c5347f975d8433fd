"""Phone channel: the operator console (onthaal), printable phone scripts and content gaps."""
