"""A hostile organisation template never wedges the app.

Each hostile file (100,000 nested brackets, a 50 MB file, Latin-1 and UTF-16 bytes, fields of the
wrong type, a missing file, a FIFO with no writer, a folder where a file should be, a number with
thousands of digits) must give the template error's own sentence (naming the file, never its
folder), fall back to the built-in template, and leave the app usable: a real MainWindow whose
Settings point at the file unlocks, says the sentence once, opens the family, starts the idle
lock and locks again.

Controls show each attack is real: the naive reading (json.loads, Path.read_text, str() of any
value) raises something that is not a TemplateError, blocks on the FIFO until a writer comes, or
silently accepts a wrong type.
"""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from safetymap.config import practice_dir
from safetymap.practice.templates import (
    MAX_TEMPLATE_BYTES,
    TemplateError,
    available_templates,
    get_template,
    load_template_file,
    templates_or_shipped,
)

FOLDER = "Zqx org folder"  # the folder's name must never be in a sentence


def _base() -> dict:
    data = json.loads((practice_dir() / "child-protection.json").read_text("utf-8"))
    data.update(id="our-council", name="Our council's way")
    return data


def _write(tmp_path: Path, name: str, payload: bytes | str | dict) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / name
    if isinstance(payload, dict):
        payload = json.dumps(payload)
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    path.write_bytes(payload)
    return path


def deep(tmp_path):
    return _write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)


def huge(tmp_path):
    path = _write(tmp_path, "huge.json", b"{")
    with path.open("r+b") as f:
        f.truncate(50_000_000)  # sparse: 50 MB by its size, without filling the disk
    return path


def latin1(tmp_path):
    data = _base()
    data["areas"]["worry"]["label"] = "Pryderon, café"  # é is one byte, 0xE9, in Latin-1
    text = json.dumps(data, ensure_ascii=True).replace("caf\\u00e9", "café")
    return _write(tmp_path, "latin1.json", text.encode("latin-1"))


def utf16(tmp_path):
    return _write(tmp_path, "utf16.json", json.dumps(_base()).encode("utf-16"))


def label_list(tmp_path):
    data = _base()
    data["areas"]["worry"]["label"] = ["Danger", "statements"]
    return _write(tmp_path, "label-list.json", data)


def help_dict(tmp_path):
    data = _base()
    data["areas"]["goal"]["help"] = {"nested": ["x"] * 3}
    return _write(tmp_path, "help-dict.json", data)


def follow_ups_text(tmp_path):
    data = _base()
    data["scale"]["follow_ups"] = {"a": 1}
    return _write(tmp_path, "follow-ups.json", data)


def emergency_number(tmp_path):
    data = _base()
    data["emergency"] = 999
    return _write(tmp_path, "emergency.json", data)


def many_prompts(tmp_path):
    data = _base()
    data["areas"]["worry"]["prompts"] = ["Why?"] * 100_000
    return _write(tmp_path, "prompts.json", data)


def long_digits(tmp_path):
    return _write(tmp_path, "digits.json", '{"schema": ' + "9" * 20_000 + "}")


def missing(tmp_path):
    (tmp_path / FOLDER).mkdir(exist_ok=True)
    return tmp_path / FOLDER / "gone.json"


def fifo(tmp_path):
    (tmp_path / FOLDER).mkdir(exist_ok=True)
    path = tmp_path / FOLDER / "pipe.json"
    os.mkfifo(path)
    return path


def folder_named_json(tmp_path):
    """A folder of templates in which one "template" is itself a folder."""
    (tmp_path / FOLDER / "sub.json").mkdir(parents=True)
    return tmp_path / FOLDER


HOSTILE = {
    deep: "nested far too deeply",
    huge: "too big to be a practice template",
    latin1: "is not saved as UTF-8",
    utf16: "is not saved as UTF-8",
    label_list: "area 'worry': 'label' must be some text",
    help_dict: "area 'goal': 'help' must be some text",
    follow_ups_text: "'follow_ups' must be a list of questions",
    emergency_number: "'emergency' must be some text",
    many_prompts: "'prompts' has 100000 questions; at most 50",
    long_digits: "is not valid JSON",
    missing: "There is no template file called gone.json",
    fifo: "is not an ordinary file",
    folder_named_json: "sub.json is a folder, not a template file",
}
IDS = [f.__name__ for f in HOSTILE]


