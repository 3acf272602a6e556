"""One command line, `python -m scripts <command>`: every command listed, help at every level,
and one place that turns bad input into a message and exit status 2."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_cli

# The commands the README documents (section "Commands"), written out here.
COMMANDS = ["build", "check-fresh", "validate", "inspect", "diff", "release", "bench", "docs",
            "format-reference", "failure-table", "snapshot", "lock", "synthetic"]


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "scripts", "--help"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^    ([a-z-]+)\b", result.stdout, flags=re.M)
    assert listed == COMMANDS
    assert "exit status" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        run_cli(command, "--help")
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: python -m scripts {command}")
    assert "--root" in out


def test_the_readme_documents_every_command_and_the_exit_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"| `{command}" in readme, command  # a row of the commands table
    section = readme[readme.index("**Exit status**"):][:600]
    for status in ("`0`", "`1`", "`2`"):
        assert status in section


def test_an_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        run_cli("publish-everything")
    assert exit_.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_running_a_module_is_refused_not_a_silent_success():
    """0.1.0 documented `python -m scripts.build` and `python -m scripts.validate`; a module
    run that way has no main and would exit 0 having done nothing."""
    modules = sorted({".".join(path.relative_to(ROOT).with_suffix("").parts[:2])
                      for path in (ROOT / "scripts").rglob("*.py")} - {"scripts.__init__",
                                                                       "scripts.__main__"})
    modules += ["scripts.validate.checks", "scripts.tools.bench"]
    runs = {module: subprocess.Popen([sys.executable, "-X", "utf8", "-m", module, "--help"],
                                     cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True) for module in modules}
    errors = {}
    for module, run in runs.items():
        out, errors[module] = run.communicate(timeout=60)
        assert run.returncode == 2, (module, run.returncode, out, errors[module])
        assert f"error: python -m {module}: command line:" in errors[module], errors[module]
        assert "fix: run" in errors[module] and "Traceback" not in errors[module] and not out
    assert "`python -m scripts build`" in errors["scripts.build"]


def test_bad_input_is_reported_in_one_place(tmp_path, capsys):
    """Every command's BuildError reaches the user as `error: … fix: …` and status 2."""
    assert run_cli("inspect", tmp_path / "absent.txt") == 2
    assert run_cli("diff", tmp_path / "a", tmp_path / "b") == 2
    assert run_cli("failure-table", tmp_path / "absent.jsonl") == 2
    assert run_cli("synthetic", "0", tmp_path) == 2
    assert run_cli("synthetic", "1000000", tmp_path) == 2  # dates and numbers would overflow
    errors = capsys.readouterr().err
    assert errors.count("error: ") == 5 and errors.count("fix: ") == 5
    assert "give N from 1 to 9998" in errors
    assert "Traceback" not in errors


@pytest.mark.parametrize("arguments", [("--scale", "abc"), ("--scale", "100,,3"),
                                       ("--scale", "0"), ("--runs", "0"), ("--runs", "-1"),
                                       ("--scale-runs", "two")])
def test_bench_refuses_bad_counts_before_running_anything(arguments, capsys):
    with pytest.raises(SystemExit) as exit_:
        run_cli("bench", *arguments)
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert f"argument {arguments[0]}: " in error and "Traceback" not in error


@pytest.mark.parametrize("content, place", [("{bad\n", "line 1: is not JSON"),
                                            ('{"test": "t", "error": "e"}\n[1]\n',
                                             "line 2: is not an object"),
                                            ("", "file: holds no messages")])
def test_failure_table_refuses_bad_messages(tmp_path, capsys, content, place):
    messages = tmp_path / "messages.jsonl"
    messages.write_text(content, encoding="utf-8")
    table = ROOT / "docs" / "failures.md"
    before = table.read_bytes()
    assert run_cli("failure-table", "--root", tmp_path, messages) == 2
    assert table.read_bytes() == before and not (tmp_path / "docs").exists()
    error = capsys.readouterr().err
    assert place in error and "fix: " in error and "Traceback" not in error


def test_only_the_command_line_parses_arguments():
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name != "cli.py":
            assert "argparse" not in text, path
        assert not re.search(r"__name__\s*==\s*['\"]__main__", text), path


HEAVY = ("pandas", "frictionless", "openpyxl", "polars")


