"""The family list: search as you type, keyboard first, create (name + template), archive."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from safetymap.services import families
from safetymap.ui.family_list import NewFamilyDialog

from .shell_support import make_store, open_window


def _names(view):
    return [view.list.item(i).text().split("\n")[0] for i in range(view.list.count())]


def test_search_as_you_type_over_names_and_map_text(qtbot, store_path):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    view = win.family_list
    assert len(_names(view)) == 3
    rows = [view.list.item(i).text() for i in range(view.list.count())]
    assert any("Lena Kowalska and Jakub Kowalski" in r and "last change" in r for r in rows)

    qtbot.keyClicks(view.search, "Gwen")  # a network member's name
    qtbot.waitUntil(lambda: len(_names(view)) == 1, timeout=3000)
    assert _names(view) == ["Hughes-Kowalski family"]

    view.search.clear()
    qtbot.keyClicks(view.search, "rent")  # words in the map
    qtbot.waitUntil(lambda: "Hughes-Kowalski family" in _names(view) and len(_names(view)) < 3,
                    timeout=3000)

    view.search.setText("Ŵyn")  # accented text (keyClicks cannot type it)
    qtbot.waitUntil(lambda: _names(view) == ["Davies family (Teulu Davies)"], timeout=3000)

    view.search.setText("zzqqxx")
    qtbot.waitUntil(lambda: view.list.count() == 0, timeout=3000)
    assert "No family matches" in view.empty.text()


def test_keyboard_arrows_and_enter_open_a_family(qtbot, store_path):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    view = win.family_list
    view.search.setFocus()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    chosen = view.current_family_id()
    assert chosen == view.list.item(2).data(Qt.ItemDataRole.UserRole)  # row 0 starts chosen
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert win.workspace is not None
    assert win.workspace.ctx.family_id == chosen
    assert win.stack.currentWidget() is win.workspace


def test_ctrl_n_creates_a_family_with_a_template(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)

    def fill() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, NewFamilyDialog)
        dlg.name.setText("Nowak-Jones family")
        dlg.template.setCurrentIndex(dlg.template.findData("wellbeing"))
        dlg.accept()

    QTimer.singleShot(50, fill)
    win.new_family_action.trigger()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=5000)
    rows = families.list_families(win.store)
    assert [(r.display_name, r.template_id) for r in rows] == [("Nowak-Jones family",
                                                                "wellbeing")]
    assert win.workspace.ctx.template.id == "wellbeing"
    # the navigation uses the template's own labels
    labels = [win.workspace.nav.item(i).text() for i in range(win.workspace.nav.count())]
    assert "Our plan" in labels


def test_the_new_family_dialog_needs_a_name_and_offers_both_templates(qtbot):
    from safetymap.practice.templates import available_templates

    dlg = NewFamilyDialog(available_templates())
    qtbot.addWidget(dlg)
    ids = {dlg.template.itemData(i) for i in range(dlg.template.count())}
    assert {"child-protection", "wellbeing"} <= ids
    ok = dlg.buttons.buttons()[0]
    assert not ok.isEnabled()
    dlg.name.setText("Łukasz's family")
    assert ok.isEnabled()
    assert dlg.values()[0] == "Łukasz's family"


def test_archive_and_bring_back(qtbot, store_path):
    make_store(store_path)
    win = open_window(qtbot, store_path)
    view = win.family_list
    view.list.setCurrentRow(0)
    fid = view.current_family_id()
    qtbot.mouseClick(view.archive_button, Qt.MouseButton.LeftButton)
    assert fid not in [view.list.item(i).data(Qt.ItemDataRole.UserRole)
                       for i in range(view.list.count())]
    assert [r.id for r in families.list_families(win.store, include_archived=True)
            if r.archived] == [fid]
    view.show_archived.setChecked(True)
    for i in range(view.list.count()):
        if view.list.item(i).data(Qt.ItemDataRole.UserRole) == fid:
            view.list.setCurrentRow(i)
    assert "(archived)" in view.list.currentItem().text()
    assert view.archive_button.text() == "Bring back"
    view.archive_button.click()
    assert not any(r.archived for r in families.list_families(win.store, include_archived=True))
