"""Guided mode shows each prompt once, in its side panel: the map pages hide their inline
copies while it is on, and show them again when it ends."""

from __future__ import annotations

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QLabel

from safetymap.practice.templates import get_template
from safetymap.services.demo import add_demo_families
from safetymap.services.families import load_family
from safetymap.ui.autosave import Autosaver
from safetymap.ui.workspace.workspace import WorkspaceView


def _inline_prompts(page):
    return [lab for lab in page.findChildren(QLabel) if lab.property("inlinePrompt")]


def test_guided_mode_hides_inline_prompts_on_every_map_page(qtbot, demo_store):
    fid = add_demo_families(demo_store)[0]
    template = get_template(load_family(demo_store, fid)["family"]["template_id"])
    ws = WorkspaceView(demo_store, fid, template, Autosaver(), QUndoStack())
    qtbot.addWidget(ws)
    ws.resize(1366, 740)
    ws.show()
    keys = ("worried", "working_well", "judgement", "needs_to_happen")
    for key in keys:
        ws.set_page(key)
        QApplication.processEvents()
        prompts = _inline_prompts(ws.pages[key])
        assert prompts, key
        assert all(lab.isVisible() for lab in prompts), key
    ws.set_guided(True)
    for key in keys:
        ws.set_page(key)
        QApplication.processEvents()
        assert ws.guide.isVisible()
        assert not any(lab.isVisible() for lab in _inline_prompts(ws.pages[key])), key
        # the side panel still shows the prompts the page no longer repeats
        guide_text = " ".join(lab.text() for lab in ws.guide.findChildren(QLabel))
        if key == "worried":
            area = template.areas[next(iter(template.areas))]
            assert area.prompts[0] in guide_text
    ws.set_guided(False)
    for key in keys:
        ws.set_page(key)
        QApplication.processEvents()
        assert all(lab.isVisible() for lab in _inline_prompts(ws.pages[key])), key


def test_the_workspace_tells_every_page_directly(qtbot, demo_store):
    """One mechanism: `WorkspaceView.set_guided` calls each page's optional `set_guided`;
    showing or hiding the side panel by itself tells no page anything."""
    fid = add_demo_families(demo_store)[0]
    template = get_template(load_family(demo_store, fid)["family"]["template_id"])
    ws = WorkspaceView(demo_store, fid, template, Autosaver(), QUndoStack())
    qtbot.addWidget(ws)
    told: list[tuple[str, bool]] = []
    for key, page in ws.pages.items():
        page.set_guided = lambda on, k=key: told.append((k, on))  # type: ignore[method-assign]
    ws.set_guided(True)
    assert sorted(told) == sorted((k, True) for k in ws.pages)
    told.clear()
    ws.guide.setVisible(False)
    ws.guide.setVisible(True)
    assert told == []
    ws.set_guided(False)
    assert sorted(told) == sorted((k, False) for k in ws.pages)
