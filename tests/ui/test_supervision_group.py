"""Group supervision: initials instead of names everywhere on screen, a group summary saved to
the family's record, and the map read-only meanwhile (nothing is written while names show as
initials)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from safetymap.services import supervision as sv
from safetymap.services.families import load_family

from .shell_support import family_doc, make_store, open_window, unnamed

TITLES = {"mr", "mrs", "ms", "miss", "dr"}


def name_words(doc):
    """Every full name, and every first name and surname (longer than two letters)."""
    words = set()
    for p in doc["people"]:
        words.add(p["name"])
        for w in re.split(r"[\s\-]+", p["name"]):
            if len(w) > 2 and w.casefold() not in TITLES:
                words.add(w)
    words.add(doc["family"]["display_name"].replace(" family", ""))
    return words


def all_text(root: QWidget) -> str:
    """What a person (or a screen reader) can see: texts, items, tool tips, accessible names
    and descriptions, and the window title. Placeholder examples are not case data and are left
    out (two map pages use the demo names in theirs)."""
    bits = [root.window().windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        bits += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
        for attr in ("text", "toPlainText", "title", "currentText"):
            fn = getattr(w, attr, None)
            if callable(fn):
                try:
                    v = fn()
                except TypeError:
                    continue
                if isinstance(v, str):
                    bits.append(v)
        if hasattr(w, "topLevelItemCount"):
            stack = [w.topLevelItem(i) for i in range(w.topLevelItemCount())]
            while stack:
                it = stack.pop()
                bits += [it.text(c) for c in range(w.columnCount())]
                stack += [it.child(j) for j in range(it.childCount())]
        if hasattr(w, "count") and hasattr(w, "itemText"):
            bits += [w.itemText(i) for i in range(w.count())]
        elif hasattr(w, "count") and hasattr(w, "item"):
            try:
                bits += [w.item(i).text() for i in range(w.count())]
            except (TypeError, AttributeError):
                pass
    return "\n".join(bits)


def leaks(text: str, words: set[str]) -> list[str]:
    return sorted(w for w in words if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text))


def test_group_supervision_shows_only_initials_on_every_page(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    fid = ids[0]
    win.open_family(fid)
    ws = win.workspace
    before = family_doc(win, fid)
    words = name_words(before)
    assert {"Sarah Hughes", "Tomasz", "Kowalski", "Gwen", "Evans"} <= words

    # Without group mode the names are on screen (so the walk below can find a leak).
    ws.set_page("people")
    QApplication.processEvents()
    assert "Sarah Hughes" in leaks(all_text(win), words)

    win.group_action.trigger()  # Ctrl+Shift+G
    assert ws.group and ws.ctx.initials_only and win.group_action.isChecked()
    assert ws.supervising and ws.supervision.group_button.isChecked()
    assert ws.group_banner.isVisible()
    assert ws.family_title.text() == "H.-K. family"
    problems = {}
    for key in ws.page_keys:
        ws.set_page(key)
        QApplication.processEvents()
        if key == "people":  # open someone's details too
            tree = ws.pages["people"].tree
            top = tree.topLevelItem(0)
            tree.setCurrentItem(top.child(0))
            QApplication.processEvents()
            assert ws.pages["people"].name.text() == "SH"
        found = leaks(all_text(win), words)
        if found:
            problems[key] = found
        # the map is read-only: no text box on the page can be typed in
        page = ws.pages[key]
        writable = [w for cls in (QLineEdit, QPlainTextEdit, QTextEdit)
                    for w in page.findChildren(cls)
                    if w.isVisibleTo(page) and w.isEnabled() and not w.isReadOnly()
                    ]
        assert writable == [], (key, [w.objectName() for w in writable])
    assert problems == {}
    assert unnamed(win) == []

    # the history shows initials too
    win.open_history("entries")
    hist = win.history_dialog
    for i in range(3):
        hist.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        assert leaks(all_text(hist), words) == [], i
    hist.done(0)

    # the group summary goes on the family's record (a group record)
    panel = ws.supervision
    box = panel.boxes["group_summary"]
    assert box.isVisible()
    qtbot.keyClicks(box, "The group suggested asking the school what is going well")
    win.autosaver.flush()
    recs = sv.list_records(win.store, fid)
    assert [(r.is_group, r.group_summary) for r in recs] == [
        (True, "The group suggested asking the school what is going well")]

    # undo is paused, and trying it writes nothing
    win.undo()
    assert "paused" in win.notice.text.text()

    # turning it off brings the names back, and nothing about the family was changed
    win.group_action.trigger()
    assert not ws.group and not ws.group_banner.isVisible()
    ws.set_page("people")
    QApplication.processEvents()
    assert "Sarah Hughes" in leaks(all_text(win), words)
    assert ws.family_title.text() == before["family"]["display_name"]
    after = load_family(win.store, fid)
    # only the group record was added (the family's "last changed" time moves with it)
    assert len(after.pop("supervision")) == 1 and before.pop("supervision") == []
    after["family"].pop("updated_at")
    before["family"].pop("updated_at")
    assert after == before
    # and the map can be edited again
    page = ws.pages["people"]
    assert page.new_name.isEnabled() and not page.new_name.isReadOnly()
    assert page.add_button.isEnabled()


def test_every_page_is_locked_against_writing_in_group_mode(qtbot, store_path):
    """Clicking every enabled button on every page in group mode writes nothing."""
    fid = make_store(store_path)[0]
    win = open_window(qtbot, store_path)
    win.open_family(fid)
    ws = win.workspace
    before = family_doc(win, fid)
    ws.set_group(True)
    from PySide6.QtWidgets import QAbstractButton

    for key in ws.page_keys:
        ws.set_page(key)
        QApplication.processEvents()
        page = ws.pages[key]
        live = [b for b in page.findChildren(QAbstractButton)
                if b.isVisibleTo(page) and b.isEnabled()]
        assert live == [], (key, [b.text() for b in live])
        for w in page.findChildren(QLineEdit):
            if w.isVisibleTo(page) and w.isEnabled():
                qtbot.keyClicks(w, "x")
        for w in page.findChildren(QPlainTextEdit):
            if w.isVisibleTo(page) and w.isEnabled():
                qtbot.keyClicks(w, "x")
                qtbot.keyClick(w, Qt.Key.Key_Return)
    win.autosaver.flush()
    ws.set_group(False)
    assert family_doc(win, fid) == before


def test_group_supervision_at_1366_cuts_nothing_off_the_map(qtbot, store_path):
    """At 1366x768 with group supervision beside it, every map page fits the room it has:
    nothing runs off the right edge (the page's content is no wider than what is shown)."""
    from PySide6.QtWidgets import QScrollArea

    ids = make_store(store_path)
    win = open_window(qtbot, store_path, size=(1366, 768))
    win.open_family(ids[0], "worried")
    ws = win.workspace
    ws.set_supervision(True)  # supervision first, at its usual share; then the group
    QApplication.processEvents()
    ws.set_group(True)
    QApplication.processEvents()
    assert ws.supervising and ws.splitter.sizes()[0] > 0
    checked = []
    for key in [*ws.page_keys, "worried", *ws.page_keys]:  # and back again, after widening
        ws.set_page(key)
        QApplication.processEvents()
        page = ws.pages[key]
        inner = getattr(page, "scroll_area", None)
        if not isinstance(inner, QScrollArea):
            continue  # People and the plan lay themselves out in the workspace's own scroller
        body = inner.widget()
        assert body.minimumSizeHint().width() <= inner.viewport().width(), key
        assert body.width() <= inner.viewport().width(), key
        # and the supervision view beside it is not cut off either
        sup = ws.supervision.scroll_area
        assert sup.widget().minimumSizeHint().width() <= sup.viewport().width(), key
        checked.append(key)
    assert "worried" in checked and "childs_voice" in checked and len(checked) >= 10
    ws.set_group(False)
