"""The problems validation found, each naming the file it is in (and the row, when a table's).

`findings` keeps them structured, (file, row, field, message), so that tests can compare our
checks with frictionless's by table and row; `problems` gives them as lines of text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    file: str
    message: str
    row: int | None = None  # the row number as frictionless counts it: the header is row 1
    field: str | None = None

    def __str__(self) -> str:
        where = "".join([f"row {self.row}" if self.row is not None else "",
                         ", " if self.row is not None and self.field else "",
                         self.field or ""])
        return f"{self.file}: {where + ': ' if where else ''}{self.message}"


class Report:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, file: str, problem: str, row: int | None = None,
            field: str | None = None) -> None:
        self.findings.append(Finding(file, problem, row, field))

    @property
    def problems(self) -> list[str]:
        return [str(finding) for finding in self.findings]

    @property
    def ok(self) -> bool:
        return not self.findings
