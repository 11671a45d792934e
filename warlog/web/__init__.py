"""warlog's local web interface: the analyst's desk (`warlog serve`). `create_app` in `app.py`."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
