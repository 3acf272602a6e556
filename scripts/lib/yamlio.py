"""Reading and writing the curated YAML files: safe loader, errors that name the file and line."""

from __future__ import annotations

from pathlib import Path

import yaml

from scripts.lib.errors import BuildError

# libyaml's C parser with the safe constructor when PyYAML was built with it (the pinned wheel
# is): the same documents, several times faster than the pure-Python parser. A document it
# rejects is parsed again by the pure-Python parser, so that errors read as they always have.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path):
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(path, "file", "does not exist", "restore it from git") from None
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError:
        pass  # parse again with the pure-Python parser, whose messages are the ones we report
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        place = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        problem = getattr(error, "problem", None) or str(error)
        raise BuildError(path, place, f"YAML does not parse: {problem}",
                         "fix the YAML syntax at that place") from None


def dump_yaml(data) -> str:
    """The canonical form of a curated YAML file (what `make format-reference` writes)."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False, indent=2)
