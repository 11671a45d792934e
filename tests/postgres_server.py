"""A PostgreSQL server for the tests: the one TEST_POSTGRES_URL names, or a throw-away cluster started
from the installed PostgreSQL binaries (initdb, pg_ctl; run as the `postgres` user when the tests run
as root, which PostgreSQL refuses) in a temporary folder, stopped at the end. None where there is
neither: the tests that need one skip."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _binaries() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return versions[-1].parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str | None]:
    """The URL of a database the tests may create schemas in, or None."""
    given = os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
        return
    bin_dir = _binaries()
    if bin_dir is None:
        yield None
        return
    as_user: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="warlog-pg-"))
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    try:
        subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "warlog",
                        "-E", "UTF8", "--no-sync"], **run)  # type: ignore[call-overload]
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "log"),
                        "-o", f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                              "-c synchronous_commit=off -c full_page_writes=off", "start"], **run)  # type: ignore[call-overload]
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(folder, ignore_errors=True)
        yield None
        return
    try:
        yield f"postgresql://warlog@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def schema_url(server: str) -> str:
    """A URL of the server whose store lives in a new schema of its own."""
    from warlog.store.postgres import with_schema

    return with_schema(server, f"t{uuid.uuid4().hex[:16]}")


def drop_schema(url: str) -> None:
    import psycopg

    from warlog.store.postgres import schema_of

    schema = schema_of(url)
    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
