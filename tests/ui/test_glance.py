"""The map at a glance (ui/workspace/glance.py): the page a family opens on, its working view
(add and edit in place, through the map's own commands), its kitchen-table view (nothing
confidential), Open to an entry's own page, the keyboard route, and the fit at 1366x768."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from safetymap.ui.widgets.entry_list import EntryCard
from safetymap.ui.workspace.glance import WORKING, GlancePage, KitchenRow, WorkingRow

from .pagekit import doc, entries, open_page, person, visible_texts
from .shell_support import make_store, open_window


def _shown(page: GlancePage) -> str:
    """Every text on the page: labels, tool tips, names, and the words in its text boxes."""
    boxes = [b.toPlainText() for b in page.findChildren(QPlainTextEdit)]
    return " ".join([*visible_texts(page), *boxes])


def _row(page: GlancePage, text_start: str) -> WorkingRow:
    return next(r for r in page.findChildren(WorkingRow)
                if r.text.toPlainText().startswith(text_start))


def test_kitchen_table_view_shows_nothing_confidential(qtbot, store):
    """Turned to the family, the screen must not say who or where is hidden: the Yılmaz
    family's confidential Mihai, the refuge the worker left out, the refuge worker's
    organisation. The working view (the control) does show Mihai."""
    page, ctx = open_page(qtbot, store, GlancePage, family=2)
    assert "Mihai" in _shown(page)  # the control
    page.kitchen_button.setChecked(True)
    QApplication.processEvents()
    assert page.findChildren(KitchenRow) and not page.findChildren(WorkingRow)
    shown = _shown(page)
    for secret in ("Mihai", "refuge", "Refuge", "Cedar Lane", "900999", "Women's"):
        assert secret not in shown, secret
    assert "[name left out]" in shown
    # read-only: no box to type in, nothing to open
    assert not [r for r in page.findChildren(KitchenRow) if r.findChildren(type(page.view_picker))]
    assert not page.view_row.isVisibleTo(page)


def test_add_in_place_in_the_chosen_view_and_the_box_stays_put(qtbot, store):
    """Whose view is chosen once for what is added here (the stuck point: "Whose view" stayed
    on Worker, so it was said twice); adding never moves the box under the pointer."""
    page, ctx = open_page(qtbot, store, GlancePage)
    sarah = person(doc(ctx), "Sarah Hughes")["id"]
    page.view_picker.choose_text("Sarah Hughes (Mum)")
    group = page.columns[1].groups[0]  # existing strengths
    y_before = group.add.mapTo(page, group.add.rect().topLeft()).y()
    group.add.setFocus()
    qtbot.keyClicks(group.add, "Sarah walks the children to school")
    qtbot.keyClick(group.add, Qt.Key.Key_Return)
    QApplication.processEvents()
    added = [e for e in entries(doc(ctx), "strength") if e["text"].startswith("Sarah walks")]
    assert len(added) == 1 and added[0]["view"]["person_uid"] == person(doc(ctx), "Sarah Hughes")["uid"]
    assert sarah
    assert group.add.text() == "" and group.add.hasFocus()
    assert group.add.mapTo(page, group.add.rect().topLeft()).y() == y_before
    row = _row(page, "Sarah walks")
    assert row.meta == "Sarah\u2019s view" and row.meta in row.preview.text()
    ctx.undo_stack.undo()  # one step takes it away
    assert not [e for e in entries(doc(ctx), "strength") if e["text"].startswith("Sarah walks")]


def test_edit_words_in_place_autosaves_with_undo(qtbot, store):
    page, ctx = open_page(qtbot, store, GlancePage)
    row = _row(page, "The family is behind")
    row.text.setPlainText("The family is behind on the rent since August.")
    assert [e["text"] for e in entries(doc(ctx), "complicating")][0] == \
        "The family is behind on the rent since August."
    ctx.undo_stack.undo()
    assert [e["text"] for e in entries(doc(ctx), "complicating")][0] == \
        "The family is behind on the rent."


def test_arrows_move_between_add_boxes(qtbot, store):
    page, _ = open_page(qtbot, store, GlancePage)
    harm, worry = page.columns[0].groups[0], page.columns[0].groups[1]
    harm.add.setFocus()
    qtbot.keyClick(harm.add, Qt.Key.Key_Down)
    assert worry.add.hasFocus()
    qtbot.keyClick(worry.add, Qt.Key.Key_Right)
    assert page.columns[1].groups[0].add.hasFocus()
    qtbot.keyClick(page.columns[1].groups[0].add, Qt.Key.Key_Up)
    assert page.columns[0].groups[2].add.hasFocus()  # the last part of the column before


def test_a_family_opens_on_the_glance_and_open_shows_the_entry_on_its_page(qtbot, tmp_path):
    path = tmp_path / "s.db"
    ids = make_store(path)
    win = open_window(qtbot, path)
    win.open_family(ids[0])
    ws = win.workspace
    assert ws.current_page_key() == "glance"
    page = ws.pages["glance"]
    row = _row(page, "Twice when Tomasz")
    row.open.setFocus()
    qtbot.keyClick(row.open, Qt.Key.Key_Return)  # Enter opens, as a click does
    qtbot.waitUntil(lambda: ws.current_page_key() == "working_well", timeout=2000)
    focused = QApplication.focusWidget()
    card = focused.parentWidget() if focused is not None else None
    assert isinstance(card, EntryCard) and card.entry_id == row.entry_id
    # guided mode walks the conversation, not the overview
    ws.set_page("glance")
    ws.set_guided(True)
    assert ws.current_page_key() == "people" and "Step 1 of 8" in ws.guide.step.text()


def test_both_views_fit_1366_by_768_without_sideways_scrolling(qtbot, tmp_path):
    path = tmp_path / "s.db"
    ids = make_store(path)
    win = open_window(qtbot, path)
    win.open_family(ids[0])
    page = win.workspace.pages["glance"]
    for kitchen in (False, True):
        page.kitchen_button.setChecked(kitchen)
        QApplication.processEvents()
        bar = page.scroll_area.horizontalScrollBar()
        assert bar.maximum() == 0, kitchen
        body = page.scroll_area.widget()
        assert body.minimumSizeHint().width() <= page.scroll_area.viewport().width()


def test_stacked_columns_leave_no_empty_screen_at_the_end(qtbot, store):
    """Narrow (150% on a 1366 px screen leaves the page about 650 px) the columns stack. The
    stuck point: the page was sized by its wrapped labels' narrowest guesses, so scrolling to
    the end showed a whole screen of nothing under the last column."""
    page, _ = open_page(qtbot, store, GlancePage)
    page.kitchen_button.setChecked(True)
    page.resize(650, 500)
    QApplication.processEvents()
    QApplication.processEvents()
    assert page.columns_box.direction() == page.columns_box.Direction.TopToBottom
    body = page.scroll_area.widget()
    last = max(cv.geometry().bottom() for cv in page.columns)
    assert body.height() - last < 60


def test_opening_a_family_never_flashes_a_window_of_its_own(qtbot, store_path):
    """A disagreement label made visible before it had a parent showed as a top-level window
    for a moment while the glance was built, which took the keyboard from the main window
    (Ctrl+Z and typing then went nowhere: tests/ui/test_pages_undo_attacks.py)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QWidget

    from .shell_support import make_store, open_window

    shown: list[str] = []

    class Spy(QObject):
        def eventFilter(self, obj, ev):  # noqa: N802 - Qt's name
            if ev.type() == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow() \
                    and obj.objectName() != "":
                shown.append(obj.objectName())
            return False

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    spy = Spy()
    QApplication.instance().installEventFilter(spy)
    try:
        win.open_family(ids[0])
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(spy)
    assert shown == []
    assert QApplication.activeWindow() is win


