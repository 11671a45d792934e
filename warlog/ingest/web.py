"""Fetching, with httpx: the bytes of a URL (an article page, a feed, a feed entry's link), read by
`warlog.ingest.files.read_url` and `warlog.ingest.feeds`; this module reads none of them.

Every fetch is bounded: `timeout` is a deadline for the whole fetch (resolving, connecting, every
redirect and every read — a server trickling a byte at a time is cut there), and the size limit
holds while the body streams in, after any gzip/deflate decoding. A URL, link or redirect whose host
resolves to a private, loopback, link-local, multicast or reserved address is refused unless
`allow_private` is set, so a feed cannot make warlog fetch from the machine or network it runs on.
Being offline, a timeout or an HTTP error is a clear `fetch_failed` rejection of that one input."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ..errors import FetchError, InputRejected
from ..model import RejectReason
from .decode import InputKind, check_size, sniff
from .meta import url_problem
from .options import ReadOptions

FEED_TYPES = ("rss", "atom", "rdf", "/xml", "+xml")
MAX_REDIRECTS = 10
#: Content encodings decoded while streaming; others (brotli, zstd) could expand without bound.
ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})
ALLOW_HINT = "pass --allow-private (or set WARLOG_ALLOW_PRIVATE=1) to fetch from your own network"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    data: bytes
    content_type: str
    charset: str | None


class Deadline:
    """The end of one fetch. A timer shuts the fetch's sockets down when it comes, which ends a read
    that is still waiting, however slowly the server sends."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._cut)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        """Seconds left; TimeoutError when none are."""
        left = self.end - time.monotonic()
        if left <= 0 or self.expired:
            raise TimeoutError
        return left

    def trace(self, event: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: watch each socket as soon as it is connected."""
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            self.watch(info.get("return_value"))

    def watch(self, stream: Any) -> None:
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _shutdown(sock)

    def _cut(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or detached by TLS
        sock.shutdown(socket.SHUT_RDWR)


class Fetcher:
    """A lazily created httpx client shared by one read; closes only a client it made itself."""

    def __init__(self, opts: ReadOptions) -> None:
        self.opts = opts
        self._client = opts.http
        self._owned = False

    def client(self) -> httpx.Client:
        if self._client is None:
            # No kept-alive connections: each fetch connects anew, so the deadline sees its socket.
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.opts.timeout), follow_redirects=False,
                limits=httpx.Limits(max_keepalive_connections=0),
                headers={"User-Agent": self.opts.user_agent, "Accept-Encoding": "gzip, deflate",
                         "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                         "text/plain;q=0.8,*/*;q=0.5"})
            self._owned = True
        return self._client

    def get(self, url: str) -> Fetched:
        """GET `url` within the deadline and size limit, following redirects that pass the address
        check; raises FetchError, or InputRejected (invalid_url, private_address, too_large)."""
        target = fetchable(url)
        host = target.host or url
        deadline = Deadline(self.opts.timeout)
        late = (f"{url}: {host} did not send the page within {self.opts.timeout:g} s (the limit for a whole "
                "fetch); try again later or raise WARLOG_TIMEOUT")
        try:
            return self._follow(target, deadline)
        except TimeoutError:
            raise FetchError(late, url) from None
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
            if deadline.expired or isinstance(exc, httpx.TimeoutException):
                raise FetchError(late, url) from None
            if isinstance(exc, httpx.ConnectError):
                raise FetchError(f"{url}: cannot connect to {host} ({exc}); check the network connection "
                                 "or proxy — when offline, save pages and ingest the files", url) from None
            raise FetchError(f"{url}: fetch failed ({type(exc).__name__}: {exc})", url) from None
        finally:
            deadline.cancel()

    def _follow(self, target: httpx.URL, deadline: Deadline) -> Fetched:
        for _ in range(MAX_REDIRECTS + 1):
            if not self.opts.allow_private:
                check_address(target, deadline)
            request = self.client().build_request("GET", target, timeout=httpx.Timeout(deadline.left()),
                                                  extensions={"trace": deadline.trace})
            resp = self.client().send(request, stream=True, follow_redirects=False)
            try:
                deadline.watch(resp.extensions.get("network_stream"))
                if resp.next_request is None:
                    return self._body(resp, deadline)
                target = resp.next_request.url
            finally:
                resp.close()
            fetchable(str(target))
        raise FetchError(f"{target}: more than {MAX_REDIRECTS} redirects; give the final URL", str(target))

    def _body(self, resp: httpx.Response, deadline: Deadline) -> Fetched:
        url = str(resp.url)
        if resp.status_code >= 400:
            raise FetchError(f"{url}: the server answered HTTP {resp.status_code} {resp.reason_phrase}", url)
        encoding = resp.headers.get("content-encoding", "").strip().lower()
        if encoding not in ENCODINGS:
            raise InputRejected(RejectReason.UNSUPPORTED, f"{url}: the server sent it {encoding}-encoded, "
                                "which warlog does not read; save the page and ingest the file", url)
        length = resp.headers.get("content-length")
        if length and length.isdigit():
            check_size(int(length), self.opts.max_bytes, url)
        chunks: list[bytes] = []
        size = 0
        # A response already in memory (a mock transport's) comes decoded; a streamed one is decoded here.
        in_memory = resp.is_stream_consumed
        decoder = BodyDecoder("" if in_memory else encoding, url)
        for raw in [resp.content] if in_memory else resp.iter_raw():
            deadline.left()
            chunk = decoder.decode(raw, self.opts.max_bytes - size)
            size += len(chunk)
            if size > self.opts.max_bytes:
                unpacked = " once unpacked" if encoding not in ("", "identity") else ""
                raise InputRejected(RejectReason.TOO_LARGE,
                                    f"{url}: the page is larger than the limit of {self.opts.max_bytes:,} bytes"
                                    f"{unpacked}; raise it with WARLOG_MAX_BYTES if this really is one article",
                                    url)
            chunks.append(chunk)
        if deadline.expired:  # the cut socket may look like the end of a body sent without a length
            raise TimeoutError
        ctype = resp.headers.get("content-type", "")
        return Fetched(url, b"".join(chunks), ctype.split(";")[0].strip().lower(), resp.charset_encoding)

    def close(self) -> None:
        if self._owned and self._client is not None:
            self._client.close()
            self._client = None


class BodyDecoder:
    """A body's gzip or deflate Content-Encoding undone a bounded piece at a time: a piece never comes
    out longer than the room left under the byte limit plus one byte, so a compressed bomb is refused
    as soon as it passes the limit instead of being unpacked whole."""

    def __init__(self, encoding: str, url: str) -> None:
        self.url = url
        self.encoding = encoding
        # 47: a gzip or zlib header, told apart by zlib; deflate is zlib-wrapped, or raw from old servers
        self._z = None if encoding in ("", "identity") else zlib.decompressobj(47 if "gzip" in encoding else 15)
        self._started = False

    def decode(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            return data
        try:
            out = self._z.decompress(data, max(room, 0) + 1)
        except zlib.error as exc:
            if self.encoding == "deflate" and not self._started:
                self._z, self._started = zlib.decompressobj(-15), True
                return self.decode(data, room)
            raise FetchError(f"{self.url}: the server sent a damaged {self.encoding} body ({exc}); "
                             "try again later", self.url) from None
        self._started = True
        return out


def fetchable(url: str) -> httpx.URL:
    """`url` parsed for fetching, or InputRejected(invalid_url) saying what is wrong with it."""
    try:
        target = httpx.URL(url)
        if target.scheme not in ("http", "https"):
            problem = "only http:// and https:// addresses are fetched"
        elif not target.host:
            problem = "it has no host name"
        else:
            problem = url_problem(url) or ""
    except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # IDNA errors are UnicodeErrors
        problem = f"its host or form is invalid ({exc})"
    if problem:
        raise InputRejected(RejectReason.INVALID_URL, f"{url}: cannot be fetched: {problem}; correct the "
                            "address", url)
    return target


def check_address(target: httpx.URL, deadline: Deadline) -> None:
    """Refuse (private_address) a host that resolves to any address that is not public. A name that
    does not resolve here is let through: the fetch then fails with "cannot connect"."""
    host = target.raw_host.decode("ascii", "replace")
    port = target.port or (443 if target.scheme == "https" else 80)
    for address in _resolve(host, port, deadline):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        why = _not_public(ip)
        if why:
            url = str(target)
            what = f"{host} is {why}" if host.strip("[]") == str(ip) else f"{host} is {ip}, {why}"
            raise InputRejected(RejectReason.PRIVATE_ADDRESS, f"{url}: not fetched: {what}; {ALLOW_HINT}", url)


def _not_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None and _not_public(inner):
            return f"which carries {inner}, {_not_public(inner)}"
    for test, what in (("is_loopback", "a loopback address (this machine)"),
                       ("is_link_local", "a link-local address"), ("is_multicast", "a multicast address"),
                       ("is_unspecified", "the unspecified address"), ("is_private", "a private address"),
                       ("is_reserved", "a reserved address")):
        if getattr(ip, test):
            return what
    return None if ip.is_global else "not a public address"


def _resolve(host: str, port: int, deadline: Deadline) -> list[str]:
    """The addresses `host` resolves to, waiting no longer than the deadline ([] when it does not
    resolve). Resolving runs in a thread, since getaddrinfo itself cannot be given a timeout."""
    found: list[str] = []

    def work() -> None:
        with contextlib.suppress(OSError, UnicodeError, ValueError):
            found.extend(str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(deadline.left())
    if thread.is_alive():
        raise TimeoutError
    return found


def kind_of(fetched: Fetched) -> InputKind:
    ctype = fetched.content_type
    if ctype in ("text/html", "application/xhtml+xml"):
        return InputKind.HTML
    if any(t in ctype for t in FEED_TYPES):
        sniffed = sniff(fetched.data)
        return sniffed if sniffed in (InputKind.FEED, InputKind.HTML) else InputKind.FEED
    return sniff(fetched.data, urlsplit(fetched.url).path)
