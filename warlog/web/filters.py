"""The events filters as the web pages take them from the query string, turned into the library's
`EventQuery` (the same object `warlog events` builds from its options)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from fastapi import Request

from ..decisions import STATUSES
from ..errors import ConfigError
from ..model import UNREAL
from ..query import CODEBOOKS, EventQuery
from ..review import CERTAINTIES

PAGE_SIZE = 100
#: The highest page number a listing takes (100 million rows in): beyond any store, well within SQLite's
#: integers. Higher, negative or non-numeric pages answer 400, never a server error.
MAX_PAGE = 1_000_000
#: The farthest position in the review queue `at` takes.
MAX_AT = MAX_PAGE * PAGE_SIZE
_WHOLE = re.compile(r"-?[0-9]{1,18}")  # checked before int(): a 4,300-digit string costs to convert
#: query-string keys the events filters use (passed on by links: paging, codebook, export)
FILTER_KEYS = ("type", "since", "until", "place", "actor", "certainty", "review", "q", "unreal", "doc")


def _many(request: Request, key: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in request.query_params.getlist(key):
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(dict.fromkeys(out))


def _one(request: Request, key: str) -> str | None:
    value = request.query_params.get(key, "").strip()
    return value or None


def _iso(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise ConfigError(f"{name} must be a date like 2008-06-05, not {value!r}") from None


def event_query(request: Request, *, paged: bool = True) -> EventQuery:
    """type, since, until, place, actor, certainty, review (status), q (free text), unreal (include
    hypothetical and negated events), doc; `page` (1-based) when `paged`."""
    certainty = _many(request, "certainty")
    bad = set(certainty) - set(CERTAINTIES)
    if bad:
        raise ConfigError(f"unknown certainty {', '.join(sorted(bad))}; one of {', '.join(CERTAINTIES)}")
    if not certainty and not _one(request, "unreal"):
        certainty = tuple(c for c in CERTAINTIES if c not in UNREAL)
    review = _many(request, "review")
    bad = set(review) - {*STATUSES, "all"}
    if bad:
        raise ConfigError(f"unknown review status {', '.join(sorted(bad))}; one of {', '.join(STATUSES)}, all")
    limit, offset = None, 0
    if paged:
        limit = PAGE_SIZE
        offset = (page_number(request) - 1) * PAGE_SIZE
    return EventQuery(types=tuple(t.upper() for t in _many(request, "type")), actor=_one(request, "actor"),
                      place=_one(request, "place"), since=_iso(_one(request, "since"), "since"),
                      until=_iso(_one(request, "until"), "until"), doc_id=_one(request, "doc"),
                      certainty=certainty, review=review, text=_one(request, "q"), limit=limit, offset=offset)


def page_number(request: Request) -> int:
    """`page`, 1-based (1 when absent); 400 (ConfigError) for anything but a whole number from 1 to
    MAX_PAGE."""
    return whole_number(request, "page", 1, 1, MAX_PAGE)


def whole_number(request: Request, key: str, default: int, low: int, high: int) -> int:
    """A paging parameter of the query string (`page`, the review queue's `at`): `default` when absent
    or empty; ConfigError (400), saying the accepted range, when it is not a whole number in
    [low, high], so that no value, however large, reaches SQLite's 64-bit integers."""
    text = request.query_params.get(key, "").strip()
    if not text:
        return default
    if not _WHOLE.fullmatch(text) or not low <= int(text) <= high:
        raise ConfigError(f"{key} is a whole number from {low:,} to {high:,}, not {text[:40]!r}")
    return int(text)


def search_text(request: Request, key: str = "q") -> str:
    """A full-text search parameter (the documents page's `q`), stripped; ConfigError (400) when it
    holds a NUL character, which SQLite's FTS5 query parser takes for the end of the query: the
    query, and the literal phrase the store retries with, fail ("unterminated string"), a 500 before
    (found by tests/test_openapi_fuzz.py)."""
    text = request.query_params.get(key, "").strip()
    if "\x00" in text:
        raise ConfigError(f"{key} cannot contain a NUL character (%00): search for words")
    return text


def codebook(request: Request) -> str:
    value = (request.query_params.get("codebook") or "plover").lower()
    if value not in CODEBOOKS:
        raise ConfigError(f"unknown codebook {value!r}; one of {', '.join(CODEBOOKS)}")
    return value


def query_string(request: Request, **override: str | None) -> str:
    """The current filters (and codebook) as a query string, with some keys replaced or dropped (None)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items()
             if (k in FILTER_KEYS or k == "codebook") and k not in override and v]
    pairs += [(k, v) for k, v in override.items() if v]
    return urlencode(pairs)


def filters_dict(request: Request) -> dict[str, str | list[str]]:
    """The filters as given (for the JSON answer and to refill the form)."""
    out: dict[str, str | list[str]] = {}
    for key in FILTER_KEYS:
        if key in ("type", "certainty", "review"):
            out[key] = list(_many(request, key))
        else:
            out[key] = _one(request, key) or ""
    return out
