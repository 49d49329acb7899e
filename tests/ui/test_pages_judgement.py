"""Judgement: the scale widget by keyboard and by dragging, one score per person, the chart."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from safetymap.ui.widgets.scale import ScaleWidget
from safetymap.ui.workspace.judgement import JudgementPage

from .pagekit import doc, open_page, person, unnamed_controls


def _x_of(scale: ScaleWidget, value: int) -> QPoint:
    c = scale._centre(value)
    return QPoint(int(c.x()), int(c.y()))


def test_scale_widget_keyboard(qtbot):
    s = ScaleWidget()
    qtbot.addWidget(s)
    s.resize(700, 110)
    s.show()
    s.setFocus()
    assert s.value() is None
    assert "No number" in s.accessibleDescription()
    qtbot.keyClick(s, Qt.Key.Key_7)
    assert s.value() == 7 and s.accessibleDescription() == "7 out of 10"
    qtbot.keyClick(s, Qt.Key.Key_Left)
    assert s.value() == 6
    qtbot.keyClick(s, Qt.Key.Key_Up)
    assert s.value() == 7
    qtbot.keyClick(s, Qt.Key.Key_Home)
    assert s.value() == 0
    qtbot.keyClick(s, Qt.Key.Key_End)
    assert s.value() == 10
    qtbot.keyClick(s, Qt.Key.Key_Right)  # never past ten
    assert s.value() == 10
    qtbot.keyClick(s, Qt.Key.Key_PageDown)
    assert s.value() == 5
    qtbot.keyClick(s, Qt.Key.Key_PageUp)
    assert s.value() == 10
    qtbot.keyClick(s, Qt.Key.Key_1)
    qtbot.keyClick(s, Qt.Key.Key_0)  # "1" then "0" is ten
    assert s.value() == 10
    qtbot.keyClick(s, Qt.Key.Key_0)  # a lone 0 is nought
    assert s.value() == 0
    assert s.accessibleName()


def test_scale_widget_drag(qtbot):
    s = ScaleWidget()
    qtbot.addWidget(s)
    s.resize(700, 110)
    s.show()
    seen = []
    s.valueChanged.connect(seen.append)
    qtbot.mousePress(s, Qt.MouseButton.LeftButton, pos=_x_of(s, 2))
    for v in (3, 4, 5, 6):
        qtbot.mouseMove(s, _x_of(s, v))
        # offscreen mouseMove carries no button state: send the drag event directly
        from PySide6.QtCore import QEvent, QPointF
        from PySide6.QtGui import QMouseEvent
        ev = QMouseEvent(QEvent.Type.MouseMove, QPointF(_x_of(s, v)), QPointF(_x_of(s, v)),
                         Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier)
        s.mouseMoveEvent(ev)
    qtbot.mouseRelease(s, Qt.MouseButton.LeftButton, pos=_x_of(s, 6))
    assert s.value() == 6
    assert seen[0] == 2 and seen[-1] == 6


def test_three_people_score_by_keyboard_and_drag(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    before = doc(ctx)
    n_before = len(before["scores"])
    series_before = {s.name for s in page.chart.series()}
    assert series_before == {"Alex", "Sarah", "Tomasz", "School"}  # the worker is Alex: one line

    # 1: Sarah, chosen from the picker by keyboard; the scale by a digit
    page.who.lineEdit().setFocus()
    qtbot.keyClicks(page.who.lineEdit(), "Sarah Hughes (Mum)")
    qtbot.keyClick(page.who.lineEdit(), Qt.Key.Key_Return)
    assert page.wording.currentData() == "parent"  # an adult: the parent wording
    page.scale.setFocus()
    qtbot.keyClick(page.scale, Qt.Key.Key_7)
    qtbot.keyClicks(page.reasons, "Gwen is close by and Tomasz is going to the group")
    assert page.record.isEnabled()  # "Next person's number"
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)

    # 2: Tomasz: "1" then "0" for ten
    page.who.choose_text("Tomasz Kowalski")
    page.scale.setFocus()
    qtbot.keyClick(page.scale, Qt.Key.Key_1)
    qtbot.keyClick(page.scale, Qt.Key.Key_0)
    qtbot.keyClicks(page.reasons, "I'd never hurt my kids")
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)

    # 3: a new person typed in and explicitly added ("Add 'School nurse' as a new person..."),
    # scored by dragging (press on 2, release on 3)
    page.who.lineEdit().setFocus()
    qtbot.keyClicks(page.who.lineEdit(), "School nurse")
    i = page.who.offer_index("new_name")
    assert i >= 0 and "School nurse" in page.who.itemText(i)
    page.who.setCurrentIndex(i)
    page.who.activated.emit(i)  # as when the worker picks the offer from the list
    qtbot.mouseClick(page.scale, Qt.MouseButton.LeftButton, pos=_x_of(page.scale, 3))
    assert page.scale.value() == 3
    qtbot.mouseClick(page.record, Qt.MouseButton.LeftButton)

    d = doc(ctx)
    new = d["scores"][n_before:]
    new.sort(key=lambda s: s["scored_at"])
    assert [(s["who"], s["value"]) for s in new] == [
        ("Sarah Hughes", 7), ("Tomasz Kowalski", 10), ("School nurse", 3)]
    assert new[0]["reasons"] == "Gwen is close by and Tomasz is going to the group"
    assert new[0]["scale_wording"] == ctx.template.wording("parent")
    assert new[2]["scale_wording"] == ctx.template.wording("default")
    assert new[0]["person_uid"] == person(d, "Sarah Hughes")["uid"]
    assert person(d, "School nurse")["role"] == "professional"
    # history is kept: Sarah's earlier numbers are all still there
    assert [s["value"] for s in d["scores"] if s["who"] == "Sarah Hughes"][-1] == 7
    assert len([s for s in d["scores"] if s["who"] == "Sarah Hughes"]) == 4

    # everyone's numbers together, and one line per person on the chart
    assert page.latest_values() == {"Alex": 4, "Sarah": 7, "Tomasz": 10, "School": 3,
                                    "School nurse": 3}
    names = [s.name for s in page.chart.series()]
    assert len(names) == len(set(names)) == 5
    assert set(names) == {"Alex", "Sarah", "Tomasz", "School", "School nurse"}
    sarah = next(s for s in page.chart.series() if s.name == "Sarah")
    assert [v for _, v in sarah.points] == [5, 5, 6, 7]
    assert "Sarah: 5" in page.chart.accessibleDescription()
    chips = [c.accessibleName() for c in page.strip.findChildren(type(page.status))
             if c.objectName() == "scoreChip"]
    assert any(c.startswith("Tomasz: 10 out of 10") for c in chips)

    # undo takes the last recorded number away again
    ctx.undo_stack.undo()
    assert len(doc(ctx)["scores"]) == n_before + 2


def test_nothing_recorded_without_a_number_and_controls_are_named(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, JudgementPage)
    n = len(doc(ctx)["scores"])
    assert not page.record.isEnabled()
    assert page.record_score() is None
    assert len(doc(ctx)["scores"]) == n
    assert unnamed_controls(page) == []
    # the template's question and follow-ups are on the page
    from .pagekit import visible_texts
    texts = " ".join(visible_texts(page))
    assert ctx.template.scale_question in texts
    for q in ctx.template.scale_follow_ups:
        assert q in texts
