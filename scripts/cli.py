"""The command line: `python -m scripts <command>`, one subcommand per job, one error handler.

Exit status, for every command: 0 done (or valid, fresh, a big enough version bump); 1 a check
found a difference (check-fresh: the published files are stale; diff: NEW's version number is
not enough for the change; docs --check, format-reference --check: files to rewrite); 2 bad
input: the message names the file, the place and the fix (an invalid package is bad input to
`validate`), and nothing was published; 130 interrupted (Ctrl-C), without a traceback; 141
the reader of the output closed it (`… | head`): no message, as for any command a closed pipe
stops (128 + SIGPIPE).
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

from scripts.lib.errors import BuildError
from scripts.lib.project import Project

INVALID_FIX = ("use the package as its release zip gives it (check the zip against SHA256SUMS), "
               "or rebuild it with `make build` in the repository")
INTERRUPTED = 130  # as a shell reports a command that Ctrl-C stopped
CLOSED_PIPE = 141  # as a shell reports a command whose reader closed the pipe (SIGPIPE)
UNCHANGED = ("nothing was published: datapackage.json, data/, schemas/, docs/, README.md and "
             ".zenodo.json are unchanged")


def run_build(args, project: Project) -> int:
    from scripts.build import build

    return build(project, path(args.sources), args.frictionless)


def run_check_fresh(args, project: Project) -> int:
    from scripts.build import check_fresh

    return check_fresh(project, path(args.sources))


def run_validate(args, project: Project) -> int:
    from scripts.validate import validate_package

    directory = Path(args.directory).resolve() if args.directory else project.root
    report = validate_package(directory, project, frictionless=args.frictionless)
    if report.ok:
        print(f"valid: {directory}")
        return 0
    print("\n".join(report.problems), file=sys.stderr)
    print(f"invalid: {len(report.problems)} problem(s)\n  fix: {INVALID_FIX}", file=sys.stderr)
    return 2


def run_inspect(args, project: Project) -> int:
    import json

    from scripts.tools.inspect import inspect_file

    print(json.dumps(inspect_file(Path(args.file), project), ensure_ascii=False, indent=2))
    return 0


def run_diff(args, project: Project) -> int:
    from scripts.tools.diff import diff
    from scripts.tools.identities import identity_of, model_identity

    # the identity columns of --root's model, or of this code's when the folder has none
    identity = identity_of(project.model) if project.model_dir.is_dir() else model_identity()
    return diff(Path(args.old), Path(args.new), args.json, identity)


def run_release(args, project: Project) -> int:
    from scripts.tools.release import release

    release(project, path(args.dist))
    return 0


def at_least_one(text: str) -> int:
    """A count of runs: a whole number, 1 or more (argparse reports anything else)."""
    if not text.isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def corpus_sizes(text: str) -> str:
    """'none', or comma-separated numbers of releases, each 1 or more."""
    if text != "none":
        for part in text.split(","):
            at_least_one(part.strip())
    return text


def run_bench(args, project: Project) -> int:
    from scripts.tools.bench import bench

    return bench(project, args.runs, args.scale, args.scale_runs, args.package, args.json)


def run_docs(args, project: Project) -> int:
    from scripts.publish import build_lock

    if args.check:  # reads only: no lock file written (a read-only checkout can be checked)
        require_valid(project)
        return write_or_compare_docs(args, project)
    with build_lock(project.root):  # not while a build publishes
        require_valid(project)
        return write_or_compare_docs(args, project)


def require_valid(project: Project) -> None:
    """The documents are made from a valid package only: a CSV edited by hand, or a file
    that does not parse, stops `docs` with the problems, before anything is written."""
    from scripts.validate import validate_package

    report = validate_package(project.root, project, documents=False)
    if not report.ok:
        raise BuildError(project.root / "datapackage.json", "validation",
                         f"the published package is not valid, so no document is made from "
                         f"it ({len(report.problems)} problem(s)):\n  "
                         + "\n  ".join(report.problems[:20]),
                         "run `make build` (it rebuilds the package and its documents)")


def write_or_compare_docs(args, project: Project) -> int:
    from scripts.docs import stale, write_all

    if not args.check:
        written = write_all(project)
        print(f"rewrote {', '.join(written)}" if written
              else "docs/ was current: nothing rewritten")
        return 0
    changed = stale(project)
    if changed:
        print("stale: " + ", ".join(changed) + "\n  fix: run `make build` (or "
              "`python -m scripts docs`) and commit the result", file=sys.stderr)
        return 1
    print("fresh: the generated documentation is current")
    return 0


def run_format_reference(args, project: Project) -> int:
    from scripts.tools.format_reference import format_reference

    return format_reference(project, args.check)


def run_failure_table(args, project: Project) -> int:
    from scripts.tools.failure_table import write_table

    return write_table(project, Path(args.messages))


def run_snapshot(args, project: Project) -> int:
    from scripts.registry import load_registry
    from scripts.snapshot import write_record

    publisher = load_registry(project).publisher(args.publisher, "--publisher")
    record = write_record(Path(args.file), args.url, publisher, args.language, args.kind,
                          path(args.sources) or project.sources_dir, update=args.update)
    print(f"wrote {record}")
    return 0


def run_synthetic(args, project: Project) -> int:
    from scripts.tools.synthetic import write_corpus

    return write_corpus(args.n, Path(args.outdir), project, args.seed)


def run_lock(args, project: Project) -> int:
    from scripts.tools.lock import lock

    return lock(project.root)


def path(value: str | None) -> Path | None:
    return Path(value).resolve() if value else None


# (name, function, help, aftermath of a BuildError, arguments)
COMMANDS = [
    ("build", run_build, "build and validate data/, schemas/, datapackage.json and the "
     "documents made from them (docs/, README.md's table, .zenodo.json); publish them together",
     UNCHANGED,
     [("--sources", {"help": "folder of release texts and records (default: sources/)"}),
      ("--with-frictionless", {"dest": "frictionless", "action": "store_true",
                               "help": "also run frictionless's validation before publishing"})]),
    ("check-fresh", run_check_fresh, "build into a temporary folder and compare with the "
     "published files as they are in the folder (committed, or edited), docs included; change "
     "nothing", UNCHANGED,
     [("--sources", {"help": "folder of release texts and records (default: sources/)"})]),
    ("validate", run_validate, "check every byte the build publishes in a package folder "
     "(hashes, types, keys, spans, descriptor, workbook, database, the generated docs, and "
     "README.md's table and .zenodo.json where the folder has them; in an unpacked release, "
     "every file against SHA256SUMS); rebuild nothing", None,
     [("directory", {"nargs": "?", "help": "package folder (default: the repository)"}),
      ("--with-frictionless", {"dest": "frictionless", "action": "store_true",
                               "help": "also run frictionless's validation (as users run it)"})]),
    ("inspect", run_inspect, "print, as JSON, what the parser reads from a release text", None,
     [("file", {"help": "the release's text (UTF-8)"})]),
    ("diff", run_diff, "what changed between two versions (folders or release zips), and "
     "whether the version number is enough", None,
     [("old", {"help": "older version: folder, datapackage.json or release zip"}),
      ("new", {"help": "newer version: folder, datapackage.json or release zip"}),
      ("--json", {"action": "store_true", "help": "print JSON instead of text"})]),
    ("release", run_release, "write dist/<name>-<version>.zip and dist/SHA256SUMS",
     "release refused: nothing was written to dist/",
     [("--dist", {"help": "output folder (default: dist/)"})]),
    ("bench", run_bench, "time the build, our validation and frictionless, and how they "
     "scale", None,
     [("--runs", {"type": at_least_one, "default": 7,
                  "help": "runs per step, real package (default: %(default)s)"}),
      ("--scale", {"type": corpus_sizes, "default": "100,1000,3000",
                   "help": "comma-separated numbers of synthetic releases, or 'none' "
                           "(default: %(default)s)"}),
      ("--scale-runs", {"type": at_least_one, "default": 3,
                        "help": "runs per corpus size (default: %(default)s)"}),
      ("--package", {"action": argparse.BooleanOptionalAction, "default": True,
                     "help": "time the steps on the real package (default: yes)"}),
      ("--json", {"action": "store_true", "help": "one JSON object per line: the real "
                                                  "package, then each N"})]),
    ("docs", run_docs, "rewrite docs/ (dictionary, dataset.jsonld, figures), README.md's "
     "table and .zenodo.json from the published package, once it is found valid",
     "nothing was rewritten",
     [("--check", {"action": "store_true", "help": "compare; change nothing (exit 1 if "
                                                   "stale)"})]),
    ("format-reference", run_format_reference, "rewrite reference/*.yaml in canonical order "
     "and format", None,
     [("--check", {"action": "store_true", "help": "change nothing; exit 1 and name the "
                                                   "files that are not in canonical form"})]),
    ("failure-table", run_failure_table, "write docs/failures.md from the failure tests' "
     "messages (make failure-table)", None,
     [("messages", {"help": "the JSON lines the failure tests wrote"})]),
    ("snapshot", run_snapshot, "write the provenance record of a saved release text", None,
     [("file", {"help": "the saved text, e.g. sources/soumu-01tsushin08_02000190.txt"}),
      ("--url", {"help": "the page's address (for a new record)"}),
      ("--publisher", {"default": "jp-mic", "help": "organization id (default jp-mic)"}),
      ("--language", {"default": "ja", "help": "the page's language, one of sources.language "
                                               "in model/tables.yaml (default: ja)"}),
      ("--kind", {"default": "press_release", "help": "what the page is, one of sources.kind "
                                                      "in model/tables.yaml (default: "
                                                      "press_release)"}),
      ("--update", {"action": "store_true",
                    "help": "only refresh sha256 and bytes of the existing record"}),
      ("--sources", {"help": "the folder the build reads the text from (default: sources/); "
                             "a text elsewhere is refused"})]),
    ("lock", run_lock, "resolve requirements.lock, requirements-dev.lock and the consumer "
     "environments' locks from pyproject.toml (reads the package index)", None, []),
    ("synthetic", run_synthetic, "write N synthetic releases (tests and benchmark only)", None,
     [("n", {"type": int, "help": "number of releases"}),
      ("outdir", {"help": "folder to write the releases and records into"}),
      ("--seed", {"type": int, "default": 0})]),
]


@functools.cache  # made once per process (the tests call main() hundreds of times)
def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="python -m scripts", description="Build, check and release the U.S.–Japan "
        "Digital Economy Dialogue dataset.", epilog="exit status: 0 ok; 1 a check found a "
        "difference; 2 bad input (the message names the file, the place and the fix); 130 "
        "interrupted; 141 the output's reader closed it (e.g. `| head`)")
    commands = main_parser.add_subparsers(dest="command", metavar="<command>", required=True)
    for name, function, text, aftermath, arguments in COMMANDS:
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("--root", default=None,
                             help="the repository root: model/, reference/, sources/ and the "
                                  "published files (default: this repository)")
        for flag, options in arguments:
            command.add_argument(flag, **options)
        command.set_defaults(function=function, aftermath=aftermath)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit status. Output its reader closed (`… | head`) is no bad
    input: the command stops there, silently (scripts/__main__.py leaves without writing the
    rest)."""
    try:
        return run(argv)
    except BrokenPipeError:
        return CLOSED_PIPE


def run(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    project = Project.at(args.root)
    try:
        if args.root is not None and not project.root.is_dir():
            raise BuildError(args.root, "--root", "does not exist, or is not a folder",
                             "give the repository's folder, the one holding model/, "
                             "reference/ and sources/")
        return args.function(args, project)
    except BuildError as error:
        print(f"error: {error}".replace(f"{project.root}/", ""), file=sys.stderr)
        if args.aftermath:
            print(args.aftermath, file=sys.stderr)
        return 2
    except BrokenPipeError:
        raise  # the output's reader is gone: main() says nothing
    except OSError as error:  # a file the command could not read or write: no traceback
        print(f"error: {error.filename or args.command}: {error.strerror or error}\n  fix: "
              "check that the path exists and can be read (and written), then run it again",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(interrupted(args.command), file=sys.stderr)
        return INTERRUPTED


def interrupted(command: str | None) -> str:
    """What Ctrl-C left: a publish is never half done (scripts/publish.py)."""
    if command == "build":
        return ("interrupted: the published files are one whole set, the old one or the new "
                "(a publish is never left half done); run the command again")
    if command == "docs":
        return ("interrupted: each document is whole, but some may be rewritten and others "
                "not yet; run the command again")
    return "interrupted"
