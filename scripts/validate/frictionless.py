"""frictionless on the whole package: the compatibility check, as our users run it.

Our own checks (scripts/validate/checks.py) cover what frictionless checks on this package,
and tests/test_differential.py proves it error kind by error kind; frictionless is run on
request (`python -m scripts validate --with-frictionless`, or `build --with-frictionless`)
and by `make test`, to show that the package is valid for the tool its users have.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

from scripts.validate.report import Report


def check_frictionless(directory: Path, report: Report) -> None:
    """frictionless's validation of datapackage.json and every resource, in this process."""
    from frictionless import Package, system

    with system.use_context(trusted=True), plain_pandas_rows():
        result = Package(str(directory / "datapackage.json")).validate()
    for task in result.tasks:
        for error in task.errors:
            report.add(task.name, f"frictionless: {error.message}",
                       getattr(error, "row_number", None), getattr(error, "field_name", None))
    for error in result.errors:
        report.add("datapackage.json", f"frictionless: {error.message}")


def plain_pandas_rows():
    """pandas 3 infers a string dtype for each row DataFrame.iterrows builds, a third of
    frictionless's time on Parquet; the rows' values are the same without it. The option is
    deprecated (pandas 4 drops it): where it is gone, nothing changes."""
    import pandas as pd

    stack = contextlib.ExitStack()
    stack.enter_context(warnings.catch_warnings())
    warnings.filterwarnings("ignore", message=".*future.infer_string")
    try:
        pd.get_option("future.infer_string")
    except (KeyError, pd.errors.OptionError):
        return stack
    stack.enter_context(pd.option_context("future.infer_string", False))
    return stack