def _open_glance(qtbot, tmp_path):
    path = tmp_path / "s.db"
    ids = make_store(path)
    win = open_window(qtbot, path)  # 1366x768, as a small laptop's screen
    win.open_family(ids[0])
    page = win.workspace.pages["glance"]
    for _ in range(3):
        QApplication.processEvents()
    return win, page


def _cut_words(page: GlancePage) -> list[str]:
    """Entries whose label is shorter than its wrapped words need: text cut off at the bottom."""
    return [r.text.toPlainText()[:30] for r in page.findChildren(WorkingRow)
            if r.preview.isVisible()
            and r.preview.height() < r.preview.heightForWidth(r.preview.width())]


def test_the_whole_map_is_on_one_screen_at_1366_by_768_and_no_words_are_cut(qtbot, tmp_path):
    """The promise of the issue: the demo family's whole map (three columns, the scale, every
    entry with whose view it is and any disagreement) on one laptop screen, as on paper. The
    tallest column shows shorter words; a column with room keeps them whole."""
    _, page = _open_glance(qtbot, tmp_path)
    assert page.scroll_area.verticalScrollBar().maximum() == 0
    assert _cut_words(page) == []
    rows = page.findChildren(WorkingRow)
    assert len(rows) >= 14 and all(r.preview.isVisible() for r in rows)
    for r in rows:  # whose view is said on every row, after the words
        assert r.meta and r.meta in r.preview.text()
    # the column with room shows its words whole
    middle = page.columns[1]
    assert middle.density.chars > page.columns[0].density.chars
    assert any(r.preview.text().startswith("Twice when Tomasz was drunk, Sarah took the "
                                           "children to Gwen&#x27;s house and they stayed")
               for g in middle.groups for r in g.working_rows())


