"""Process hardening done once, as early as possible, by every entry point (GUI and CLI).

A crash must not leave the key, the passphrase or case text on disk in a core file, and another
process of the same user must not be able to attach a debugger or read our memory:

- the core-file size limit is set to 0 (soft and hard, so it cannot be raised again later);
- on Linux the process is marked non-dumpable (prctl PR_SET_DUMPABLE 0): no core file is
  written whatever the limit, `/proc/<pid>/mem`, `environ`, `maps` belong to root and
  ptrace-attach by the same user is refused (root can still read them);
- on macOS the core limit is all there is here (PT_DENY_ATTACH would also stop crash reports
  and debuggers for developers, so it is not used);
- on Windows Windows Error Reporting is asked not to show its dialog or keep a dump for this
  process (SetErrorMode); WER's LocalDumps policy is machine-wide and is left to IT.

Nothing here can fail loudly: each step is tried, and `harden()` returns what it achieved
(no secrets, no paths), so a test or `--version` can report it.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3

_done: dict[str, bool] | None = None


def _core_limit_zero() -> bool:
    try:
        import resource
    except ImportError:  # Windows
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _libc() -> ctypes.CDLL:
    import ctypes
    import ctypes.util

    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _not_dumpable() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            return False
        return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def dumpable() -> int | None:
    """PR_GET_DUMPABLE of this process (Linux), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return int(_libc().prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
    except (OSError, AttributeError):
        return None


def _no_error_dumps() -> bool:
    if sys.platform != "win32":
        return False
    try:
        import ctypes

        SEM_FAILCRITICALERRORS, SEM_NOGPFAULTERRORBOX = 0x0001, 0x0002  # noqa: N806
        kernel32 = ctypes.windll.kernel32  # typeshed has windll on win32, the only way here
        kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX)
        return True
    except (OSError, AttributeError):
        return False


def harden() -> dict[str, bool]:
    """Switch core dumps off and make the process non-dumpable. Safe to call more than once."""
    global _done
    if _done is None:
        _done = {"core_limit_zero": _core_limit_zero(), "not_dumpable": _not_dumpable(),
                 "no_error_dumps": _no_error_dumps()}
    return dict(_done)
