"""A brand-new family opens on People with the cursor in "Add someone", with Child chosen.
Found by running the real app on an X server: after opening a new family, typing went nowhere.
The role is never changed by itself after a person is added (issue 13, item 2: it moved from
Child to Parent to Network on its own, and Nan was added as a Professional by mistake)."""

from __future__ import annotations

from safetymap.services import families
from safetymap.services import people as people_cmds

from .shell_support import make_store, open_window


def test_new_family_starts_in_add_someone_with_child_suggested(qtbot, tmp_path):
    path = tmp_path / "s.db"
    make_store(path, demo=False)
    win = open_window(qtbot, path)
    fid = families.create_family(win.store, "Brand new family")
    win.open_family(fid, "people")
    people = win.workspace.pages["people"]
    qtbot.waitUntil(lambda: win.focusWidget() is people.new_name, timeout=2000)
    assert people.new_role.currentData() == "child"

    people_cmds.add(win.store, fid, "Mia Roberts", "child")
    people.show_document(families.load_family(win.store, fid))
    assert people.new_role.currentData() == "child"  # not changed by itself
    # once the worker picks a role, it is kept
    people.new_role.setCurrentIndex(people.new_role.findData("professional"))
    people_cmds.add(win.store, fid, "Jo Roberts", "adult")
    people.show_document(families.load_family(win.store, fid))
    assert people.new_role.currentData() == "professional"