def test_control_without_shorter_words_the_map_needs_scrolling(qtbot, tmp_path, monkeypatch):
    """The control for the test above: with one density only (the words as long as ever),
    the same map does not fit, and the page scrolls rather than cutting words."""
    from safetymap.ui.workspace import glance

    monkeypatch.setattr(glance, "WORKING", glance.WORKING[:1])
    _, page = _open_glance(qtbot, tmp_path)
    assert page.scroll_area.verticalScrollBar().maximum() > 0
    assert _cut_words(page) == []


def test_words_open_in_full_in_place_and_close_again(qtbot, tmp_path):
    """A click on an entry's short words shows all of them in an edit box, there; leaving it
    shows the short words again, now with what was typed. Tab onto the words opens them too,
    and Escape closes them with the keyboard still on them."""
    win, page = _open_glance(qtbot, tmp_path)
    row = _row(page, "Sarah and Tomasz will sort out")
    assert row.preview.text().endswith("view</span>") and "\u2026" in row.preview.text()
    qtbot.mouseClick(row.preview, Qt.MouseButton.LeftButton)
    assert row.text.isVisible() and not row.preview.isVisible()
    assert QApplication.focusWidget() is row.text
    assert row.text.toPlainText().endswith("for six months.")  # every word, not the short ones
    qtbot.keyClicks(row.text, " Reviewed in March.")
    qtbot.keyClick(row.text, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: row.preview.isVisible(), timeout=2000)
    assert QApplication.focusWidget() is row.open and not row.text.isVisible()
    win.workspace.ctx.autosaver.flush()
    saved = [e["text"] for e in entries(doc(win.workspace.ctx), "goal")]
    assert any(t.endswith("for six months. Reviewed in March.") for t in saved)
    qtbot.keyClick(row.open, Qt.Key.Key_Backtab)  # back onto the words: open again
    qtbot.waitUntil(lambda: row.text.isVisible(), timeout=2000)
    assert QApplication.focusWidget() is row.text
    qtbot.keyClick(row.text, Qt.Key.Key_Escape)
    assert row.preview.isVisible() and QApplication.focusWidget() is row.preview
    win.workspace.ctx.undo_stack.undo()  # the typing is one undo step; the short words follow
    assert "Reviewed in March" not in row.preview.text()


def _scores_of(ctx, who_uid=None, label=None):
    return [s for s in doc(ctx)["scores"]
            if (who_uid is not None and s["person_uid"] == who_uid)
            or (label is not None and s["who"] == label)]


def test_a_number_is_put_from_the_glance_with_its_reasons(qtbot, store):
    """Working view: whose view is Sarah, a click on 7 puts a new number for her (the old one
    stays in the history), her name goes under 7, the box for her reasons opens with the
    keyboard in it; a second click changes that number rather than adding one; the reasons
    autosave; undo takes the reasons away, then the number."""
    page, ctx = open_page(qtbot, store, GlancePage)
    sarah = person(doc(ctx), "Sarah Hughes")
    before = len(_scores_of(ctx, who_uid=sarah["uid"]))
    page.view_picker.set_current(sarah["id"], "")
    page._view = (sarah["id"], "")
    qtbot.mouseClick(page.scale.numbers[7], Qt.MouseButton.LeftButton)
    mine = _scores_of(ctx, who_uid=sarah["uid"])
    assert len(mine) == before + 1 and mine[-1]["value"] == 7
    assert "Sarah" in page.scale.names[7].text() and "Sarah" not in page.scale.names[6].text()
    assert page.scale.why_box.isVisible() and QApplication.focusWidget() is page.scale.why
    assert page.scale.why_label.text() == "Why 7 for Sarah?"
    qtbot.mouseClick(page.scale.numbers[5], Qt.MouseButton.LeftButton)  # she meant 5
    mine = _scores_of(ctx, who_uid=sarah["uid"])
    assert len(mine) == before + 1 and mine[-1]["value"] == 5
    qtbot.keyClicks(page.scale.why, "Gwen is close by.")
    ctx.autosaver.flush()
    assert _scores_of(ctx, who_uid=sarah["uid"])[-1]["reasons"] == "Gwen is close by."
    ctx.undo_stack.undo()
    assert _scores_of(ctx, who_uid=sarah["uid"])[-1]["reasons"] == ""
    ctx.undo_stack.undo()
    assert _scores_of(ctx, who_uid=sarah["uid"])[-1]["value"] == 7
    ctx.undo_stack.undo()
    assert len(_scores_of(ctx, who_uid=sarah["uid"])) == before
    assert not page.scale.why_box.isVisible()  # nothing left to write reasons for
    assert "Sarah" in page.scale.names[6].text()  # her earlier number, as it was


