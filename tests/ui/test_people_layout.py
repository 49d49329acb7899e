"""People page layout at 1366x768: the circles are wholly in view without scrolling, no two
labels overlap even with a big network, and with group supervision beside it the page stacks
its columns instead of scrolling sideways."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication

from safetymap.services import people as people_cmds
from safetymap.ui.workspace.circles import ring_of

from .shell_support import make_store, open_window

NETWORK = ["Bethan Price", "Auntie Carol", "Uncle Dewi", "Mrs Ellis", "Farah Khan",
           "Gareth Lloyd", "Hannah Moss", "Iwan Rees", "Jo Thomas", "Kezia Owen"]


def _viewport_rect(ws):
    scroll = ws.stack.currentWidget()
    return scroll, scroll.viewport()


def test_circles_fit_the_window_and_no_labels_overlap(qtbot, store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path, size=(1366, 768))
    for i, name in enumerate(NETWORK):  # ten more in the safety network, a big family
        people_cmds.add(win.store, ids[0], name, "network", ["Friend", "Neighbour",
                                                                 "Cousin"][i % 3])
    win.open_family(ids[0], "people")
    ws = win.workspace
    QApplication.processEvents()
    page = ws.pages["people"]
    scroll, viewport = _viewport_rect(ws)
    assert scroll.verticalScrollBar().value() == 0
    top_left = page.circles.mapTo(viewport, QPoint(0, 0))
    shown = QRect(top_left, page.circles.size())
    assert viewport.rect().contains(shown), (shown, viewport.rect())  # no scrolling needed
    assert page.circles.height() >= 280 and page.circles.width() >= 400

    layout = page.circles.label_layout()
    network = [p for p, ring, _t, _r in layout if p["role"] == "network"]
    assert len(network) >= 8
    assert sum(1 for p in page.people.values() if ring_of(p) == 2) >= 8
    inside = page.circles.rect()
    for _p, _ring, _t, r in layout:
        assert inside.contains(r.toAlignedRect()), r
    for (pa, _ra, _ta, a), (pb, _rb, _tb, b) in combinations(layout, 2):
        assert not a.intersects(b), (pa["name"], pb["name"], a, b)


def test_group_supervision_people_page_stacks_instead_of_scrolling_sideways(qtbot,
                                                                            store_path):
    ids = make_store(store_path)
    win = open_window(qtbot, store_path, size=(1366, 768))
    win.open_family(ids[0], "people")
    ws = win.workspace
    ws.set_supervision(True)
    QApplication.processEvents()
    ws.set_group(True)
    ws.set_page("people")
    QApplication.processEvents()
    page = ws.pages["people"]
    page.select_person(next(iter(page.people)))
    QApplication.processEvents()
    scroll, viewport = _viewport_rect(ws)
    assert ws.supervising and ws.splitter.sizes()[0] > 0
    assert page.minimumSizeHint().width() <= viewport.width()
    assert page.width() <= viewport.width()
    assert scroll.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    assert page.stacked
    # the editor sits under the circles, and nothing in it runs off the right
    assert page.editor_scroll.y() >= page.circles.mapTo(page, QPoint(0, 0)).y() \
        + page.circles.height()
    assert page.editor.width() <= page.editor_scroll.viewport().width()
    ws.set_group(False)
    ws.set_supervision(False)
    QApplication.processEvents()
    assert not page.stacked  # side by side again with the whole width


def test_the_people_list_shows_whole_rows(qtbot, store_path):
    """New-user run: the list cut its last name in half, which read as the end of the list.
    It now shows whole rows (up to TREE_ROWS), then scrolls; a family with more people than
    that still keeps the circles in view (the test above)."""
    from safetymap.ui.workspace.people import TREE_ROWS

    ids = make_store(store_path)
    win = open_window(qtbot, store_path)
    win.open_family(ids[0], "people")
    QApplication.processEvents()
    tree = win.workspace.pages["people"].tree
    line = tree.visualItemRect(tree.topLevelItem(0)).height()
    assert line > 0 and tree.viewport().height() % line <= 2, (tree.viewport().height(), line)
    assert tree.viewport().height() // line <= TREE_ROWS
