"""Issue 13 ("Lighter than paper"), the stuck points about people, each as a new user met it:

2. "Add someone" moved: its role picker changed by itself after each person and opened at a
   different place each time, so Nan was added as a Professional by mistake.
3. Gwen was drawn in a circle while her Circle field said "Not in the circles".
4. The phone box showed "00 900123"; "Not for the family's copy" and "Safe to share" sat side
   by side with nothing saying how they differ.
7. Typing "Tom" and Enter kept "Tom" instead of choosing Tomasz.
10. The plan's "Who helps" started on Lena, a child, and Gwen's "How they help" from the
    People page had to be typed again.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QComboBox

from safetymap.practice.templates import get_template
from safetymap.services import families
from safetymap.services import people as people_cmds
from safetymap.ui.autosave import Autosaver
from safetymap.ui.workspace.circles import ring_of
from safetymap.ui.workspace.page import WorkspaceContext
from safetymap.ui.workspace.people import MARKING_WORDS, PeoplePage
from safetymap.ui.workspace.plan import PlanPage

from .pagekit import doc, open_page, person


def _named(page, start):
    return next(p for p in page.people.values() if p["name"].startswith(start))


# -- 2: "Add someone" ------------------------------------------------------------------------


def test_the_role_for_a_new_person_stays_as_chosen_and_never_moves(qtbot, store):
    """Item 2: the role was a drop-down that changed by itself after each person (child, then
    parent, then network) and so opened at a different place each time. Now it is four buttons
    in view that stay where they are and keep the worker's choice."""
    fid = families.create_family(store, "Roberts family")
    d = families.load_family(store, fid)
    ctx = WorkspaceContext(store, fid, get_template(d["family"]["template_id"]), Autosaver(),
                           QUndoStack())
    ctx.refresh_all = lambda: page.show_document(families.load_family(store, fid))
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show_document(families.load_family(store, fid))
    page.show()
    QApplication.processEvents()
    assert not isinstance(page.new_role, QComboBox)  # nothing pops up over the pointer
    assert page.new_role.currentData() == "child"  # a new family starts with the children
    where = [b.mapTo(page, QPoint(0, 0)) for b in page.new_role.buttons]

    adult = page.new_role.buttons[page.new_role.findData("adult")]
    qtbot.mouseClick(adult, Qt.MouseButton.LeftButton)
    for name in ("Jo Roberts", "Sam Roberts"):
        page.new_name.setFocus()
        qtbot.keyClicks(page.new_name, name)
        qtbot.keyClick(page.new_name, Qt.Key.Key_Return)
        QApplication.processEvents()
        assert page.new_role.currentData() == "adult"  # not changed by itself
        assert [b.mapTo(page, QPoint(0, 0)) for b in page.new_role.buttons] == where
    network = page.new_role.buttons[page.new_role.findData("network")]
    qtbot.mouseClick(network, Qt.MouseButton.LeftButton)
    page.new_name.setText("Gwen Roberts")
    qtbot.keyClick(page.new_name, Qt.Key.Key_Return)
    QApplication.processEvents()
    roles = {p["name"]: p["role"] for p in families.load_family(store, fid)["people"]}
    assert roles == {"Jo Roberts": "adult", "Sam Roberts": "adult", "Gwen Roberts": "network"}
    assert page.new_role.currentData() == "network"
    assert [b.mapTo(page, QPoint(0, 0)) for b in page.new_role.buttons] == where
    # the name box shows its whole hint now that the role has a line of its own
    hint = page.new_name.placeholderText()
    assert page.new_name.width() > page.new_name.fontMetrics().horizontalAdvance(hint) + 12


# -- 3: the circles and the Circle field ------------------------------------------------------


