"""python -m scripts <command>: see scripts/cli.py, or `python -m scripts --help`."""

import sys

from scripts.cli import main

sys.exit(main())
