from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from warlog.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--store-backend", choices=("sqlite", "postgres"), default="sqlite",
                     help="the backend of the tests' throw-away stores (postgres: TEST_POSTGRES_URL, or a "
                          "cluster started from the installed PostgreSQL)")


@pytest.fixture(scope="session")
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL server the tests may create schemas in (skip where there is none)."""
    from .postgres_server import postgres_server

    with postgres_server() as url:
        if url is None:
            pytest.skip("no PostgreSQL server: set TEST_POSTGRES_URL or install PostgreSQL")
        yield url


@pytest.fixture
def new_store(request: pytest.FixtureRequest) -> Iterator[Callable[..., Store]]:
    """Opens throw-away stores of the backend the run tests (--store-backend), closed and dropped after."""
    opened: list[tuple[Store, str | None]] = []
    server = request.getfixturevalue("postgres_url") if request.config.getoption("--store-backend") == "postgres" \
        else None

    def make(*, dedup: bool | None = None) -> Store:
        from .postgres_server import schema_url

        url = schema_url(server) if server else None
        s = open_store(url or ":memory:", dedup=dedup)
        opened.append((s, url))
        return s

    yield make
    for s, url in opened:
        s.close()
        if url:
            from .postgres_server import drop_schema

            drop_schema(url)


@pytest.fixture
def store(new_store: Callable[..., Store]) -> Store:
    return new_store()


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the development checkout)")
    return path


def vocabulary_copy(tmp_path: Path, appended: dict[str, str] | None = None) -> Path:
    """A copy of warlog's vocabulary data folder, with lines appended to some of its files."""
    import shutil

    from warlog.vocab.loader import data_folder

    folder = tmp_path / "data"
    shutil.copytree(data_folder(), folder)
    for name, lines in (appended or {}).items():
        with (folder / name).open("a", encoding="utf-8") as fh:
            fh.write(lines)
    return folder


def vocabulary_problems(folder: Path) -> str:
    """What `check_vocabulary` says of a data folder, one problem a line."""
    from warlog.vocab import check_vocabulary, read_vocabulary

    return "\n".join(check_vocabulary(read_vocabulary(folder)))
