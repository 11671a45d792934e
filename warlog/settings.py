"""One table of settings: name, environment variable, default, help. Every WARLOG_* variable warlog
reads is listed here, with the one default it has (`warlog settings` prints the table;
tests/test_architecture.py checks both). Most are read through `Settings`; the spaCy model, gazetteer,
user-places and typer-model paths through `setting(name)` where those resources are loaded, since they
are loaded once per process outside any command. No other module reads a WARLOG_* variable."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from .errors import ConfigError


def default_db_path() -> Path:
    """`warlog.db` in the user's data directory (e.g. ~/.local/share/warlog on Linux)."""
    return Path(platformdirs.user_data_dir("warlog", appauthor=False)) / "warlog.db"


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    env: str
    default: Any
    parse: Callable[[str], Any]
    help: str


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise ValueError("must be a positive integer")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise ValueError("must be a positive number")
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "WARLOG_DB", None, str,
            "the store: a SQLite database path (default: warlog.db in the user's data directory) or a "
            "postgresql:// URL for the shared PostgreSQL store"),
    Setting("max_bytes", "WARLOG_MAX_BYTES", 10_000_000, _positive_int,
            "largest input accepted, in bytes; larger inputs are rejected as too_large"),
    Setting("timeout", "WARLOG_TIMEOUT", 20.0, _positive_float,
            "seconds a fetch of a URL or feed may take in all (name look-up, connect, redirects, every read)"),
    Setting("allow_private", "WARLOG_ALLOW_PRIVATE", False, lambda t: t.strip().lower() in ("1", "true", "yes", "on"),
            "fetch URLs and feed links that lead to private, loopback, link-local or reserved addresses "
            "(a server on your own network); off, they are rejected as private_address"),
    Setting("user_agent", "WARLOG_USER_AGENT", "warlog/0.1 (+conflict event research)", str,
            "User-Agent header sent when fetching URLs and feeds"),
    Setting("spacy_model", "WARLOG_SPACY_MODEL", None, str,
            "spaCy model package to load (default: the best installed English model)"),
    Setting("gazetteer", "WARLOG_GAZETTEER", None, str,
            "gazetteer index path (default: gazetteer-<version>.sqlite in the user cache directory)"),
    Setting("user_places", "WARLOG_USER_PLACES", None, str,
            "CSV of places added with `warlog gazetteer add-places` (default: beside the index)"),
    Setting("models", "WARLOG_MODELS", None, str,
            "folder of the typer models `warlog train` fits (default: models/typer in the user data directory)"),
    Setting("processes", "WARLOG_PROCESSES", 1, _positive_int,
            "spaCy processes for parsing (nlp.pipe n_process); 2 on a 2-core machine for large batches"),
    Setting("batch_size", "WARLOG_BATCH_SIZE", 32, _positive_int,
            "documents analysed together (one nlp.pipe call; each still stored in its own transaction)"),
    Setting("keep_raw", "WARLOG_KEEP_RAW", True, lambda t: t.strip().lower() not in ("0", "false", "no"),
            "store the raw input (compressed) so documents can be re-segmented later"),
    Setting("dedup", "WARLOG_DEDUP", True, lambda t: t.strip().lower() not in ("0", "false", "no", "off"),
            "merge reports of one event from several documents into one canonical event while ingesting"),
    Setting("secret", "WARLOG_SECRET", None, str,
            "key that signs the desk's session cookies (`warlog serve`); unset, a new one at each start "
            "logs everyone out"),
    Setting("user", "WARLOG_USER", None, str,
            "author of review decisions made on the command line (default: the login name)"),
)


#: Settings whose value `warlog settings` never prints.
SECRET_SETTINGS = frozenset({"secret"})


def _default(name: str) -> Any:
    """The table's default for a setting: `Settings` takes its defaults from here, never a copy."""
    return next(s.default for s in SETTINGS if s.name == name)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting's value: the table's defaults (`SETTINGS`), then WARLOG_* variables, then flags."""

    db: str | None = _default("db")
    max_bytes: int = _default("max_bytes")
    timeout: float = _default("timeout")
    user_agent: str = _default("user_agent")
    allow_private: bool = _default("allow_private")
    keep_raw: bool = _default("keep_raw")
    dedup: bool = _default("dedup")
    processes: int = _default("processes")
    batch_size: int = _default("batch_size")
    spacy_model: str | None = _default("spacy_model")
    gazetteer: str | None = _default("gazetteer")
    user_places: str | None = _default("user_places")
    models: str | None = _default("models")
    secret: str | None = _default("secret")
    user: str | None = _default("user")

    @property
    def db_path(self) -> str:
        return self.db or str(default_db_path())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then WARLOG_* variables, then explicit overrides (CLI flags) that are not None."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(s.env)
            if raw is not None and raw != "":
                try:
                    values[s.name] = s.parse(raw)
                except ValueError as exc:
                    raise ConfigError(f"{s.env}={raw!r} is not valid ({exc}); {s.help}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(cls(), **values)


def setting(name: str, env: Mapping[str, str] | None = None) -> Any:
    """One setting's value from its WARLOG_* variable (parsed), else the table's default: how a stage
    that loads a resource once per process (the spaCy model, the gazetteer, the typer models) reads its
    setting, so no module reads a WARLOG_* variable or keeps a default of its own."""
    entry = next((s for s in SETTINGS if s.name == name), None)
    if entry is None:
        raise ConfigError(f"unknown setting: {name}")
    raw = (os.environ if env is None else env).get(entry.env)
    if raw is None or raw == "":
        return entry.default
    try:
        return entry.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"{entry.env}={raw!r} is not valid ({exc}); {entry.help}") from None


def dedup_from_env(env: Mapping[str, str] | None = None) -> bool:
    """The dedup setting (WARLOG_DEDUP) alone: the store reads it when opened without an explicit one."""
    return bool(setting("dedup", env))


def tune_gc() -> None:
    """Collect cyclic garbage less often. warlog builds objects by the hundred thousand (events read
    back, analyses) and makes few reference cycles, so CPython's default (a young collection every 700
    allocations) spends more time scanning than freeing: with this, reading and serialising 20,000
    events took 55 + 15 µs an event instead of 63 + 43 (`benchmarks/queries.py`). Called by the
    command line, the benchmark's phases and the analysis workers, not on import (a library must not
    change its host's collector)."""
    import gc

    gc.set_threshold(50_000, 20, 100)
