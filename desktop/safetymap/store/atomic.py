"""Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.

A crash at any moment leaves either the old file or the new one, never half of each. A full
disk (ENOSPC, EDQUOT) raises DiskFull, which is also an OSError, and leaves the old file. The temp
file is created with mode 0600 next to the target (never in the system temp dir), so exported
case data never touches a shared folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import DISK_FULL_SENTENCE, DiskFull

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


@contextlib.contextmanager
def atomic_writer(target: Path | str) -> Iterator[BinaryIO]:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, DiskFull) \
                and exc.errno in _FULL_ERRNOS:
            # The old file (if any) is untouched: say the disk is full, not "could not write".
            raise DiskFull(DISK_FULL_SENTENCE, exc.errno or errno.ENOSPC) from None
        raise


def atomic_write_bytes(target: Path | str, data: bytes,
                       before_replace: Callable[[], None] | None = None) -> None:
    """Write `data` to `target` atomically. `before_replace`, if given, runs once the bytes are
    on disk (fsynced) in the temp file but before it takes the target's name: an export records
    its audit row there, so a failed audit (a full disk) leaves no file behind, and no file
    appears without its audit row."""
    with atomic_writer(target) as fh:
        fh.write(data)
        if before_replace is not None:
            fh.flush()
            os.fsync(fh.fileno())
            before_replace()


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
