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
