"""One root for everything the build reads and writes.

A `Project` is a folder holding model/ (the tables' definitions), reference/ (curated facts),
sources/ (the release texts) and the published set (datapackage.json, data/, schemas/, docs/).
Every stage gets its paths from it, so `--root DIR` moves all of them: a copy of the
repository, or a synthetic corpus, builds with this code and that folder's model and facts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scripts.lib.model import Model

# The repository this code lives in: the default root.
CODE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Project:
        return cls(Path(root if root is not None else CODE_ROOT).resolve())

    # The folders: the tables' definitions, the curated facts, the release texts, and the
    # scratch space of the build (staging folders, the publish backup, the build lock).
    model_dir = property(lambda self: self.root / "model")
    reference_dir = property(lambda self: self.root / "reference")
    sources_dir = property(lambda self: self.root / "sources")
    build_dir = property(lambda self: self.root / ".build")

    def reference(self, name: str) -> Path:
        return self.reference_dir / name

    def relative(self, path: Path) -> str:
        """`path` as the messages and tables write it: relative to the root, with /."""
        path = Path(os.path.abspath(path))  # as given: a link is named, not what it points at
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) \
            else str(path)

    @cached_property
    def model(self) -> Model:
        # imported here: a command that needs no model (--help, a refused `python -m
        # scripts.<module>`) does not load the YAML and JSON Schema libraries
        from scripts.lib.changelog import published_version
        from scripts.lib.model import load_model

        model = load_model(self.model_dir)  # a copy of its own: the version can be set
        model.package["version"] = published_version(str(model.package["version"]), self.root)
        return model