def test_the_circle_field_says_where_the_circles_draw_everyone(qtbot, store):
    """Item 3: with no circle chosen, a person was drawn in one (from their role) while the
    field said "Not in the circles". Now the field names the circle drawn, for everyone."""
    page, ctx = open_page(qtbot, store, PeoplePage)
    bea = page.add_person("Auntie Bea", "network", "Sarah's sister")  # no circle chosen
    for p in list(page.people.values()):
        page.select_person(int(p["id"]))
        drawn = people_cmds.CIRCLE_WORDS[ring_of(page.people[int(p["id"])])]
        assert page.closeness.currentText().startswith(drawn), (p["name"],
                                                                page.closeness.currentText())
        assert "Not in the circles" not in page.closeness.currentText()
    page.select_person(bea)
    assert page.closeness.currentText() == "Middle circle (from their role)"
    assert "Close: " in page.circles.accessibleDescription()
    page.closeness.setCurrentIndex(page.closeness.findData(3))  # moved out
    assert ring_of(page.people[bea]) == 3
    assert person(doc(ctx), "Auntie Bea")["closeness"] == 3
    lena = _named(page, "Lena")
    page.select_person(int(lena["id"]))
    assert page.closeness.currentText() == "In the middle, with the children"
    assert not page.closeness.isEnabled()  # a child is always in the middle
    # a role changed: "from their role" follows it
    tomasz = _named(page, "Tomasz")
    page.select_person(int(tomasz["id"]))
    assert page.closeness.currentText() == "Closest circle (from their role)"
    page.household.setChecked(False)
    assert page.closeness.currentText() == "Middle circle (from their role)"
    assert ring_of(page.people[int(tomasz["id"])]) == 2


# -- 4: the phone box and its markings ---------------------------------------------------------


def _phone_row(page):
    gwen = _named(page, "Gwen")
    page.select_person(int(gwen["id"]))
    QApplication.processEvents()
    return next(r for r in page.contact_rows.values() if r.contact["kind"] == "phone")


def _shows_whole(box, text):
    margins = box.textMargins().left() + box.textMargins().right()
    return box.contentsRect().width() - margins - 8 >= box.fontMetrics().horizontalAdvance(text)


def test_a_phone_number_is_shown_whole_beside_the_circles_and_stacked(qtbot, store):
    """Item 4: the phone box was too narrow and showed "00 900123"."""
    page, _ctx = open_page(qtbot, store, PeoplePage)
    row = _phone_row(page)
    assert not page.stacked
    assert _shows_whole(row.value, "07700 900456"), row.value.width()
    address = next(r for r in page.contact_rows.values() if r.contact["kind"] == "address")
    assert _shows_whole(address.value, address.value.text()), address.value.width()
    page.resize(560, 700)  # group supervision beside it: the columns stack
    QApplication.processEvents()
    assert page.stacked
    assert _shows_whole(_phone_row(page).value, "+44 (0)7700 900123")


def test_who_may_see_a_contact_is_one_choice_of_three_each_explained(qtbot, store):
    """Item 4: "Not for the family's copy" and "Safe to share" sat side by side as two boxes
    with no explanation of the difference. Now it is one choice of three, and the one chosen
    is explained in a sentence; each choice has its explanation as a tooltip."""
    page, ctx = open_page(qtbot, store, PeoplePage)
    row = _phone_row(page)
    choices = (row.confidential, row.family_only, row.safe)
    assert row.marks.exclusive() and list(row.marks.buttons()) == list(choices)
    assert all(b.toolTip() for b in choices)
    assert row.safe.isChecked() and row.badge.text().startswith(MARKING_WORDS["safe"])

    def stored():
        d = doc(ctx)
        phone = next(c for c in person(d, "Gwen Hughes")["contacts"] if c["kind"] == "phone")
        return phone["confidential"], phone["safe_to_share"], phone["safe_for_children"]

    row.family_only.click()
    assert stored() == (False, False, True)
    assert row.badge.text().startswith(MARKING_WORDS["family"])
    assert "safe copy" in row.badge.text()
    row = _phone_row(page)
    row.confidential.click()
    assert stored() == (True, False, False)  # the children's copy goes with it, one change
    assert _phone_row(page).badge.text() == MARKING_WORDS["confidential"]


# -- 7 and "Fewer actions": part of a name and Enter -------------------------------------------


