"""`python -m safetymap` runs the same thing as the `safetymap` command."""

import sys

from .cli import main

sys.exit(main())
