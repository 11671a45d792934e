"""A brake on guessing passwords at the desk's login form.

After `per_account` (5) failed logins for one account name, or `per_address` (20) from one client
address, within `window_s` (15 minutes), further attempts are refused with HTTP 429 and a
`Retry-After` header, before any password is checked, until the oldest of those failures leaves the
window. A successful login clears its account's failures (and takes itself off its address's count).

Every attempt is counted as a failure when it starts and taken back when it succeeds, so many
attempts sent at once cannot slip past the limit while their passwords are being checked.

The counters live in memory, in the server process (`app.state.login_throttle`): a restart clears
them, and several server processes count apart. The address is the TCP peer's: behind a reverse proxy
every client has the proxy's address, so the per-address limit then counts everyone together.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

#: Stale entries are swept out once a table holds more names or addresses than this.
SWEEP_AT = 4096


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a login attempt is refused now, and how many seconds until the next one is heard."""

    reason: str
    wait_s: int

    def message(self) -> str:
        minutes = max(1, math.ceil(self.wait_s / 60))
        when = time.strftime("%H:%M UTC", time.gmtime(time.time() + self.wait_s))
        return (f"too many failed logins {self.reason}: try again in {minutes} minute{'s' if minutes > 1 else ''} "
                f"(after {when})")


@dataclass
class LoginThrottle:
    """Failed-login counts per account name and per client address, over a sliding window."""

    per_account: int = 5
    per_address: int = 20
    window_s: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _accounts: dict[str, deque[float]] = field(default_factory=dict)
    _addresses: dict[str, deque[float]] = field(default_factory=dict)

    def begin(self, account: str, address: str) -> Refusal | None:
        """Before checking a password: a Refusal when this account or address is over its limit,
        else None, with the attempt counted as failed until `succeeded` takes it back."""
        now = self.clock()
        for table, key, limit, reason in ((self._accounts, account, self.per_account, "for this account"),
                                          (self._addresses, address, self.per_address, "from your address")):
            recent = self._recent(table, key, now)
            if len(recent) >= limit:
                return Refusal(reason, max(1, math.ceil(recent[-limit] + self.window_s - now)))
        for table, key, limit in ((self._accounts, account, self.per_account),
                                  (self._addresses, address, self.per_address)):
            table.setdefault(key, deque(maxlen=limit)).append(now)
            if len(table) > SWEEP_AT:
                self._sweep(table, now)
        return None

    def succeeded(self, account: str, address: str) -> None:
        """The password was right: the account starts again from nothing, and the address's count
        loses this attempt."""
        self._accounts.pop(account, None)
        recent = self._addresses.get(address)
        if recent:
            recent.pop()

    def _recent(self, table: dict[str, deque[float]], key: str, now: float) -> deque[float]:
        recent = table.get(key)
        if recent is None:
            return deque()
        while recent and recent[0] <= now - self.window_s:
            recent.popleft()
        return recent

    def _sweep(self, table: dict[str, deque[float]], now: float) -> None:
        for key in [k for k, v in table.items() if not v or v[-1] <= now - self.window_s]:
            del table[key]