def test_part_of_a_name_and_enter_picks_the_person_never_half_a_name(qtbot, store):
    """Item 7: "Tom" and Enter kept "Tom" as a new name instead of choosing Tomasz. The shared
    picker (ui/widgets/person_picker.py) picks the person listed first, shows the list as it
    is typed, and puts back the person chosen before when nothing matches."""
    page, ctx = open_page(qtbot, store, PlanPage)
    row = page.helper_rows[0]
    picker = row.person
    tomasz = next(p for p in doc(ctx)["people"] if p["name"] == "Tomasz Kowalski")
    picker.edit.setFocus()
    picker.edit.selectAll()
    qtbot.keyClicks(picker.edit, "Tom")
    assert picker.popup_open()  # who matches is in view as it is typed
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.edit.text() == "Tomasz Kowalski"
    assert doc(ctx)["safety_plan"]["current"]["network_roles"][0]["person_uid"] \
        == tomasz["uid"]
    row = page.helper_rows[0]
    row.person.edit.selectAll()
    qtbot.keyClicks(row.person.edit, "zzz")  # nobody: never kept as half a name
    qtbot.keyClick(row.person.edit, Qt.Key.Key_Return)
    assert row.person.edit.text() == "Tomasz Kowalski"
    # a relationship works too, and Tab (leaving the box) picks like Enter
    row.person.edit.setFocus()
    row.person.edit.selectAll()
    qtbot.keyClicks(row.person.edit, "Nan")
    qtbot.keyClick(row.person.edit, Qt.Key.Key_Tab)
    QApplication.processEvents()
    gwen = person(doc(ctx), "Gwen Hughes")
    assert doc(ctx)["safety_plan"]["current"]["network_roles"][0]["person_uid"] == gwen["uid"]


# -- 10: "Who helps" ---------------------------------------------------------------------------


def test_a_new_helper_is_the_safety_network_with_how_they_help_carried_over(qtbot, store):
    """Item 10: "Add a helper" started on Lena, a child, and Gwen's "How they help" written on
    the People page was typed again. Now it starts with the next of the safety network not
    listed yet, with their words from the People page, and never offers a child."""
    page, ctx = open_page(qtbot, store, PlanPage)
    while page.helper_rows:
        page.remove_helper(0)
    page.add_helper()
    (row,) = page.helper_rows
    gwen = person(doc(ctx), "Gwen Hughes")
    assert row.person.current_key() == gwen["uid"]
    assert row.role.text() == gwen["network_role"] != ""
    assert QApplication.focusWidget() is row.person.edit  # typing a name replaces her
    offered = [p["role"] for p in row.person._people]
    assert "child" not in offered and offered[0] == "network"
    assert doc(ctx)["safety_plan"]["current"]["network_roles"] == [
        {"person_uid": gwen["uid"], "role": gwen["network_role"]}]
    page.add_helper()
    second = page.helper_rows[1].person.current_person()
    assert second is not None and second["uid"] != gwen["uid"] and second["role"] != "child"
    # picking someone else brings their words, unless something else was written
    evans = person(doc(ctx), "Mrs Evans")
    people_cmds.update(store, evans["id"], network_role="Talks with Lena every Monday.")
    page.show_document(doc(ctx))
    row = page.helper_rows[0]
    row.person.choose_text("Mrs Ev")
    assert page.helper_rows[0].role.text() == "Talks with Lena every Monday."
    row = page.helper_rows[0]
    row.role.setText("Rings on Fridays")
    row.person.choose_text("Gwen")
    assert page.helper_rows[0].role.text() == "Rings on Fridays"  # what was written stays


# -- "Fewer actions": the child's helpers and names ---------------------------------------------


def test_what_a_child_calls_someone_is_offered_from_what_is_already_known(qtbot, store):
    """"A name given once is offered everywhere it is needed": the relationship already says
    "Auntie", and what Jakub calls her is offered for Lena, so neither is typed again."""
    page, ctx = open_page(qtbot, store, PeoplePage)
    bea = page.add_person("Bea Hughes", "network", "Auntie (Sarah's sister)")
    lena, jakub = _named(page, "Lena"), _named(page, "Jakub")
    rows = page.child_links.rows
    jakub_row = rows[(int(jakub["id"]), bea)]
    jakub_row.known_as.setText("Aunty Bea")
    page.ctx.autosaver.flush()
    page.show_document(doc(ctx))
    page.select_person(bea)
    lena_row = page.child_links.rows[(int(lena["id"]), bea)]
    assert lena_row.known_as.text() == ""
    assert lena_row.known_as.placeholderText() == "Auntie, if left empty"
    offered = lena_row.known_as.completer().model()
    words = [offered.index(i, 0).data() for i in range(offered.rowCount())]
    assert words == ["Aunty Bea", "Auntie"]
    lena_row.known_as.setFocus()
    qtbot.keyClicks(lena_row.known_as, "Aun")
    popup = lena_row.known_as.completer().popup()
    assert popup.isVisible()
