"""Login sessions kept on the server, so that logging out ends a session everywhere.

The session cookie (Starlette's, signed) carries a random session id next to the user's name; the store
keeps the SHA-256 of that id with the user and when the session was last used (`web_sessions`,
migration 10). A request is logged in only while its id is in the store and was used within the idle
limit (12 hours by default, `warlog serve --session-hours`): a copy of the cookie taken before logging
out, or one left idle too long, is no login at all. Logging out deletes the record; disabling a user
or setting a new password deletes all of theirs (`warlog.users`).

The last-used time is written at most every `touch_every_s` seconds per session (five minutes, or a
twelfth of the idle limit when that is shorter), not on every page.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ..store import Store

#: the session cookie's key for the session id
SESSION_ID = "sid"
DEFAULT_IDLE_S = 12 * 3600


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass
class SessionBook:
    """The store's login sessions as the web app uses them; `clock` gives seconds since the epoch."""

    store: Store
    idle_s: float = DEFAULT_IDLE_S
    clock: Callable[[], float] = time.time

    @property
    def touch_every_s(self) -> float:
        return min(300.0, self.idle_s / 12)

    def start(self, user: str) -> str:
        """A new session for `user`; the id to put in the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        self.store.start_session(_key(session_id), user, at=_iso(now), idle_before=_iso(now - self.idle_s))
        return session_id

    def user(self, session_id: str) -> str | None:
        """The user whose live session this is; None when it ended, expired or never was."""
        found = self.store.web_session(_key(session_id))
        if found is None:
            return None
        now = self.clock()
        seen = datetime.fromisoformat(found.seen_at).timestamp()
        if now - seen >= self.idle_s:
            self.store.end_sessions(key=found.key)
            return None
        if now - seen >= self.touch_every_s:
            self.store.touch_session(found.key, _iso(now))
        return found.user

    def end(self, session_id: str) -> None:
        self.store.end_sessions(key=_key(session_id))
