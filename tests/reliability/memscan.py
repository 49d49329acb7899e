"""Count byte strings in another process's memory, as an attacker with a memory dump would.

Reads every readable mapping listed in /proc/<pid>/maps through /proc/<pid>/mem, except the
read-only mappings of files (program code and constant data, the same on every machine). That
is what `gcore` would write, without needing gdb. The process is stopped in a blocking read
while it is scanned, so its memory does not change under us.

Root can read a process marked non-dumpable (hardening.py) because root has CAP_SYS_PTRACE;
the tests run as root in CI, and the child is the test's own.
"""

from __future__ import annotations

CHUNK = 32 * 1024 * 1024


def regions(pid: int) -> list[tuple[int, int, str, str]]:
    out = []
    with open(f"/proc/{pid}/maps", encoding="ascii", errors="replace") as fh:
        for line in fh:
            parts = line.split(maxsplit=5)
            lo, hi = (int(x, 16) for x in parts[0].split("-"))
            perms = parts[1]
            name = parts[5].strip() if len(parts) > 5 else ""
            if "r" not in perms or name in ("[vvar]", "[vsyscall]", "[vdso]"):
                continue
            if name.startswith("/") and "w" not in perms:
                continue
            out.append((lo, hi, perms, name))
    return out


def count(pid: int, needles: dict[str, bytes]) -> dict[str, int]:
    counts = dict.fromkeys(needles, 0)
    overlap = max(len(n) for n in needles.values()) - 1
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for lo, hi, _perms, _name in regions(pid):
            tail = b""
            pos = lo
            while pos < hi:
                size = min(CHUNK, hi - pos)
                try:
                    mem.seek(pos)
                    data = mem.read(size)
                except OSError:
                    break
                if not data:
                    break
                block = tail + data
                for label, needle in needles.items():
                    # matches entirely inside the carried-over tail were counted already
                    counts[label] += block.count(needle) - tail.count(needle)
                tail = block[-overlap:] if overlap else b""
                pos += len(data)
    return counts


def where(pid: int, needle: bytes, context: int = 0) -> list[tuple[str, int, bytes]]:
    """(mapping name, address, `context` bytes before each hit) for a diagnosis. Never print the
    bytes in a test's output: they may hold case text."""
    hits = []
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        for lo, hi, _perms, name in regions(pid):
            try:
                mem.seek(lo)
                data = mem.read(hi - lo)
            except OSError:
                continue
            i = data.find(needle)
            while i >= 0:
                hits.append((name or "[anon]", lo + i, data[max(0, i - context):i]))
                i = data.find(needle, i + 1)
    return hits
