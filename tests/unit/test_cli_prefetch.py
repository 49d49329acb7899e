"""`safetymap export` imports ReportLab on a thread while Argon2id runs (cli._open). That is only
safe if opening the store never imports one of the same modules at the same moment: two threads
importing one module can meet Python's import-deadlock guard and see a half-made module. This
checks, in fresh interpreters, that the modules opening loads and the prefetched ones are
disjoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys

BASE = ("import sys, json; from safetymap import cli; "
        "from safetymap.services.families import resolve_family; before = set(sys.modules); ")


def _new_modules(code: str, env: dict[str, str]) -> set[str]:
    out = subprocess.run([sys.executable, "-c", BASE + code +
                          "; print(json.dumps(sorted(set(sys.modules) - before)))"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def test_opening_and_the_prefetch_import_different_modules(store_path, passphrase, demo_template):
    from ..conftest import copy_demo_store

    copy_demo_store(store_path)
    env = dict(os.environ)
    opened = _new_modules(
        "from safetymap.store.engine import Store; from pathlib import Path; "
        f"s = Store.open(Path({str(store_path)!r}), {passphrase!r}); s.close()", env)
    prefetched = _new_modules(
        "import importlib; [importlib.import_module(m) for m in cli.PDF_MODULES]", env)
    assert prefetched, "the prefetch imported nothing: the check below would prove nothing"
    assert "reportlab.platypus" in prefetched
    assert not (opened & prefetched), sorted(opened & prefetched)
