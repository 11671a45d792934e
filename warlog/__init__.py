"""warlog: news reports of armed conflict → a sourced, reviewable database of events, actors and
their network. The library API is here (`__all__`); the CLI (`warlog.cli`) and the desk (`warlog.web`)
are shells over it.

    import warlog

    with warlog.open_store("warlog.db") as store:
        warlog.ingest(["reports/"], store)
        for event in store.events(warlog.EventQuery(types=("ASSAULT",))):
            print(warlog.event_to_dict(event))

The names are loaded when first used, so `import warlog` stays light (the command line starts
without loading the language model)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name → the module that defines it.
_API = {
    "ingest": "warlog.run", "build_document": "warlog.run", "IngestOptions": "warlog.run",
    "open_store": "warlog.store", "restore_store": "warlog.store", "Store": "warlog.store",
    "EventQuery": "warlog.query", "event_to_dict": "warlog.query",
    "write_export": "warlog.export", "evaluate_gold": "warlog.eval.gold",
    "Settings": "warlog.settings", "WarlogError": "warlog.errors",
    "Document": "warlog.model", "Event": "warlog.model", "Analysis": "warlog.model",
}

__all__ = [
    "Analysis", "Document", "Event", "EventQuery", "IngestOptions", "Settings", "Store", "WarlogError",
    "__version__", "build_document", "evaluate_gold", "event_to_dict", "ingest", "open_store", "restore_store",
    "write_export",
]

if TYPE_CHECKING:
    from .errors import WarlogError
    from .eval.gold import evaluate_gold
    from .export import write_export
    from .model import Analysis, Document, Event
    from .query import EventQuery, event_to_dict
    from .run import IngestOptions, build_document, ingest
    from .settings import Settings
    from .store import Store, open_store, restore_store


def __getattr__(name: str) -> Any:
    if name in _API:
        value = getattr(importlib.import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'warlog' has no attribute {name!r}")
