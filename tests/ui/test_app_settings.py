"""Settings: idle minutes before locking, and an organisation's own practice templates, whose
errors are shown as the validator's sentences."""

from __future__ import annotations

import json

from safetymap.config import practice_dir
from safetymap.ui.settings import AppSettings, SettingsDialog

from .shell_support import make_store, open_window


def _org_template(tmp_path, **changes):
    data = json.loads((practice_dir() / "child-protection.json").read_text("utf-8"))
    data.update(id="our-council", name="Our council's way")
    data["sections"]["plan"] = "Our family's safety plan"
    data.update(changes)
    path = tmp_path / "org" / "our-council.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_broken_template_is_explained_and_not_saved(qtbot, tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"schema": "safetymap.template/1", "id": "x"', "utf-8")
    settings = AppSettings()
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    dlg.location.setText(str(bad))
    dlg.accept()
    assert dlg.isVisible() or dlg.result() == 0
    assert "not valid JSON" in dlg.message.text()
    assert settings.templates_location == ""

    dlg.location.setText(str(_org_template(tmp_path, areas={"harm": {}})))
    dlg.accept()
    assert "area" in dlg.message.text()  # the validator's own sentence
    assert settings.templates_location == ""


def test_an_organisations_template_and_idle_minutes_are_used(qtbot, store_path, tmp_path):
    make_store(store_path, demo=False)
    settings = AppSettings()
    dlg = SettingsDialog(settings)
    qtbot.addWidget(dlg)
    dlg.location.setText(str(_org_template(tmp_path)))
    dlg.idle.setValue(3)
    dlg.accept()
    assert settings.templates_location.endswith("our-council.json")
    assert settings.idle_minutes == 3

    win = open_window(qtbot, store_path)
    assert win.idle._timer.interval() == 3 * 60_000
    assert "our-council" in win._templates()
    from safetymap.services.families import create_family

    fid = create_family(win.store, "Test family", "our-council")
    win.open_family(fid, "plan")
    labels = [win.workspace.nav.item(i).text() for i in range(win.workspace.nav.count())]
    assert "Our family's safety plan" in labels


def test_a_template_that_breaks_later_is_shown_after_unlocking(qtbot, store_path, tmp_path):
    make_store(store_path, demo=False)
    path = _org_template(tmp_path)
    AppSettings().templates_location = str(path)
    path.write_text("not json", "utf-8")  # someone edits the shared file badly
    win = open_window(qtbot, store_path)
    assert win.notice.isVisible()
    assert "could not be used" in win.notice.text.text()
    assert "not valid JSON" in win.notice.text.text()
    assert {"child-protection", "wellbeing"} <= set(win._templates())
