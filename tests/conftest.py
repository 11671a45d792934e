from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warlog.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def store() -> Iterator[Store]:
    s = open_store(":memory:")
    yield s
    s.close()


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only beside the development checkout)")
    return path
