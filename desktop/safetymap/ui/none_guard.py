"""A guard against a PySide6 bug that would abort the app mid-visit.

PySide6 6.12.0 (shiboken 6.12.0) returns None from a Qt method that returns nothing without
taking a reference to it: it assumes None is immortal, as it is from CPython 3.12. On CPython
3.11 every such call (`label.setText(...)`, `widget.update()`) takes one reference away from
None, and once a few thousand have gone CPython frees None and aborts the whole process
("Fatal Python error: none_dealloc"), losing whatever was being typed since the last autosave.

`keep_none_alive()` measures the leak with a few calls on a throwaway QObject; when there is
one, it gives None 2**40 references more, more than any session could take (about a million
calls a second for twelve days). Where None is immortal, or the bindings are sound, it changes
nothing. It runs when `safetymap.ui` is imported, before any window exists. Remove it once the
bindings we support are fixed (tests/ui/test_none_guard.py says whether they are).
"""

from __future__ import annotations

import ctypes
import os
import sys

#: references given to None when the bindings leak them
TOP_UP = 1 << 40
_PROBES = 64
_done = False


def leaks_none() -> bool:
    """True when a Qt method that returns nothing takes a reference from None."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBES):
        probe.setObjectName("probe")
    lost = before - sys.getrefcount(None)
    del probe
    return lost >= _PROBES // 2


def keep_none_alive() -> bool:
    """Give None references to spare when the bindings leak them (once per process). True
    when it did. SAFETYMAP_NO_NONE_GUARD=1 turns it off (the test's control only)."""
    global _done
    if _done or os.environ.get("SAFETYMAP_NO_NONE_GUARD") == "1":
        return False
    _done = True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12) \
            or hasattr(sys, "gettotalrefcount"):  # immortal None, or a debug build's layout
        return False
    if not leaks_none():
        return False
    # ob_refcnt is a PyObject's first field on a release build of CPython 3.11
    ctypes.c_ssize_t.from_address(id(None)).value += TOP_UP
    return True
