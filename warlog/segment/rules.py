"""Segmentation rules: the packaged TOML (`rules/default.toml`), compiled once per site and cached.

A `Rules` object holds compiled patterns and thresholds; `rules_for(url)` picks the default rules
extended by any `[[site]]` entry whose host matches the URL's host.
"""

from __future__ import annotations

import copy
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


@dataclass(frozen=True, slots=True)
class Thresholds:
    headline_max_words: int = 25
    headline_min_words: int = 4
    subheading_max_words: int = 14
    menu_max_words: int = 5
    prose_min_words: int = 12
    sentence_min_words: int = 6
    boilerplate_max_words: int = 25
    anywhere_max_words: int = 80
    byline_max_words: int = 16
    bio_max_words: int = 90
    bio_max_blocks: int = 3
    tags_max_words: int = 60
    comment_name_max_words: int = 6


Patterns = tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Rules:
    """Compiled rules for one site (or the default)."""

    thresholds: Thresholds
    headers_strong: Patterns
    headers_weak: Patterns
    name_reject: frozenset[str]
    openers_strong: Patterns
    openers_weak: Patterns
    reply_lines: Patterns
    date_lines: Patterns
    bio: Patterns
    bio_openers: Patterns
    tags: Patterns
    byline: Patterns
    boilerplate: Patterns
    anywhere: Patterns
    list_openers: Patterns
    date_any: re.Pattern[str]
    continuation_words: frozenset[str]
    terminal: str
    closers: str
    html: dict[str, tuple[str, ...]]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    """Replace `{NAME}` tokens by their macro, repeatedly (macros may use macros)."""
    for _ in range(10):
        new = _MACRO.sub(lambda m: macros.get(m.group(1), m.group(0)), pattern)
        if new == pattern:
            return new
        pattern = new
    return pattern


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    """Extend `base` in place with a site entry: lists appended (or replaced), scalars overridden."""
    replace = bool(extra.get("replace", False))
    for key, value in extra.items():
        if key in ("hosts", "replace"):
            continue
        if isinstance(value, dict):
            sub = base.setdefault(key, {})
            if isinstance(sub, dict):
                if replace:
                    value = {**value, "replace": True}
                _merge(sub, value)
        elif isinstance(value, list) and isinstance(base.get(key), list) and not replace:
            base[key] = [*base[key], *value]
        else:
            base[key] = value


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    path = resources.files("warlog.segment").joinpath("rules").joinpath("default.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def _site_entry_matches(entry: dict[str, Any], host: str) -> bool:
    hosts = entry.get("hosts", [])
    return bool(host) and any(host == h.lower() or host.endswith("." + h.lower()) for h in hosts)


def rules_for(url: str | None = None) -> Rules:
    """The rules for a page at `url` (default rules extended by matching `[[site]]` entries)."""
    host = _host(url)
    matching = tuple(i for i, e in enumerate(_raw().get("site", [])) if _site_entry_matches(e, host))
    return _compile(matching)


@lru_cache(maxsize=64)
def _compile(site_indexes: tuple[int, ...]) -> Rules:
    raw = copy.deepcopy(_raw())
    for i in site_indexes:
        _merge(raw, raw["site"][i])
    macros: dict[str, str] = {k: str(v) for k, v in raw.get("macros", {}).items()}

    def pats(section: str, key: str) -> Patterns:
        items = raw.get(section, {}).get(key, [])
        return tuple(re.compile(_expand(str(p), macros), re.IGNORECASE) for p in items)

    known = set(Thresholds.__dataclass_fields__)
    th = Thresholds(**{k: int(v) for k, v in raw.get("thresholds", {}).items() if k in known})
    text = raw.get("text", {})
    html = {k: tuple(str(x) for x in v) for k, v in raw.get("html", {}).items() if isinstance(v, list)}
    return Rules(
        thresholds=th,
        headers_strong=pats("comments", "headers_strong"),
        headers_weak=pats("comments", "headers_weak"),
        name_reject=frozenset(str(w).lower() for w in raw.get("comments", {}).get("name_reject", [])),
        openers_strong=pats("comments", "openers_strong"),
        openers_weak=pats("comments", "openers_weak"),
        reply_lines=pats("comments", "reply_lines"),
        date_lines=pats("comments", "date_lines"),
        bio=pats("bio", "patterns"),
        bio_openers=pats("bio", "openers"),
        tags=pats("tags", "patterns"),
        byline=pats("byline", "patterns"),
        boilerplate=pats("boilerplate", "patterns"),
        anywhere=pats("boilerplate", "anywhere"),
        list_openers=pats("boilerplate", "list_openers"),
        date_any=re.compile(_expand("{DATE}", macros) if "DATE" in macros else r"(?!)", re.IGNORECASE),
        continuation_words=frozenset(str(w) for w in text.get("continuation_words", [])),
        terminal=str(text.get("terminal", ".!?:;…")),
        closers=str(text.get("closers", "\"'”’»)]}")),
        html=html,
    )


def first_match(patterns: Patterns, text: str) -> re.Match[str] | None:
    """The first pattern's match on `text` (search), or None."""
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None
