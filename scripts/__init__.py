"""The build of the U.S.–Japan Digital Economy Dialogue dataset: `python -m scripts <command>`.

The stages, in the order the data flows through them (scripts/build.py runs them):

    1  snapshot.py        sources/*.txt + *.source.yaml -> checked text with its provenance
    2  parse_release/     release text -> parsed release, every part located by span
    3  registry.py        reference/*.yaml -> the curated facts, indexed for matching
    4  link_records.py    parsed release + registry -> the rows one release gives
    5  merge_series/      rows + reference/dialogue-series.yaml -> the series' rows, merged
    6  assemble_tables.py every input's rows -> the package's tables, complete and sorted
    7  write_tables.py    tables -> CSV, Parquet, JSON Schemas, datapackage.json
       write_workbook.py  tables -> the Excel workbook
       write_database.py  tables -> the SQLite database
       write_datasette.py model -> the database's Datasette metadata
    8  validate/          package folder -> report of every problem
    9  publish.py         validated staging folder -> data/, schemas/, datapackage.json

Beside them: cli.py (the command line), lib/ (what every stage shares: the project's folders,
the model, IDs, errors, YAML, Japanese dates, zip files), docs/ (documents generated from the
package) and tools/ (inspect, diff, release, bench, synthetic corpora, failure table, YAML
formatting).
"""

import sys as _sys


def _module_run(argv: list[str]) -> str:
    """The module of `python [options] -m <module>`, or "" for any other command line."""
    args = iter(argv[1:])
    for arg in args:
        if arg in ("-X", "-W", "--check-hash-based-pycs"):
            next(args, None)
        elif arg.startswith("-m"):
            return arg[2:] or next(args, "")
        elif not arg.startswith("-") or arg == "-" or arg.startswith("-c"):
            return ""
    return ""


def _refuse_running_a_module() -> None:
    """`python -m scripts.build` (0.1.0's entry points) would run a module that has no main
    and exit 0 having done nothing: a CI still using the old command would pass unbuilt."""
    target = _module_run(getattr(_sys, "orig_argv", []))
    if not target.startswith("scripts.") or target == "scripts.__main__":
        return
    from scripts.cli import COMMANDS
    from scripts.lib.errors import BuildError

    name = target.rsplit(".", 1)[-1].replace("_", "-")
    command = (f"`python -m scripts {name}`" if name in {c[0] for c in COMMANDS}
               else "`python -m scripts <command>`")
    error = BuildError(f"python -m {target}", "command line",
                       "is a module of the build, not a command: nothing was built or checked",
                       f"run {command} (`python -m scripts --help` lists the commands)")
    print(f"error: {error}", file=_sys.stderr)
    raise SystemExit(2)


_refuse_running_a_module()
