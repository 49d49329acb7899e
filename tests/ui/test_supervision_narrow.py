"""Supervision beside the map on a narrow window (issue 13: 'Fit at 1366x768 and at 150%
scaling ... with the supervision view open beside the map'). At 150% a 1366x768 laptop gives
the window 911x512: with the page list and supervision both shown there was no room left, and
supervision covered the map. The page list now gives way to a drop-down of the same pages."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from .shell_support import make_store, open_window


def _settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def _narrow(qtbot, tmp_path):
    path = tmp_path / "s.db"
    ids = make_store(path)
    win = open_window(qtbot, path, size=(911, 512))  # 1366x768 at 150%, in logical pixels
    win.open_family(ids[0], "worried")
    _settle()
    ws = win.workspace
    ws.set_supervision(True)
    _settle()
    return win, ws


def test_at_150_percent_supervision_sits_beside_the_map(qtbot, tmp_path):
    win, ws = _narrow(qtbot, tmp_path)
    left, right = ws.splitter.sizes()
    assert left >= 400 and right >= ws._supervision_needs() - 2, (left, right)
    assert ws.nav.isHidden() and ws.page_picker.isVisible()
    assert ws.page_picker.currentText() == "What are we worried about?"
    # the drop-down is the page list: choosing in it shows the page, the list follows
    row = ws.page_keys.index("plan")
    ws.page_picker.setCurrentIndex(row)
    ws.page_picker.activated.emit(row)
    _settle()
    assert ws.current_page_key() == "plan" and ws.nav.currentRow() == row
    ws.set_page("people")  # and the other way round (Ctrl+2, the guide)
    assert ws.page_picker.currentText() == ws.nav.currentItem().text()
    # F6 goes round the header, the drop-down, the page and supervision
    assert ws.page_picker in ws.regions() and ws.nav not in ws.regions()
    ws.set_supervision(False)
    _settle()
    assert ws.nav.isVisible() and ws.page_picker.isHidden()


def test_control_with_no_room_for_the_map_supervision_covers_it(qtbot, tmp_path,
                                                               monkeypatch):
    """The control: asked for more map than the window has, the old way stands (the view
    covers the map), which is what every 150% window did before."""
    from safetymap.ui.workspace import workspace

    monkeypatch.setattr(workspace, "MAP_LEAST", 2000)
    win, ws = _narrow(qtbot, tmp_path)
    assert ws.splitter.sizes()[0] == 0 and ws.nav.isVisible()


def test_wide_again_the_page_list_comes_back(qtbot, tmp_path):
    win, ws = _narrow(qtbot, tmp_path)
    assert ws.nav.isHidden()
    win.resize(1600, 900)
    _settle()
    assert ws.nav.isVisible() and ws.page_picker.isHidden() and ws.splitter.sizes()[0] > 0
