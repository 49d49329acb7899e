"""`python -m safetymap` runs the same thing as the `safetymap` command."""

import sys

from .hardening import harden

harden()  # before anything else: no core file, not dumpable (hardening.py)

from .cli import main  # noqa: E402

sys.exit(main())
