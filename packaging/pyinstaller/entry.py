"""PyInstaller entry point. It runs as a top-level script, so it imports the package by name
(desktop/safetymap/__main__.py uses a relative import, which only works under `python -m`)."""

import sys

from safetymap.cli import main

if __name__ == "__main__":
    sys.exit(main())
