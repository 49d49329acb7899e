"""The command line, run as a real subprocess the way a person or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import copy_demo_store

GOOD = "correct horse battery staple kitchen"


def run(*args: str, passphrase: str | None = GOOD, env_extra: dict[str, str] | None = None,
        timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("SAFETYMAP_PASSPHRASE", None)
    if passphrase is not None:
        env["SAFETYMAP_PASSPHRASE"] = passphrase
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "safetymap", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL)


def one_sentence_error(r: subprocess.CompletedProcess[str]) -> str:
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    lines = [line for line in r.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


@pytest.fixture
def demo_path(tmp_path: Path, demo_templates) -> Path:
    """A closed copy of the session's demo store under GOOD (tests/conftest.py); the `demo`
    command itself builds one in test_demo_then_families_lists_them."""
    demo_templates(GOOD)
    p = tmp_path / "s.db"
    copy_demo_store(p, GOOD)
    return p


def test_version():
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("safetymap ")


def test_demo_then_families_lists_them(tmp_path):
    demo_path = tmp_path / "s.db"
    r = run("--store", str(demo_path), "demo")
    assert r.returncode == 0, r.stderr
    r = run("--store", str(demo_path), "families")
    assert r.returncode == 0, r.stderr
    for name in ("Hughes-Kowalski family", "Davies family (Teulu Davies)", "Yılmaz family"):
        assert name in r.stdout
    # demo again adds nothing twice
    assert run("--store", str(demo_path), "demo").returncode == 0
    r2 = run("--store", str(demo_path), "families")
    assert r2.stdout.count("Hughes-Kowalski family") == 1


def test_demo_names_not_in_store_files(demo_path):
    for f in demo_path.parent.iterdir():
        data = f.read_bytes()
        for name in ("Hughes", "Kowalski", "Davies", "Yılmaz", "Gwen", "Cedar Lane"):
            assert name.encode() not in data, f.name


def test_wrong_passphrase_is_one_clear_sentence(demo_path):
    msg = one_sentence_error(run("--store", str(demo_path), "families", passphrase="nope"))
    assert "passphrase" in msg.lower()


def test_no_passphrase_without_a_terminal(demo_path):
    msg = one_sentence_error(run("--store", str(demo_path), "families", passphrase=None))
    assert "SAFETYMAP_PASSPHRASE" in msg


def test_check_is_sound(demo_path):
    r = run("--store", str(demo_path), "check")
    assert r.returncode == 0, r.stderr
    assert "sound" in r.stdout


def test_export_json_carries_confidentiality(demo_path, tmp_path):
    out = tmp_path / "family.json"
    r = run("--store", str(demo_path), "export", "json", "Yılmaz family", "--out", str(out))
    assert r.returncode == 0, r.stderr
    doc = json.loads(out.read_text("utf-8"))
    assert doc["schema"] == "safetymap.family/1"
    contacts = [c for p in doc["people"] for c in p["contacts"]]
    assert contacts and all({"value", "confidential"} <= set(c) for c in contacts)
    refuge = [c for c in contacts if "Refuge" in c["value"]]
    assert refuge and refuge[0]["confidential"] is True
    assert any(c["confidential"] is False for c in contacts)


def test_export_unknown_family(demo_path, tmp_path):
    msg = one_sentence_error(run("--store", str(demo_path), "export", "json", "Nobody",
                                 "--out", str(tmp_path / "x.json")))
    assert "No family" in msg
    assert not (tmp_path / "x.json").exists()


def test_family_by_id(demo_path, tmp_path):
    out = tmp_path / "f.json"
    assert run("--store", str(demo_path), "export", "json", "1", "--out", str(out)).returncode == 0
    assert json.loads(out.read_text())["family"]["id"] == 1


def test_init_rejects_weak_passphrase(tmp_path):
    p = tmp_path / "new.db"
    msg = one_sentence_error(run("--store", str(p), "init", passphrase="password1"))
    assert "too easy to guess" in msg
    assert not p.exists()


def test_init_creates_and_refuses_twice(tmp_path):
    p = tmp_path / "new.db"
    r = run("--store", str(p), "init")
    assert r.returncode == 0, r.stderr
    msg = one_sentence_error(run("--store", str(p), "init"))
    assert "already exists" in msg


def test_not_a_store(tmp_path):
    p = tmp_path / "notes.txt"
    p.write_text("shopping list\n" * 500)
    msg = one_sentence_error(run("--store", str(p), "families"))
    assert "not a Safety Map store" in msg or "damaged" in msg


def test_gui_without_display_says_so(tmp_path):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    r = run("--store", str(tmp_path / "s.db"), env_extra=env)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr and "Aborted" not in r.stderr
    assert "needs a graphical desktop" in r.stderr and "headless" in r.stderr


def test_gui_on_x11_names_the_missing_system_library(monkeypatch):
    import ctypes

    from safetymap import cli

    def fail(name):
        raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(ctypes, "CDLL", fail)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    assert cli._missing_xcb_library() == "libxcb-icccm4"

    def fail_x11(name):
        raise OSError("libxkbcommon-x11.so.0: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", fail_x11)
    assert cli._missing_xcb_library() == "libxkbcommon-x11-0"
    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())
    assert cli._missing_xcb_library() is None
    monkeypatch.setattr(ctypes, "CDLL", fail)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert cli._missing_xcb_library() is None


def test_export_plan_in_welsh_and_both_and_a_language_it_cannot_be_printed_in(demo_path,
                                                                              tmp_path):
    """`export plan FAMILY --language cy|en|bilingual` (issue 14), and every other document;
    the JSON record, which has no language of its own, says so in one sentence and writes
    nothing."""
    for lang in ("cy", "en", "bilingual"):
        out = tmp_path / f"plan-{lang}.pdf"
        r = run("--store", str(demo_path), "export", "plan", "Davies family (Teulu Davies)",
                "--language", lang, "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert out.read_bytes().startswith(b"%PDF")
    for kind in ("assessment", "children", "supervision"):  # every document, in both
        out = tmp_path / f"{kind}-both.pdf"
        r = run("--store", str(demo_path), "export", kind, "Davies family (Teulu Davies)",
                "--language", "bilingual", "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert out.read_bytes().startswith(b"%PDF")
    out = tmp_path / "record.json"
    msg = one_sentence_error(run("--store", str(demo_path), "export", "json",
                                 "Davies family (Teulu Davies)", "--language", "cy",
                                 "--out", str(out)))
    assert "in no language of its own" in msg and not out.exists()
    r = run("--store", str(demo_path), "export", "plan", "Davies family (Teulu Davies)",
            "--language", "fr", "--out", str(out))  # argparse's own usage and sentence
    assert r.returncode != 0 and "invalid choice: 'fr'" in r.stderr and not out.exists()
