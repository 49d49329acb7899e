"""The children's views: Three Houses, Words and Pictures, visits, drawings kept in the store."""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QFileDialog, QLabel

from safetymap.domain.model import House
from safetymap.services.demo import drawing_png
from safetymap.ui.workspace.childs_voice import ChildsVoicePage

from .pagekit import doc, open_page, person, unnamed_controls


def test_three_houses_in_the_childs_own_words(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    lena = person(doc(ctx), "Lena Kowalska")
    box = page.house_boxes[(lena["id"], House.DREAMS)]
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    box = page.house_boxes[(lena["id"], House.DREAMS)]
    edit = list(box.edits.values())[-1]
    assert edit.hasFocus()
    edit.insertPlainText("Mae Taid yn dod i\u2019r parc gyda ni")  # Welsh, with a curly quote
    qtbot.mouseClick(page.house_boxes[(lena["id"], House.WORRIES)].add,
                     Qt.MouseButton.LeftButton)
    w = list(page.house_boxes[(lena["id"], House.WORRIES)].edits.values())[-1]
    qtbot.keyClicks(w, "The dog next door")
    d = doc(ctx)
    mine = [(h["house"], h["text"]) for h in d["childs_voice"]["three_houses"]
            if h["child_uid"] == lena["uid"]]
    assert ("dreams", "Mae Taid yn dod i\u2019r parc gyda ni") in mine
    assert ("worries", "The dog next door") in mine
    assert all(h["child"] == "Lena Kowalska" for h in d["childs_voice"]["three_houses"]
               if h["text"] == "The dog next door")
    # undo a typed edit in a house, then remove a line
    ctx.undo_stack.undo()
    d = doc(ctx)
    assert ("worries", "") in [(h["house"], h["text"]) for h in d["childs_voice"]["three_houses"]
                               if h["child_uid"] == lena["uid"]]


def test_words_and_pictures(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    page.words.setFocus()
    page.words.moveCursor(page.words.textCursor().MoveOperation.End)
    qtbot.keyClicks(page.words, " Everyone wants you to be safe.")
    wp = [w for w in doc(ctx)["childs_voice"]["words_and_pictures"] if w["child_uid"] is None]
    assert wp[0]["text"].endswith("Nan's house. Everyone wants you to be safe.")


def _today(d):
    """Visits dated today on this laptop's clock (stored in UTC)."""
    out = []
    for v in d["visits"]:
        when = datetime.fromisoformat(v["occurred_at"])
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        if when.astimezone().date() == date.today():
            out.append(v)
    return out


def test_a_visit_today_is_saved_as_you_tick(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    d = doc(ctx)
    lena, jakub = person(d, "Lena Kowalska"), person(d, "Jakub Kowalski")
    n = len(d["visits"])
    assert not _today(d)
    # nothing to press: no button on the page records, saves or adds a visit (only ticks do)
    assert not [w.accessibleName() or w.text() for w in page.findChildren(QAbstractButton)
                if w.isVisibleTo(page) and not isinstance(w, QCheckBox)
                and re.search(r"visit|record|save", f"{w.text()} {w.accessibleName()}", re.I)]
    assert all(b.isVisibleTo(page) and not b.isChecked() for b in page.new_visit_boxes.values())
    assert "saved as you tick" in page.today_status.text()
    # the first tick records today's visit at once
    qtbot.mouseClick(page.new_visit_boxes[(lena["id"], "seen_alone")], Qt.MouseButton.LeftButton)
    assert page.new_visit_boxes[(lena["id"], "seen")].isChecked()  # alone implies seen
    d = doc(ctx)
    assert len(d["visits"]) == n + 1
    (v,) = _today(d)
    att = {a["name"]: (a["seen"], a["seen_alone"]) for a in v["attendance"]}
    assert att["Lena Kowalska"] == (True, True)
    # later ticks and the place go into the same visit
    qtbot.mouseClick(page.new_visit_boxes[(jakub["id"], "seen")], Qt.MouseButton.LeftButton)
    page.place.setFocus()
    qtbot.keyClicks(page.place, "School")
    d = doc(ctx)
    assert len(d["visits"]) == n + 1
    (v,) = _today(d)
    att = {a["name"]: (a["seen"], a["seen_alone"]) for a in v["attendance"]}
    assert att == {"Lena Kowalska": (True, True), "Jakub Kowalski": (True, False)}
    assert v["place"] == "School"
    assert "saved" in page.today_status.text().lower()
    # undo: the place typing is one step, then Jakub's tick, then the visit itself
    ctx.undo_stack.undo()
    assert _today(doc(ctx))[0]["place"] == ""
    assert page.place.text() == ""
    ctx.undo_stack.undo()
    att = {a["name"]: a["seen"] for a in _today(doc(ctx))[0]["attendance"]}
    assert att["Jakub Kowalski"] is False
    assert not page.new_visit_boxes[(jakub["id"], "seen")].isChecked()
    ctx.undo_stack.undo()
    assert not _today(doc(ctx)) and len(doc(ctx)["visits"]) == n
    assert not page.new_visit_boxes[(lena["id"], "seen")].isChecked()
    # redo brings the visit back, and the later edits go into it again
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()
    (v,) = _today(doc(ctx))
    assert v["place"] == "School"
    assert {a["name"]: a["seen"] for a in v["attendance"]}["Jakub Kowalski"] is True
    assert page.place.text() == "School"


def test_typing_the_place_first_records_the_visit_too(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    n = len(doc(ctx)["visits"])
    page.place.setFocus()
    qtbot.keyClicks(page.place, "Nan")
    page.place.setText("Nan's flat, Caerdydd")  # non-ASCII would need setText, not keyClicks
    (v,) = _today(doc(ctx))
    assert v["place"] == "Nan's flat, Caerdydd" and len(doc(ctx)["visits"]) == n + 1
    assert page.place.hasFocus()  # the box was not rebuilt under the typing


def test_todays_visit_survives_a_lock_and_a_fresh_page(qtbot, demo_store):
    """Tick and type, flush as the lock does, and build the page again from the store: the
    ticks and the place are all still there, in "Today's visit"."""
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    d = doc(ctx)
    lena, jakub = person(d, "Lena Kowalska"), person(d, "Jakub Kowalski")
    qtbot.mouseClick(page.new_visit_boxes[(jakub["id"], "seen_alone")], Qt.MouseButton.LeftButton)
    page.place.setFocus()
    page.place.setText("Home, with Nain")
    assert ctx.autosaver.pending  # still only on screen until the autosave runs...
    ctx.autosaver.flush()  # ...which the lock does first
    page.close()
    fresh = ChildsVoicePage(ctx)
    qtbot.addWidget(fresh)
    fresh.resize(1100, 700)
    fresh.show_document(ctx.reload())
    fresh.show()
    assert fresh.place.text() == "Home, with Nain"
    assert fresh.new_visit_boxes[(jakub["id"], "seen")].isChecked()
    assert fresh.new_visit_boxes[(jakub["id"], "seen_alone")].isChecked()
    assert not fresh.new_visit_boxes[(lena["id"], "seen")].isChecked()
    # today's visit is not shown twice: the list above holds the earlier visits only
    (v,) = _today(doc(ctx))
    assert not any(k[0] == v["uid"] for k in fresh.visit_boxes)
    # and the fresh page goes on editing the same visit, not a new one
    n = len(doc(ctx)["visits"])
    qtbot.mouseClick(fresh.new_visit_boxes[(lena["id"], "seen")], Qt.MouseButton.LeftButton)
    fresh.place.setText("Home")
    d = doc(ctx)
    assert len(d["visits"]) == n
    (v,) = _today(d)
    assert v["place"] == "Home"
    assert {a["name"]: a["seen"] for a in v["attendance"]}["Lena Kowalska"] is True


def test_an_earlier_visit_can_be_corrected(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    d = doc(ctx)
    jakub = person(d, "Jakub Kowalski")
    v = max(d["visits"], key=lambda v: v["occurred_at"])
    before = {a["name"]: a["seen_alone"] for a in v["attendance"]}["Jakub Kowalski"]
    qtbot.mouseClick(page.visit_boxes[(v["uid"], jakub["uid"], "seen_alone")],
                     Qt.MouseButton.LeftButton)
    v2 = next(x for x in doc(ctx)["visits"] if x["uid"] == v["uid"])
    assert {a["name"]: a["seen_alone"] for a in v2["attendance"]}["Jakub Kowalski"] is (not before)
    ctx.undo_stack.undo()
    v2 = next(x for x in doc(ctx)["visits"] if x["uid"] == v["uid"])
    assert bool({a["name"]: a["seen_alone"] for a in v2["attendance"]}["Jakub Kowalski"]) \
        is bool(before)


def test_a_drawing_is_stored_in_the_store_and_not_on_disk(qtbot, demo_store, tmp_path,
                                                          monkeypatch):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    data = drawing_png(97, 61)
    src = tmp_path / "camera" / "jakub-train.png"
    src.parent.mkdir()
    src.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(src), "Pictures")))
    jakub = person(doc(ctx), "Jakub Kowalski")
    page.drawing_child.setCurrentIndex(page.drawing_child.findData(jakub["id"]))
    qtbot.mouseClick(page.attach, Qt.MouseButton.LeftButton)
    src.unlink()  # the picked file goes; the drawing must live on in the store
    d = doc(ctx)
    att = [a for a in d["childs_voice"]["attachments"] if a["filename"] == "jakub-train.png"]
    assert len(att) == 1
    assert base64.b64decode(att[0]["data_base64"]) == data
    assert att[0]["child_uid"] == jakub["uid"] and att[0]["mime_type"] == "image/png"
    # a thumbnail for each drawing, read back from the store
    thumbs = [lab for lab in page.findChildren(QLabel) if lab.objectName() == "drawingThumb"]
    assert len(thumbs) == 2 and all(not t.pixmap().isNull() for t in thumbs)
    # no readable copy anywhere under the test's folders (the store itself is encrypted)
    for f in Path(tmp_path).rglob("*"):
        if f.is_file():
            assert data not in f.read_bytes(), f"picture bytes found in {f}"


def test_not_a_picture_is_refused_kindly(qtbot, demo_store, tmp_path):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    f = tmp_path / "notes.png"
    f.write_text("not a picture")
    n = len(doc(ctx)["childs_voice"]["attachments"])
    assert page.attach_file(f) is None
    assert "doesn't look like a picture" in page.attach_status.text()
    assert len(doc(ctx)["childs_voice"]["attachments"]) == n


def test_controls_are_named_and_initials_only(qtbot, demo_store):
    page, _ = open_page(qtbot, demo_store, ChildsVoicePage, initials_only=True)
    assert unnamed_controls(page) == []
    from .pagekit import visible_texts
    texts = " ".join(visible_texts(page))
    # names the worker typed into captions are the family's words; everything the page
    # itself writes uses initials
    assert "Lena Kowalska" not in texts and "Lena's Three" not in texts
    assert "LK's Three Houses" in texts and "Lena seen" not in texts


def test_group_supervision_shows_todays_visit_without_talk_of_saving(qtbot, demo_store):
    """In group supervision the page is read-only: no "saved as you tick" anywhere near
    today's visit, only a neutral note of what is shown."""
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    jakub = person(doc(ctx), "Jakub Kowalski")
    assert "saved as you tick" in page.today_status.text().lower()
    qtbot.mouseClick(page.new_visit_boxes[(jakub["id"], "seen")], Qt.MouseButton.LeftButton)

    ctx.initials_only = True  # as the workspace does when group supervision starts
    page.show_document(ctx.reload())
    for text in (page.today_status.text(), page.today_status.accessibleName(),
                 page.visits_hint.text(), page.place.accessibleDescription()):
        assert "sav" not in text.lower() and "tick" not in text.lower(), text
    assert page.today_status.text() == "Today's visit, as it was recorded."

    fresh, _ = open_page(qtbot, demo_store, ChildsVoicePage, initials_only=True)
    assert "sav" not in fresh.today_status.text().lower()
    assert fresh.today_status.text()  # a neutral hint, not an empty box

    ctx.initials_only = False  # and back
    page.show_document(ctx.reload())
    assert "saved as you" in page.today_status.text().lower()


def test_an_earlier_visit_follows_the_seen_rule(qtbot, demo_store):
    """Unticking "seen" at an earlier visit clears "on their own" (visits.mark_seen), in one
    undo step; ticking "on their own" ticks "seen"."""
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    d = doc(ctx)
    lena = person(d, "Lena Kowalska")
    v = max(d["visits"], key=lambda v: v["occurred_at"])

    def lena_at_v():
        x = next(x for x in doc(ctx)["visits"] if x["id"] == v["id"])
        a = next(a for a in x["attendance"] if a["person_uid"] == lena["uid"])
        return a["seen"], a["seen_alone"]

    assert lena_at_v() == (True, True)  # control: the demo's last visit saw Lena alone
    steps = ctx.undo_stack.count()
    qtbot.mouseClick(page.visit_boxes[(v["uid"], lena["uid"], "seen")], Qt.MouseButton.LeftButton)
    assert lena_at_v() == (False, False)
    assert not page.visit_boxes[(v["uid"], lena["uid"], "seen_alone")].isChecked()
    assert ctx.undo_stack.count() == steps + 1
    qtbot.mouseClick(page.visit_boxes[(v["uid"], lena["uid"], "seen_alone")],
                     Qt.MouseButton.LeftButton)
    assert lena_at_v() == (True, True)
    assert page.visit_boxes[(v["uid"], lena["uid"], "seen")].isChecked()
    ctx.undo_stack.undo()
    assert lena_at_v() == (False, False)


def test_removing_a_house_line_and_a_drawing_is_undone_whole(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    before = doc(ctx)["childs_voice"]
    lena = person(doc(ctx), "Lena Kowalska")
    box = page.house_boxes[(lena["id"], House.WORRIES)]
    rm = [b for b in box.findChildren(QAbstractButton) if b.objectName() == "removeHouse"]
    qtbot.mouseClick(rm[0], Qt.MouseButton.LeftButton)
    assert len(doc(ctx)["childs_voice"]["three_houses"]) == len(before["three_houses"]) - 1
    (drawing,) = [b for b in page.findChildren(QAbstractButton)
                  if b.objectName() == "removeDrawing"]
    qtbot.mouseClick(drawing, Qt.MouseButton.LeftButton)
    assert doc(ctx)["childs_voice"]["attachments"] == []
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert doc(ctx)["childs_voice"] == before  # the same lines, ids and picture bytes
