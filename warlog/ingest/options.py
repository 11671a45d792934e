"""What every reader shares: how to read (`ReadOptions`), what a reader yields (`ReadResult`), and the
rejection an `InputRejected` becomes. Below every reader; imports none of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import httpx

from ..errors import InputRejected
from ..model import RawDocument, Rejection, RejectReason

ReadResult = RawDocument | Rejection


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read. `http` and `stdin` are injectable so tests stay off the network and the tty.

    `timeout` bounds a whole fetch (resolving, connecting, redirects and every read), not each read.
    `allow_private` lets fetches reach private, loopback, link-local and reserved addresses (a server
    on your own network); off, such a URL, link or redirect is refused as `private_address`."""

    max_bytes: int = 10_000_000
    timeout: float = 20.0
    user_agent: str = "warlog/0.1"
    fetch_links: str = "auto"  # feeds: "auto" (when the entry has little text), "always", "never"
    http: httpx.Client | None = None
    stdin: BinaryIO | None = None
    allow_private: bool = False


def rejection(exc: InputRejected, origin: str) -> Rejection:
    return Rejection(exc.origin or origin, RejectReason(exc.reason), exc.message)
