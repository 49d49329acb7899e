"""Reading a small file someone else may have put there (an organisation's template or word
list) without ever blocking or reading too much. A leaf module: every layer may import it.

A folder, a pipe (FIFO), a socket or a device (a link to /dev/zero) is refused from its stat
before it is opened (opening a pipe waits for a writer for ever); the file is opened
non-blocking and checked again, since it could be swapped in between; at most `cap` bytes are
read. Each refusal is a `FileRefused` with a reason code, so each caller says it in its own
sentence (naming the file, never its folder).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MISSING, UNREADABLE, FOLDER, NOT_REGULAR, TOO_BIG, GREW = (
    "missing", "unreadable", "folder", "not_regular", "too_big", "grew")


class FileRefused(Exception):
    def __init__(self, reason: str, size: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size


def _check(mode: int, size: int, cap: int) -> None:
    if stat.S_ISDIR(mode):
        raise FileRefused(FOLDER)
    if not stat.S_ISREG(mode):
        raise FileRefused(NOT_REGULAR)
    if size > cap:
        raise FileRefused(TOO_BIG, size)


def read_regular_file(path: Path | str, cap: int) -> bytes:
    """The bytes of an ordinary file of at most `cap` bytes, or FileRefused."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise FileRefused(MISSING) from None
    except (OSError, ValueError):  # no permission, a loop of links, a NUL in the name
        raise FileRefused(UNREADABLE) from None
    _check(st.st_mode, st.st_size, cap)
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        raise FileRefused(UNREADABLE) from None
    try:
        st = os.fstat(fd)
        _check(st.st_mode, st.st_size, cap)
        chunks: list[bytes] = []
        got = 0
        while got <= cap:
            chunk = os.read(fd, cap + 1 - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError:
        raise FileRefused(UNREADABLE) from None
    finally:
        os.close(fd)
    if got > cap:  # it grew after it was checked
        raise FileRefused(GREW)
    return b"".join(chunks)
