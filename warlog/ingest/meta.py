"""Clean metadata values that arrive with inputs (JSON lines, feeds, the command line)."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ..errors import ConfigError

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REDUCED = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


def clean_published(value: str) -> str:
    """An ISO 8601 date (`2008-06-07`) or date-time (`2008-06-07T08:42:00+00:00`), keeping the
    precision it was given with: a month (`2011-10`) or a year (`2011`) is kept as such. Accepts ISO
    forms and RFC 2822 (`Sat, 07 Jun 2008 08:42:00 GMT`). Raises ConfigError with the accepted forms
    otherwise."""
    text = value.strip()
    reduced = _REDUCED.match(text)
    if reduced and 1 <= int(reduced.group(2) or 1) <= 12:
        return text
    if _DATE_ONLY.match(text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    else:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError, OverflowError):  # a year with 20 digits overflows
            pass
    raise ConfigError(f"published date {value!r} is not understood; use ISO 8601 such as 2008-06-07, "
                      "2008-06-07T08:42:00Z, or 2008-06 or 2008 when only the month or year is known")


def from_struct_time(value: time.struct_time | None) -> str | None:
    """feedparser's parsed dates (UTC struct_time) → ISO date-time."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    except (TypeError, ValueError, OverflowError):  # a feed's year 99999 parses but is no date
        return None


def clean_text(value: object) -> str | None:
    """A metadata string with whitespace collapsed, or None when absent or blank."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\s+", " ", value).strip()
    return text or None


def url_problem(url: str) -> str | None:
    """What keeps `url` from being stored as a document's URL (it is split, and its host and port are
    read, to give the document its id), or None when it can be."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — reading it is the check: a port of 99999 or "x" raises
        host = parts.hostname
    except ValueError as exc:
        return f"it is not a well-formed URL ({exc})"
    if parts.scheme.lower() in ("http", "https") and not host:
        return "it has no host name"
    return None