def test_the_kitchen_table_view_puts_no_number(qtbot, store):
    """Turned to the family, the scale only shows: a click puts nothing."""
    page, ctx = open_page(qtbot, store, GlancePage)
    before = len(doc(ctx)["scores"])
    page.kitchen_button.setChecked(True)
    qtbot.mouseClick(page.scale.numbers[2], Qt.MouseButton.LeftButton)
    assert len(doc(ctx)["scores"]) == before and not page.scale.why_box.isVisible()
    page.working_button.setChecked(True)  # control: the same click in the working view puts one
    qtbot.mouseClick(page.scale.numbers[2], Qt.MouseButton.LeftButton)
    assert len(doc(ctx)["scores"]) == before + 1


def test_the_scale_says_whose_number_a_click_puts_and_enter_finishes_the_reasons(qtbot,
                                                                                  store):
    """New-user run: a click put 6 for "Worker" when Sarah was meant; nothing at the scale
    said whose number it would be. Enter in the reasons box added a line instead of finishing,
    and the reasons could not be seen from here afterwards."""
    page, ctx = open_page(qtbot, store, GlancePage)
    assert "for Worker" in page.scale.for_whom.text() and page.scale.for_whom.isVisible()
    sarah = person(doc(ctx), "Sarah Hughes")
    page.view_picker.set_current(sarah["id"], "")
    page._view_picked({"person_id": sarah["id"]})
    assert "for Sarah" in page.scale.for_whom.text()
    qtbot.mouseClick(page.scale.numbers[6], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.scale.why, "Mum is close by.")
    qtbot.keyClick(page.scale.why, Qt.Key.Key_Return)
    assert not page.scale.why_box.isVisible()
    latest = _scores_of(ctx, who_uid=sarah["uid"])[-1]
    assert (latest["value"], latest["reasons"]) == (6, "Mum is close by.")  # no new line
    assert "Sarah: Mum is close by." in page.scale.names[6].toolTip()
    page.kitchen_button.setChecked(True)
    assert not page.scale.for_whom.isVisible()  # the family's view puts no number


def test_switching_views_moves_the_view_switch_nowhere(qtbot, store):
    page, _ = open_page(qtbot, store, GlancePage)
    QApplication.processEvents()
    at = page.kitchen_button.mapTo(page, page.kitchen_button.rect().topLeft())
    page.kitchen_button.setChecked(True)
    QApplication.processEvents()
    now = page.kitchen_button.mapTo(page, page.kitchen_button.rect().topLeft())
    # the row is a few pixels shorter without the drop-down; it went 420 px sideways before
    assert now.x() == at.x() and abs(now.y() - at.y()) <= 2, (at, now)


def test_the_kitchen_table_view_cuts_no_words(qtbot, store):
    """The family cannot open an entry from the kitchen-table view, so it shows every word
    (the new-user run saw a goal cut to '…hitting in front…'). Control: the working view
    shortens the same goal."""
    page, _ = open_page(qtbot, store, GlancePage)
    page.resize(1136, 641)
    page.fit(roomiest=True)
    goal = next(g for cv in page.columns for g in cv.groups if g.area == "goal")
    working = [r.preview.text() for r in goal.working_rows()]
    page.kitchen_button.setChecked(True)
    kitchen = [r.text.text() for r in goal.rows.values()]
    assert kitchen and not any(t.endswith("\u2026") for t in kitchen)
    assert any(t.endswith("for six months.") for t in kitchen)
    assert any("\u2026" in t for t in working)


def test_an_edit_survives_a_refit_and_the_switch_to_the_kitchen_table_view(qtbot, store):
    """Review finding: a row was shown again (a refit after another row opened, a new window
    size, the view switch) from the words it was made with, so an autosaved edit went back
    on screen and the next keystroke saved the old words over it."""
    page, ctx = open_page(qtbot, store, GlancePage)
    row = _row(page, "The family is behind")
    row.begin_edit()
    qtbot.keyClicks(row.text, " Since August.")
    ctx.autosaver.flush()
    column = row.column
    denser = WORKING[min(WORKING.index(column.density) + 1, len(WORKING) - 1)]
    column.use(WORKING[0] if denser == column.density else denser)  # a refit
    assert row.text.toPlainText().endswith("Since August.")
    page.kitchen_button.setChecked(True)
    shown = [r.text.text() for r in page.findChildren(KitchenRow)]
    assert any(t.endswith("Since August.") for t in shown), shown
    # control: a row holding the words it was made with puts them back on a refit
    page.working_button.setChecked(True)
    row = _row(page, "The family is behind")
    from dataclasses import replace as _replace
    row.entry = _replace(row.entry, text="The family is behind on the rent.")
    row.update_from(row.entry)
    assert not row.text.toPlainText().endswith("Since August.")
