"""The desktop app (PySide6). Importing it first guards against a bindings bug that would
abort the process (ui/none_guard.py)."""

from .none_guard import keep_none_alive

keep_none_alive()