def _in_thread(fn, *args):
    """Run fn in a daemon thread; if it blocks (the FIFO), the test fails instead of hanging."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001
            out["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(60)  # a guard against hanging, not a measurement
    assert not t.is_alive(), "reading the template blocked"
    return out


@pytest.mark.parametrize("make", HOSTILE, ids=IDS)
def test_each_hostile_file_gives_its_own_sentence_and_the_built_in_template(tmp_path, make):
    path = make(tmp_path)
    out = _in_thread(available_templates, path)
    err = out.get("error")
    assert isinstance(err, TemplateError), repr(err)
    sentence = str(err)
    assert HOSTILE[make] in sentence, sentence
    assert FOLDER not in sentence and str(tmp_path) not in sentence  # the file's name only
    assert sentence.endswith(".") and len(sentence) < 300 and "\n" not in sentence

    templates, problem = _in_thread(templates_or_shipped, path)["value"]
    assert problem == sentence
    assert set(templates) == {"child-protection", "wellbeing"}
    built_in = _in_thread(get_template, "our-council", path)["value"]
    assert built_in.id == "child-protection" and Path(built_in.source).parent == practice_dir()
    assert _in_thread(get_template, "wellbeing", path)["value"].id == "wellbeing"


def test_the_same_files_made_right_are_used(tmp_path):
    """Control for the validator: the base it edits is a good template, so each sentence above
    is about the one change made to it."""
    path = _write(tmp_path, "good.json", _base())
    assert "our-council" in available_templates(path)
    assert get_template("our-council", path).name == "Our council's way"
    utf8_bom = _write(tmp_path, "bom.json", b"\xef\xbb\xbf" + json.dumps(_base()).encode())
    assert load_template_file(utf8_bom).id == "our-council"


def test_controls_the_naive_reading_fails_in_other_ways(tmp_path):
    """Without the fixes each attack gets through: not a TemplateError, or a wrong type kept."""
    with pytest.raises(RecursionError):
        json.loads(deep(tmp_path).read_text("utf-8"))
    assert huge(tmp_path).stat().st_size == 50_000_000 > MAX_TEMPLATE_BYTES
    assert b"caf\xe9" in latin1(tmp_path).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        latin1(tmp_path).read_text("utf-8")
    with pytest.raises(ValueError, match="digits"):
        json.loads(long_digits(tmp_path).read_text("utf-8"))
    with pytest.raises(IsADirectoryError):
        (folder_named_json(tmp_path) / "sub.json").read_text("utf-8")
    raw = json.loads(help_dict(tmp_path).read_text("utf-8"))["areas"]["goal"]["help"]
    assert str(raw).startswith("{'nested'")  # what the old str(raw.get("help")) showed


def test_control_a_plain_read_of_the_fifo_waits_for_a_writer(tmp_path):
    """The FIFO is a real one: Path.read_text on it waits until a writer opens it (here the test
    is the writer, so nothing hangs); the loader refuses it from its stat instead."""
    path = fifo(tmp_path)
    assert stat.S_ISFIFO(os.stat(path).st_mode)
    got: dict = {}
    reader = threading.Thread(target=lambda: got.setdefault("text", path.read_text()),
                              daemon=True)
    reader.start()
    with open(path, "w") as w:  # blocks until the reader has opened its end
        w.write("{}")
    reader.join(60)
    assert got == {"text": "{}"}


def test_a_template_too_big_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = huge(tmp_path)
    reads = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(TemplateError, match="at most 1 MB"):
        load_template_file(path)
    assert reads == []


# -- the app stays usable -------------------------------------------------------------------------
@pytest.mark.parametrize("make", [deep, huge, latin1, label_list, missing, fifo,
                                  folder_named_json], ids=lambda f: f.__name__)
def test_the_app_unlocks_opens_the_family_and_locks_with_a_hostile_template(
        qtbot, store_path, tmp_path, make):
    from safetymap.services.families import create_family
    from safetymap.store.engine import Store
    from safetymap.ui.app import make_app
    from safetymap.ui.main_window import MainWindow
    from safetymap.ui.settings import AppSettings, SettingsDialog
    from tests.ui.shell_support import PASSPHRASE, unlock

    store = Store.create(store_path, PASSPHRASE)
    try:
        fid = create_family(store, "Zqx test family", "child-protection")
    finally:
        store.close()
    path = make(tmp_path)
    settings = AppSettings()
    settings.templates_location = str(path)  # as if it had been saved before the file broke
    settings.save_place(fid, "people")
    settings.sync()
    sentence = str(_in_thread(available_templates, path)["error"])

    make_app()
    win = MainWindow(store_path, AppSettings())  # pytest-qt fails the test on an error in a slot
    qtbot.addWidget(win)
    win.show()
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=20000)
    assert win.store is not None
    assert win.workspace.ctx.family_id == fid
    assert win.workspace.family_title.text() == "Zqx test family"
    assert win.workspace.ctx.template.id == "child-protection"
    assert win.notice.isVisible() and sentence in win.notice.text.text()
    assert "Something went wrong" not in win.notice.text.text()
    assert win.idle.active  # the idle lock runs

    # the Settings page says why, and will not keep a broken location
    dlg = SettingsDialog(win.settings, win, store=win.store)
    qtbot.addWidget(dlg)
    assert sentence in dlg.message.text()
    dlg.accept()
    assert dlg.result() == 0 and sentence in dlg.message.text()

    win.show_families()
    assert win.family_list is not None and win.family_list.list.count() == 1
    win.open_family(fid, "worried")
    assert win.workspace is not None and win.workspace.current_page_key() == "worried"
    win.lock()
    assert win.store is None
    unlock(qtbot, win)
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=20000)
    assert win.workspace.ctx.family_id == fid
    win.close()


def test_the_cli_says_what_is_wrong_with_the_organisations_template(tmp_path):
    """Red team: the CLI only logged a generic line; it now says the template's own sentence,
    once, and still writes the plan with the built-in template."""
    import os
    import subprocess
    import sys

    from safetymap.services.demo import add_demo_families
    from safetymap.store.engine import Store

    bad = tmp_path / "org.json"
    bad.write_text('{"schema": [[[[', "utf-8")
    path = tmp_path / "s.db"
    store = Store.create(path, "kitchen table blue kettle morning")
    fid = add_demo_families(store)[0]
    store.close()
    env = dict(os.environ, SAFETYMAP_PASSPHRASE="kitchen table blue kettle morning",
               SAFETYMAP_TEMPLATES=str(bad))
    out = tmp_path / "p.pdf"
    r = subprocess.run([sys.executable, "-m", "safetymap", "--store", str(path), "export",
                        "plan", str(fid), "--out", str(out)], env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert r.stderr.count("org.json is not valid JSON") == 1, r.stderr
    assert "the built-in ones are used" not in r.stderr  # the generic log line is not repeated
