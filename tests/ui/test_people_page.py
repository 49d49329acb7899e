"""People and network: add a person, edit them, add a confidential contact; it lands in the store."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from .shell_support import family_doc, make_store, open_window, unnamed


def _people_page(qtbot, store_path, family=0):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[family], "people")
    page = win.workspace.pages["people"]
    return win, page, ids[family]


def test_add_a_person_and_a_confidential_address(qtbot, store_path):
    win, page, fid = _people_page(qtbot, store_path)
    qtbot.keyClicks(page.new_name, "Auntie Bea")
    page.new_role.setCurrentIndex(page.new_role.findData("network"))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert page.name.text() == "Auntie Bea"
    qtbot.keyClicks(page.relationship, "Sarah's sister")
    page.closeness.setCurrentIndex(page.closeness.findData(1))
    page.network_role.setText("Collects the children from school on Fridays")
    page.age.setValue(41)

    qtbot.mouseClick(page.add_address, Qt.MouseButton.LeftButton)
    (row,) = page.contact_rows.values()
    row.value.setText("Flat 2, Tŷ Newydd, Llanbadarn")  # accented: setText, not keyClicks
    row.confidential.setFocus()
    qtbot.keyClick(row.confidential, Qt.Key.Key_Space)  # keyboard alone
    assert row.confidential.isChecked()
    assert "Kept out of the family's copy" in row.badge.text()
    qtbot.mouseClick(page.add_phone, Qt.MouseButton.LeftButton)
    phone = [r for cid, r in page.contact_rows.items() if r is not row][0]
    qtbot.keyClicks(phone.value, "07700 900999")
    phone.safe.click()

    qtbot.wait(700)  # longer than the autosave delay; no explicit flush
    doc = family_doc(win, fid)
    bea = next(p for p in doc["people"] if p["name"] == "Auntie Bea")
    assert bea["role"] == "network"
    assert bea["relationship"] == "Sarah's sister"
    assert bea["closeness"] == 1
    assert bea["age_years"] == 41
    assert bea["network_role"] == "Collects the children from school on Fridays"
    contacts = {c["kind"]: c for c in bea["contacts"]}
    assert contacts["address"]["value"] == "Flat 2, Tŷ Newydd, Llanbadarn"
    assert contacts["address"]["confidential"] is True
    assert contacts["address"]["safe_to_share"] is False
    assert contacts["phone"]["value"] == "07700 900999"
    assert contacts["phone"]["safe_to_share"] is True and not contacts["phone"]["confidential"]

    # the circles show her in the closest ring, and the list groups her with the network
    assert "Closest: " in page.circles.accessibleDescription()
    assert "Auntie Bea" in page.circles.accessibleDescription()


def test_the_two_markings_cannot_both_be_ticked(qtbot, store_path):
    win, page, fid = _people_page(qtbot, store_path)
    page.select_person(next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes"))
    row = next(r for r in page.contact_rows.values() if r.contact["kind"] == "phone")
    assert row.safe.isChecked()
    row.confidential.click()
    assert row.confidential.isChecked() and not row.safe.isChecked()
    doc = family_doc(win, fid)
    gwen = next(p for p in doc["people"] if p["name"] == "Gwen Hughes")
    phone = next(c for c in gwen["contacts"] if c["kind"] == "phone")
    assert phone["confidential"] is True and phone["safe_to_share"] is False


def test_people_page_controls_have_accessible_names(qtbot, store_path):
    win, page, _fid = _people_page(qtbot, store_path)
    page.select_person(next(iter(page.people)))
    assert unnamed(page) == []


def test_ticking_not_for_the_family_is_one_undo_step_with_the_safe_boxes(qtbot, store_path):
    win, page, fid = _people_page(qtbot, store_path)
    page.select_person(next(p["id"] for p in page.people.values() if p["name"] == "Gwen Hughes"))
    row = next(r for r in page.contact_rows.values() if r.contact["kind"] == "phone")
    steps = win.undo_stack.count()
    row.confidential.click()
    assert win.undo_stack.count() == steps + 1  # both markings changed in one command
    win.undo_action.trigger()
    gwen = next(p for p in family_doc(win, fid)["people"] if p["name"] == "Gwen Hughes")
    phone = next(c for c in gwen["contacts"] if c["kind"] == "phone")
    assert phone["confidential"] is False and phone["safe_to_share"] is True
    row = next(r for r in page.contact_rows.values() if r.contact["kind"] == "phone")
    assert row.safe.isChecked() and not row.confidential.isChecked()


def test_removing_a_child_asks_first_saying_what_goes_and_undo_brings_it_back(qtbot,
                                                                              store_path):
    win, page, fid = _people_page(qtbot, store_path)
    before = family_doc(win, fid)
    lena = next(p["id"] for p in page.people.values() if p["name"] == "Lena Kowalska")
    page.select_person(lena)
    asked: list[str] = []

    def answer(choice: str):
        def click() -> None:
            box = page._removal_box
            assert box is not None
            asked.append(box.text())
            buttons = [b.text() for b in box.buttons()]
            assert sorted(buttons) == ["Keep Lena", "Remove Lena"]
            next(b for b in box.buttons() if b.text() == f"{choice} Lena").click()
        QTimer.singleShot(0, click)

    answer("Keep")
    page.remove_person.click()
    assert asked and "Lena's Three Houses (" in asked[0] and "visits" in asked[0]
    assert any(p["name"] == "Lena Kowalska" for p in family_doc(win, fid)["people"])
    answer("Remove")
    page.remove_person.click()
    gone = family_doc(win, fid)
    assert all(p["name"] != "Lena Kowalska" for p in gone["people"])
    assert all(h["child"] != "Lena Kowalska" for h in gone["childs_voice"]["three_houses"])
    assert win.undo_stack.undoText() == "Remove Lena"
    win.undo_action.trigger()
    back = family_doc(win, fid)
    assert back["childs_voice"] == before["childs_voice"]
    assert [p["id"] for p in back["people"]] == [p["id"] for p in before["people"]]
    assert page.selected == lena and page.name.text() == "Lena Kowalska"