@pytest.mark.parametrize("command", ["build", "validate"])
def test_build_and_validation_import_only_what_they_use(repo, command):
    """Issue 11: pandas, frictionless and openpyxl stay out of the build and of our
    validation (a Python value given to pyarrow would import pandas, if it is installed)."""
    code = (f"import sys\nfrom scripts.cli import main\nassert main([{command!r}, '--root', "
            f"{str(repo)!r}]) == 0\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("argv", [["-m", "scripts", "--help"], ["-m", "scripts.build"]])
def test_help_and_a_refused_module_load_no_model(argv):
    """`python -m scripts --help` and a refused `python -m scripts.<module>` answer without
    loading the model and its YAML and JSON Schema libraries (README, "Speed and scale")."""
    done = subprocess.run([sys.executable, "-X", "utf8", "-X", "importtime", *argv], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert done.returncode == (0 if "--help" in argv else 2), done.stderr[-2000:]
    assert "scripts.cli" in imported
    assert not imported & {"yaml", "jsonschema", "pyarrow", "scripts.lib.model"}, imported


def test_no_module_is_over_450_lines():
    """The layout's limit (MAINTAINING.md): a longer module does two jobs; split it."""
    long = {path.relative_to(ROOT).as_posix(): lines for path in (ROOT / "scripts").rglob("*.py")
            if (lines := path.read_text(encoding="utf-8").count("\n")) > 450}
    assert not long, long


def test_the_command_line_writes_all_it_prints_and_fails_if_it_cannot(tmp_path):
    """`python -m scripts` leaves without tearing Python down (scripts/__main__.py): what it
    printed is written out first, and output it cannot write (a full disk) is an error, not
    exit 0. (Output to a file is buffered unless PYTHONUNBUFFERED is set.)"""
    command = [sys.executable, "-m", "scripts", "validate", str(ROOT)]
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with (tmp_path / "out.txt").open("w") as out:
        done = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.PIPE,
                              text=True, check=False, env=buffered)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out.txt").read_text() == f"valid: {ROOT}\n"
    with open("/dev/full", "w") as full:
        done = subprocess.run(command, cwd=ROOT, stdout=full, stderr=subprocess.PIPE,
                              text=True, check=False, env=buffered)
    assert done.returncode != 0
    assert "No space left on device" in done.stderr
    for closed in (">&-", "2>&-"):  # a stream closed before the start: Python makes it None
        done = subprocess.run(["sh", "-c", f'exec "$@" {closed}', "sh", *command], cwd=ROOT,
                              capture_output=True, text=True, check=False, env=buffered)
        assert done.returncode == 0, (closed, done.stderr[-2000:])


def test_the_benchmark_floor_imports_what_a_build_imports(repo):
    """`make bench` divides the build's time by that of importing every module a build
    imports (scripts/tools/bench.py): the list comes from a real build, holds the libraries
    and the standard library's modules the build loads, none of ours and none Python loads at
    start, and importing it works in a fresh process, measured with its CPU time and peak."""
    from scripts.tools import bench

    code = bench.imports_of_a_build(repo)
    modules = set(ast.literal_eval(code.split(" in ", 1)[1].split(":\n", 1)[0]))
    assert {"pyarrow", "pyarrow.parquet", "numpy", "yaml", "jsonschema", "sqlite3", "zlib",
            "argparse", "pathlib"} <= modules  # the last two: imported with scripts.cli
    assert not {name for name in modules if name.split(".")[0] == "scripts"}
    assert not modules & set(bench.printed_modules(bench.STARTUP_MODULES))
    measured = bench.run([], code)
    assert measured["wall"] > 0 and measured["cpu"] > 0 and measured["peak"] > 20


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.4])
def test_ctrl_c_stops_a_build_with_one_line_and_a_whole_published_set(repo, delay):
    """Ctrl-C at any moment of a build (importing, building, publishing): exit 130 and one
    line, no traceback, and the published set whole: the old one, or the new (the same). The
    first two moments fall within Python's imports and the input checks (the build of a copy
    takes over 0.4 s here), so they must interrupt it."""
    import signal
    import time

    from tests.conftest import snapshot_of

    before = snapshot_of(repo)
    build = subprocess.Popen([sys.executable, "-m", "scripts", "build", "--root", str(repo)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    time.sleep(delay)
    build.send_signal(signal.SIGINT)
    out, err = build.communicate(timeout=60)
    assert build.returncode in ((130,) if delay < 0.2 else (0, 130)), err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    if build.returncode == 130:
        assert err.startswith("interrupted"), err
        assert len(err.strip().splitlines()) == 1, err
    assert snapshot_of(repo) == before  # the committed package is what a build makes


@pytest.mark.parametrize(("args", "buffered"), [
    (("inspect", "sources/soumu-01tsushin08_02000172.txt"), True),  # a command's output
    (("inspect", "sources/soumu-01tsushin08_02000172.txt"), False),  # written at once
    (("--help",), True),  # the parser's, as the command line starts
    (("validate", "--help"), True),
], ids=["inspect", "inspect, PYTHONUNBUFFERED", "--help", "a command's --help"])
def test_output_whose_reader_closed_the_pipe_stops_silently_with_141(args, buffered):
    """`python -m scripts inspect FILE | head`: the reader closing the pipe early is no bad
    input. The command stops without a message or a traceback, with the status a shell gives
    a command SIGPIPE stops (128 + 13), whatever command it is. (With PYTHONUNBUFFERED, help
    is written at once, and argparse ignores a write that fails: `--help` exits 0 there.)"""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        environment["PYTHONUNBUFFERED"] = "1"
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written: every write fails
    try:
        result = subprocess.run([sys.executable, "-m", "scripts", *args], cwd=ROOT,
                                stdout=write, stderr=subprocess.PIPE, text=True, check=False,
                                env=environment)
    finally:
        os.close(write)
    assert (result.returncode, result.stderr) == (141, "")


def test_a_closed_pipe_is_the_same_status_in_process(monkeypatch, capsys):
    """main() itself turns a broken pipe, wherever a command meets it, into 141: it is not the
    OSError of a file the command could not read ("check that the path exists")."""
    import scripts.tools.inspect

    def closed(path, project):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(scripts.tools.inspect, "inspect_file", closed)
    assert run_cli("inspect", "anything") == 141
    assert capsys.readouterr().err == ""
