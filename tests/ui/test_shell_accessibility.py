"""Accessibility and fit: every visible interactive control has an accessible name (with a demo
family open, on every page, in guided mode too), the app font is Atkinson Hyperlegible Next at a
generous size, and the window and every page fit a 1366×768 laptop screen."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from .shell_support import make_store, open_window, unnamed, visible_interactive


def test_every_visible_control_has_an_accessible_name(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    problems: dict[str, list[str]] = {}
    walked = 0

    def check(where: str) -> None:
        nonlocal walked
        QApplication.processEvents()
        walked += len(visible_interactive(win))
        bad = unnamed(win)
        if bad:
            problems[where] = bad

    check("family list")
    for fid in ids:  # child protection, Welsh early help, the refuge family
        win.open_family(fid)
        ws = win.workspace
        for key in ws.page_keys:
            ws.set_page(key)
            check(f"family {fid} page {key}")
        ws.set_guided(True)
        for key in ws.page_keys:
            ws.set_page(key)
            check(f"family {fid} guided {key}")
        ws.set_guided(False)
        # supervision beside the map, then group supervision on every page
        ws.set_supervision(True)
        check(f"family {fid} supervision")
        ws.set_group(True)
        for key in ws.page_keys:
            ws.set_page(key)
            check(f"family {fid} group {key}")
        ws.set_group(False)
        ws.set_supervision(False)
    for tab in ("entries", "plan", "scores"):
        win.open_history(tab)
        QApplication.processEvents()
        bad = unnamed(win.history_dialog)
        if bad:
            problems[f"history {tab}"] = bad
        walked += len(visible_interactive(win.history_dialog))
        win.history_dialog.done(0)
    for action in (win.bundle_export_action, win.bundle_import_action):
        action.trigger()
        bad = unnamed(win.bundle_dialog)
        if bad:
            problems[action.objectName()] = bad
        win.bundle_dialog.done(0)
    win.export_document("plan")
    qtbot.waitUntil(lambda: "Checking" not in win.export_dialog.reading.text(), timeout=10000)
    bad = unnamed(win.export_dialog)
    if bad:
        problems["export dialog"] = bad
    win.export_dialog.done(0)
    from PySide6.QtWidgets import QPushButton

    stray = QPushButton("?", win.workspace)  # the walk would catch a control without a name
    stray.show()
    assert any("QPushButton" in b for b in unnamed(win))
    stray.deleteLater()
    stray.hide()
    win.lock()
    check("lock screen")
    assert walked > 300, "the walk really visited the controls"
    assert problems == {}


def test_the_font_is_atkinson_hyperlegible_next_and_generous(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)
    font = QApplication.font()
    assert "Atkinson Hyperlegible Next" in font.family()
    assert font.pointSizeF() >= 11
    assert win.font().family() == font.family()


def test_the_window_and_every_page_fit_a_1366_by_768_screen(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path, size=(1366, 768))
    # a laptop's usable height is a little less than 768 (task bar, title bar)
    usable_w, usable_h = 1366, 768 - 40
    for fid in ids:
        win.open_family(fid)
        ws = win.workspace
        for guided in (False, True):
            ws.set_guided(guided)
            for key in ws.page_keys:
                ws.set_page(key)
                QApplication.processEvents()
                hint = win.minimumSizeHint()
                assert hint.width() <= usable_w and hint.height() <= usable_h, (key, guided, hint)
                assert win.minimumSize().width() <= usable_w
        ws.set_supervision(True)  # supervision beside the map, and over it in group mode
        for group in (False, True):
            ws.set_group(group)
            QApplication.processEvents()
            hint = win.minimumSizeHint()
            assert hint.width() <= usable_w and hint.height() <= usable_h, ("supervision", hint)
        ws.set_group(False)
        ws.set_supervision(False)
    win.resize(1366, usable_h)
    QApplication.processEvents()
    assert win.width() <= 1366 and win.height() <= usable_h
    # the navigation and the current page are both on screen, side by side
    ws = win.workspace
    nav = ws.nav.mapTo(win, ws.nav.rect().topLeft())
    page_area = ws.stack.mapTo(win, ws.stack.rect().bottomRight())
    assert nav.x() >= 0 and page_area.x() <= win.width() and page_area.y() <= win.height()
