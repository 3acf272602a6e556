"""python -m scripts <command>: see scripts/cli.py, or `python -m scripts --help`."""

import os
import sys

CLOSED_PIPE = 141  # scripts.cli.CLOSED_PIPE (not imported: the import itself may be stopped)

try:
    from scripts.cli import main

    status = main()
except KeyboardInterrupt:  # Ctrl-C before main() could handle it (while Python imports)
    print("interrupted", file=sys.stderr)
    status = 130
except SystemExit as leaving:  # --help, or arguments the parser refuses (it has said why)
    status = 0 if leaving.code is None else leaving.code
# The command is done and its files are closed (every temporary folder is a `with` block):
# leave without tearing the interpreter down, which frees every object and module one by one
# (about 0.07 s of a 0.8 s build; mypy leaves the same way). Output whose reader closed the
# pipe (`… | head`) is dropped, silently, with the status a shell gives a command SIGPIPE
# stops; if the output cannot be flushed otherwise (a full disk), Python's own exit reports it.
# A stream closed before the start is None: print() skips it, and so does this.
try:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
except BrokenPipeError:
    os._exit(CLOSED_PIPE)
except (OSError, ValueError):
    sys.exit(status)
if not isinstance(status, int):
    sys.exit(status)
os._exit(status)
