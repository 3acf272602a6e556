"""Replace the published files with a validated build: all of them, or none.

The published set is data/, schemas/ and datapackage.json. They are swapped by renames on one
file system: the old set is first moved into .build/previous/, then the new set is moved in,
then .build/previous/ is removed. If the process dies half-way, the next build (or
`make validate`) finds .build/previous/ and puts the old set back before doing anything else,
so a reader sees the old files or the new ones, never a mix.
"""

from __future__ import annotations

import shutil
from pathlib import Path

PUBLISHED = ("datapackage.json", "data", "schemas")


def backup_dir(root: Path) -> Path:
    return root / ".build" / "previous"


def publish(staging: Path, root: Path, fail_after: int | None = None) -> None:
    """Move the staged set into place. `fail_after` (tests only) simulates a crash."""
    backup = backup_dir(root)
    if backup.exists():
        shutil.rmtree(backup)
    backup.mkdir(parents=True)
    steps = 0
    for name in PUBLISHED:
        if (root / name).exists():
            (root / name).rename(backup / name)
        steps += 1
        if fail_after is not None and steps >= fail_after:
            raise KeyboardInterrupt("simulated interruption")
    (backup / ".complete").write_text("old set fully moved aside\n")
    for name in PUBLISHED:
        (staging / name).rename(root / name)
        steps += 1
        if fail_after is not None and steps >= fail_after:
            raise KeyboardInterrupt("simulated interruption")
    shutil.rmtree(backup)


def recover(root: Path) -> bool:
    """Undo an interrupted publish; True if something was restored."""
    backup = backup_dir(root)
    if not backup.exists():
        return False
    moved_aside = (backup / ".complete").exists()
    for name in PUBLISHED:
        target = root / name
        if (backup / name).exists() or moved_aside:
            # Either the old file is in the backup, or the old set lacked it and what is in
            # place now is a new file of an unfinished swap.
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        if (backup / name).exists():
            (backup / name).rename(target)
    shutil.rmtree(backup)
    return True
