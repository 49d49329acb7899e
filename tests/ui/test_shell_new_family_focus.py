"""A brand-new family opens on People with the cursor in "Add someone", and the suggested role
follows what the family still lacks (children first, then parents or carers, then the network).
Found by running the real app on an X server: after opening a new family, typing went nowhere."""

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
    assert people.new_role.currentData() == "adult"
    people_cmds.add(win.store, fid, "Jo Roberts", "adult")
    people.show_document(families.load_family(win.store, fid))
    assert people.new_role.currentData() == "network"
    # once the worker picks a role, it is kept
    people.new_role.setCurrentIndex(people.new_role.findData("professional"))
    people.new_role.activated.emit(people.new_role.currentIndex())
    people.show_document(families.load_family(win.store, fid))
    assert people.new_role.currentData() == "professional"
