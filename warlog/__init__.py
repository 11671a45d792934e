"""warlog: news reports of armed conflict → a sourced, reviewable database of events, actors and
their network. The library API lives here; the CLI (`warlog.cli`) is a thin shell over it."""

__version__ = "0.1.0"
