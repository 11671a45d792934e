"""Where typer models live.

The shipped model is `warlog/learn/data/typer.json` (trained by `scripts/train_typer.py` on the
PLOVER gold records and warlog's own annotations). Models a user fits with `warlog train` are kept
in their models folder: `models/typer` in the user data directory (e.g.
~/.local/share/warlog/models/typer), or the folder WARLOG_MODELS or `--models` names. Each fit is
saved as the next version, `v<N>.json`, and the file `current` holds the number of the version in
use (the latest fitted, unless set otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import platformdirs

from ..errors import ConfigError
from ..settings import setting
from .model import TyperModel

SHIPPED_NAME = "typer.json"
_VERSION = re.compile(r"^v(\d+)\.json$")


def shipped_path() -> Path:
    return Path(str(resources.files("warlog.learn") / "data" / SHIPPED_NAME))


@lru_cache(maxsize=1)
def shipped_model() -> TyperModel:
    """The model shipped with warlog (loaded once per process)."""
    path = shipped_path()
    if not path.exists():
        raise ConfigError(f"the shipped typer model {path} is missing; run `python scripts/train_typer.py`")
    return TyperModel.load(path)


def models_dir(folder: Path | str | None = None) -> Path:
    """`folder` if given, else WARLOG_MODELS, else models/typer in the user data directory."""
    if folder:
        return Path(folder)
    env = setting("models")
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("warlog", appauthor=False)) / "models" / "typer"


@dataclass(frozen=True, slots=True)
class ModelStore:
    """The versioned user models in one folder."""

    folder: Path

    @classmethod
    def open(cls, folder: Path | str | None = None) -> ModelStore:
        return cls(models_dir(folder))

    def path(self, version: int) -> Path:
        return self.folder / f"v{version}.json"

    def versions(self) -> list[int]:
        if not self.folder.is_dir():
            return []
        return sorted(int(m.group(1)) for p in self.folder.iterdir() if (m := _VERSION.match(p.name)))

    def next_version(self) -> int:
        return max(self.versions(), default=0) + 1

    def save(self, model: TyperModel) -> tuple[TyperModel, Path]:
        """Save `model` as the next version and make it current; returns it with its version set."""
        numbered = model.with_version(self.next_version())
        path = numbered.save(self.path(numbered.version))
        self.set_current(numbered.version)
        return numbered, path

    def set_current(self, version: int) -> None:
        if not self.path(version).exists():
            raise ConfigError(f"no model v{version} in {self.folder}; versions: {self.versions() or 'none'}")
        pointer = self.folder / "current"
        tmp = self.folder / "current.tmp"
        tmp.write_text(f"{version}\n", "utf-8")
        tmp.replace(pointer)

    def current_version(self) -> int | None:
        pointer = self.folder / "current"
        if pointer.exists():
            text = pointer.read_text("utf-8").strip()
            if text.isdigit() and self.path(int(text)).exists():
                return int(text)
        return max(self.versions(), default=None)

    def current(self) -> TyperModel | None:
        """The model in use, or None when the user has fitted none."""
        version = self.current_version()
        return None if version is None else TyperModel.load(self.path(version))
