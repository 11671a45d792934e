"""The warlog exception tree. Every error warlog raises on purpose is one of these.

    WarlogError                      base: catch this to catch everything warlog raises on purpose
    ├── ConfigError                  a setting or command-line value is wrong (bad --published, bad path)
    │   └── UnknownPlace             a place name given by hand (a review edit) that the gazetteer lacks
    ├── InputRejected                one input cannot become a document (binary, empty, too large,
    │   │                            undecodable, malformed record, fetch failed); carries `reason`
    │   └── FetchError               a URL or feed could not be fetched (offline, timeout, HTTP error)
    ├── StoreError                   the database cannot be opened, migrated or written
    │   └── SchemaVersionError       the database was written by a newer warlog
    ├── GazetteerError               the gazetteer index cannot be built, opened or written
    └── NotFound                     a document (or later: event, actor) id that is not in the store

Messages say what happened and what to do about it. The CLI is the only place that turns these into
exit codes (see `warlog.cli`): ConfigError → 2, NotFound → 3, StoreError → 4, any other WarlogError → 1.
An InputRejected raised while ingesting a batch never stops the batch: the pipeline records it as a
rejection row (`Rejection`) and goes on with the next input.
"""

from __future__ import annotations


class WarlogError(Exception):
    """Base of every error warlog raises on purpose."""


class ConfigError(WarlogError):
    """A setting or a command-line value is wrong; the message names it and the accepted form."""


class UnknownPlace(ConfigError):
    """A place name given by hand (an analyst's edit of an event's location) that the gazetteer does not
    know: it is refused rather than stored without coordinates; the message says how to give it."""


class InputRejected(WarlogError):
    """One input cannot become a document. `reason` is a short machine-readable code
    (see `warlog.model.RejectReason`); the message is for people."""

    def __init__(self, reason: str, message: str, origin: str = "") -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.origin = origin


class FetchError(InputRejected):
    """A URL or feed could not be fetched."""

    def __init__(self, message: str, origin: str = "") -> None:
        super().__init__("fetch_failed", message, origin)


class StoreError(WarlogError):
    """The database cannot be opened, migrated or written."""


class SchemaVersionError(StoreError):
    """The database was written by a newer warlog than this one."""


class GazetteerError(WarlogError):
    """The gazetteer index cannot be built, opened or written (see `warlog gazetteer build`)."""


class NotFound(WarlogError):
    """An id that is not in the store."""
