"""The problems validation found, each naming the file it is in."""

from __future__ import annotations


class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, file: str, problem: str) -> None:
        self.problems.append(f"{file}: {problem}")

    @property
    def ok(self) -> bool:
        return not self.problems
