"""History, "Every change, newest first": the family's changesets, each undoable on its own
from the window (the store refuses, with its sentence, while a later change depends on it)."""

from __future__ import annotations

from safetymap.services import families, people
from safetymap.store.engine import Store

from .shell_support import PASSPHRASE, family_doc, make_store, open_window


def test_a_removal_is_undone_from_the_history_window(qtbot, store_path):
    ids = make_store(store_path)
    fid = ids[0]
    with Store.open(store_path, PASSPHRASE) as s:
        lena = next(p for p in families.load_family(s, fid)["people"]
                    if p["name"].startswith("Lena"))
        people.remove(s, lena["id"])
        removed = s.last_changeset_id
        dana = people.add(s, fid, "Dana Price", "adult")
        added = s.last_changeset_id
        people.rename(s, dana, "Dana Pryce")
    win = open_window(qtbot, store_path)
    win.open_family(fid, "people")
    win.open_history("changes")
    dlg = win.history_dialog
    assert dlg.tabs.currentIndex() == 3
    rows = [dlg.change_list.item(i).text() for i in range(dlg.change_list.count())]
    assert rows[0].startswith(f"Change {added + 1}.") and "changed a name" in rows[0]
    row = next(i for i, t in enumerate(rows) if t.startswith(f"Change {removed}."))
    assert "removed a person" in rows[row] and "Three Houses entries removed" in rows[row]
    assert all("Lena" not in t for t in rows)  # counts and kinds only, never case text

    # refused while a later change depends on it: the sentence, and nothing changes
    dlg.change_list.setCurrentRow(next(i for i, t in enumerate(rows)
                                       if t.startswith(f"Change {added}.")))
    dlg.undo_change_button.click()
    assert "Undo that one first" in dlg.change_note.text()
    assert "Dana Pryce" in [p["name"] for p in family_doc(win, fid)["people"]]

    dlg.change_list.setCurrentRow(row)
    dlg.undo_change_button.click()
    assert f"Change {removed} is undone" in dlg.change_note.text()
    assert any(p["name"].startswith("Lena") for p in family_doc(win, fid)["people"])
    page = win.workspace.pages["people"]
    assert any(p["name"].startswith("Lena") for p in page.people.values())  # the page too
    assert "undone by change" in dlg.change_list.item(
        next(i for i in range(dlg.change_list.count())
             if dlg.change_list.item(i).text().startswith(f"Change {removed}."))).text()
