"""The children's views: Three Houses, Words and Pictures, visits, drawings kept in the store."""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

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


def test_a_visit_today_with_seen_and_seen_alone(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    d = doc(ctx)
    lena, jakub = person(d, "Lena Kowalska"), person(d, "Jakub Kowalski")
    n = len(d["visits"])
    qtbot.mouseClick(page.new_visit_boxes[(lena["id"], "seen_alone")], Qt.MouseButton.LeftButton)
    assert page.new_visit_boxes[(lena["id"], "seen")].isChecked()  # alone implies seen
    qtbot.mouseClick(page.new_visit_boxes[(jakub["id"], "seen")], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.place, "School")
    qtbot.mouseClick(page.record_visit, Qt.MouseButton.LeftButton)
    d = doc(ctx)
    assert len(d["visits"]) == n + 1
    v = max(d["visits"], key=lambda v: v["occurred_at"])
    att = {a["name"]: (a["seen"], a["seen_alone"]) for a in v["attendance"]}
    assert att == {"Lena Kowalska": (True, True), "Jakub Kowalski": (True, False)}
    assert v["place"] == "School"
    # later: Jakub was seen on his own too (an edit of an existing visit)
    qtbot.mouseClick(page.visit_boxes[(v["uid"], jakub["uid"], "seen_alone")],
                     Qt.MouseButton.LeftButton)
    v = next(x for x in doc(ctx)["visits"] if x["uid"] == v["uid"])
    assert {a["name"]: a["seen_alone"] for a in v["attendance"]}["Jakub Kowalski"] is True
    ctx.undo_stack.undo()
    v = next(x for x in doc(ctx)["visits"] if x["uid"] == v["uid"])
    assert {a["name"]: a["seen_alone"] for a in v["attendance"]}["Jakub Kowalski"] is False


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
