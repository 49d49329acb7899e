"""The walkthrough: the whole demo map of PRACTICE.md entered as a worker would, through the real
widgets, counting every action that is not typing text (issue 13, "A walkthrough test").

Starting from an empty store, a new family is made (Ctrl+N) and the Hughes-Kowalski map is
entered: the people, the harm, a worry statement and a complicating factor, strengths, existing
safety, four numbers on the scale with reasons, a goal answering the worry, two next steps,
Lena's Three Houses, today's visit, and a plan with three rules and who makes sure of each.

Every click and every key that is not text (Tab, Enter, arrows, shortcuts) goes through the
`Walk` helpers below, which count it; typing the words themselves is free (the letters of a
sentence are not actions). A control the worker would have to scroll to first costs a scroll
too: `Walk.click` counts one whenever its target is outside what its scroll area shows, and
a drop-down's list that has to be scrolled to its row costs one. The window fills a 1366x768
laptop screen (the test runs itself again in a child process whose offscreen screen is one:
the offscreen default, 800x800, cuts drop-down lists to it). No
service is called to write anything: services are only used at the end, to read back what
landed in the store. The count and where it went are written to build/walkthrough.json, which
`make bench` reports as walkthrough_actions (tests/benchmarks/run_bench.py).

The issue's target is 90 actions or fewer (a new user needed about 180 before it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QMenu,
    QScrollArea,
    QWidget,
)

from safetymap.services.entries import leading_people
from safetymap.services.families import list_families, load_family

from .shell_support import make_store, open_window

#: the issue's target for the whole walkthrough
TARGET = 90
REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "build" / "walkthrough.json"
#: the screen of the walkthrough: a small laptop's
SCREEN = (1366, 768)

Left = Qt.MouseButton.LeftButton
NoMod = Qt.KeyboardModifier.NoModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


class Walk:
    """Every action of the walkthrough goes through here, and each one is counted under the
    step being walked. `type` sends text as key presses and is not counted."""

    def __init__(self, qtbot: Any, win: Any) -> None:
        self.qtbot, self.win = qtbot, win
        self.total = 0
        self.by_step: dict[str, int] = {}
        self.step = ""
        #: (step, what) for every action, to say where they went
        self.log: list[tuple[str, str]] = []

    def begin(self, step: str) -> None:
        self.step = step
        self.by_step.setdefault(step, 0)

    def _count(self, what: str) -> None:
        self.total += 1
        self.by_step[self.step] += 1
        self.log.append((self.step, what))

    @staticmethod
    def target() -> QWidget:
        """Where a key goes: an open list or menu has the keyboard, else the focused widget."""
        w = QApplication.activePopupWidget() or QApplication.focusWidget()
        assert w is not None, "nothing has the keyboard"
        return w

    def settle(self, ms: int = 20) -> None:
        QApplication.processEvents()
        self.qtbot.wait(ms)

    # -- the counted actions --------------------------------------------------------------------
    def click(self, w: QWidget, pos: QPoint | None = None) -> None:
        """One click on `w` (at `pos`), after scrolling to it if it is not in view (counted)."""
        assert w.isVisible(), f"{w.objectName() or type(w).__name__} is not on screen"
        assert w.isEnabled(), f"{w.objectName() or type(w).__name__} cannot be used"
        at = pos if pos is not None else w.rect().center()
        self._close_popup_for(w)
        self._reveal(w, at)
        self._count(f"click {_name(w)}")
        QTest.mouseClick(w, Left, NoMod, at)
        self.settle()

    def key(self, key: Qt.Key, mods: Qt.KeyboardModifier = NoMod) -> None:
        """One key that is not text: Enter, Tab, an arrow, a shortcut."""
        self._count(f"key {QKeySequence(mods.value | key.value).toString()}")
        QTest.keyClick(self.target(), key, mods)
        self.settle()

    def choose_in_list(self, view: QAbstractItemView, text: str) -> None:
        """One click on the row of an open list (a drop-down's) that starts with `text`."""
        model = view.model()
        rows = [model.index(r, 0) for r in range(model.rowCount())]
        index = next(i for i in rows if str(i.data()).startswith(text))
        bar = view.verticalScrollBar()
        before = bar.value()
        view.scrollTo(index)
        if bar.value() != before:  # a long list: the worker scrolls it to the row
            self._count(f"scroll the list to {text!r}")
        at = view.visualRect(index).center()
        QTest.mouseMove(view.viewport(), at)  # the pointer on its way: not an action
        self.click(view.viewport(), at)

    def menu_then(self, opener: QWidget, texts: list[str]) -> None:
        """Click a button whose menu opens at once (it runs its own event loop), then click
        each entry of the menu named in `texts` (a checkable entry closes the menu: it is
        opened again for the next)."""
        for text in texts:
            done: list[bool] = []

            def pick(text: str = text, done: list[bool] = done) -> None:
                menu = QApplication.activePopupWidget()
                if not isinstance(menu, QMenu) or not menu.isVisible():
                    QTimer.singleShot(20, pick)
                    return
                act = next(a for a in menu.actions() if a.text().startswith(text))
                self._count(f"click menu entry {text!r}")
                QTest.mouseClick(menu, Left, NoMod, menu.actionGeometry(act).center())
                done.append(True)

            QTimer.singleShot(20, pick)
            self.click(opener)
            self.qtbot.waitUntil(lambda done=done: bool(done), timeout=5000)
            self.settle()

    def type(self, text: str) -> None:
        """Type words, a key at a time (not counted: typing the words is not an action)."""
        for ch in text:
            QTest.keyClicks(self.target(), ch)
        self.settle()

    def _close_popup_for(self, w: QWidget) -> None:
        """A click outside an open list (a completer's, under a box being typed in) closes
        it, and Qt gives the same click to what is under the pointer (QTest's click would
        go straight to `w` and leave the list open). A list that does not pass the click on
        (a drop-down's) costs a click of its own."""
        popup = QApplication.activePopupWidget()
        if popup is None or popup is w or popup.isAncestorOf(w):
            return
        if popup.testAttribute(Qt.WidgetAttribute.WA_NoMouseReplay):
            self._count("click to close a list")
        popup.hide()
        self.settle()

    # -- scrolling -------------------------------------------------------------------------------
    def _reveal(self, w: QWidget, at: QPoint) -> None:
        """A worker can only click what is on screen: if the point is outside a scroll area's
        view, they scroll first (one action for each scroll area that has to move), and a
        scroll brings what they want to the middle of the view, as a turn of the wheel would."""
        parent = w.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea) and parent.widget() is not None \
                    and parent.widget().isAncestorOf(w):
                vp = parent.viewport()
                here = w.mapTo(vp, at)
                if not vp.rect().contains(QRect(here - QPoint(4, 4), here + QPoint(4, 4))):
                    bar = parent.verticalScrollBar()
                    bar.setValue(bar.value() + here.y() - vp.height() // 2)
                    parent.ensureWidgetVisible(w, 0, 0)  # sideways too, if need be
                    self.settle()
                    assert vp.rect().contains(w.mapTo(vp, at)), "scrolled, still not in view"
                    self._count(f"scroll to {_name(w)}")
            parent = parent.parentWidget()


def _name(w: QWidget) -> str:
    return w.objectName() or w.accessibleName() or type(w).__name__


def activate(walk: Walk) -> None:
    """A dialog closed: the window manager gives the main window the keyboard back (the
    offscreen platform needs asking)."""
    walk.win.activateWindow()
    walk.qtbot.waitUntil(walk.win.isActiveWindow, timeout=5000)
    walk.settle()


def _wait_for(qtbot: Any, find: Callable[[], Any], timeout: int = 5000) -> Any:
    found: list[Any] = []

    def ready() -> bool:
        v = find()
        if v:
            found.append(v)
        return bool(v)

    qtbot.waitUntil(ready, timeout=timeout)
    return found[-1]


# -- the steps ------------------------------------------------------------------------------------
def new_family(walk: Walk) -> None:
    """Ctrl+N, the family's name, Enter: a brand-new family opens on People."""
    from safetymap.ui.family_list import NewFamilyDialog

    walk.begin("new family")
    answered: list[bool] = []

    def fill() -> None:
        dlg = QApplication.activeModalWidget()
        if not isinstance(dlg, NewFamilyDialog) or not dlg.isActiveWindow():
            QTimer.singleShot(20, fill)
            return
        assert QApplication.focusWidget() is dlg.name
        walk.type("Hughes-Kowalski family")
        walk.key(Qt.Key.Key_Return)
        answered.append(True)

    QTimer.singleShot(20, fill)
    walk.key(Qt.Key.Key_N, Ctrl)
    walk.qtbot.waitUntil(lambda: bool(answered) and walk.win.workspace is not None,
                         timeout=5000)
    activate(walk)


PEOPLE = (  # name, who they are (the four buttons), relationship
    ("Lena Kowalska", "child", "Daughter"),
    ("Jakub Kowalski", "child", "Son"),
    ("Sarah Hughes", "adult", "Mum"),
    ("Tomasz Kowalski", "adult", "Dad"),
    ("Gwen Hughes", "network", "Nan (Sarah's mum)"),
    ("Mrs Evans", "professional", "Lena's teacher"),
)


def people(walk: Walk) -> None:
    """Each person: their name and Enter in "Add someone" (the role buttons first when it
    changes), then Tab from their name to Relationship and its words."""
    walk.begin("people")
    ws = walk.win.workspace
    page = ws.pages["people"]
    assert ws.current_page_key() == "people"
    assert QApplication.focusWidget() is page.new_name
    for name, role, relationship in PEOPLE:
        if page.new_role.currentData() != role:
            walk.click(page.new_role.buttons[page.new_role.findData(role)])
        if QApplication.focusWidget() is not page.new_name:
            walk.click(page.new_name)
        walk.type(name)
        walk.key(Qt.Key.Key_Return)
        assert QApplication.focusWidget() is page.name, "the cursor is not in the new person"
        walk.key(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is page.relationship
        walk.type(relationship)
        if role == "adult":  # Mum and Dad live at home with the children
            walk.click(page.household)
            assert page.household.isChecked()


#: the map, entered on "The whole map" (the working view): whose view, then each entry of
#: theirs in its part of the map (area, words)
MAP = (
    ("Worker", (
        ("worry", "The school and Alex are worried that Tomasz drinks a lot at weekends and "
                  "shouts when he is drunk and the children are at home, and Lena and Jakub "
                  "could be hurt or very frightened."),
        ("goal", "Sarah and Tomasz will sort out arguments calmly, away from the children. "
                 "Lena and Jakub will tell us they feel safe at home, for six months."),
        ("next_step", "Sarah will call the council about help with the rent."),
        ("next_step", "Tomasz will go to the alcohol support group on Tuesday evenings."),
    )),
    ("Mrs Evans", (
        ("harm", "Lena came to school twice in October with bruises on her arm. She told "
                 "Mrs Evans \"Daddy was shouting again\"."),
        ("strength", "Lena and Jakub are always clean and fed, and get to school on time."),
    )),
    ("Sarah Hughes", (
        ("complicating", "The family is behind on the rent."),
        ("existing_safety", "Twice when Tomasz was drunk, Sarah took the children to Gwen's "
                            "house and they stayed the night."),
    )),
    ("Tomasz Kowalski", (
        ("strength", "Tomasz reads Jakub a story every night he is home."),
    )),
)


def glance(walk: Walk) -> None:
    """The whole map at a glance, working view: whose view once (its list), then for each
    entry a click in its part's add box, the words, Enter. Down moves to the next add box."""
    walk.begin("map at a glance")
    ws = walk.win.workspace
    walk.key(Qt.Key.Key_1, Ctrl)
    assert ws.current_page_key() == "glance"
    page = ws.pages["glance"]
    boxes = {g.area: g for cv in page.columns for g in cv.groups}
    flat = [g.area for cv in page.columns for g in cv.groups]
    for view, items in MAP:
        if page.view_picker.currentText() != view:
            pick_from_combo(walk, page.view_picker, view)
        for area, text in items:
            box = boxes[area].add
            here = QApplication.focusWidget()
            at = next((a for a in flat if boxes[a].add is here), None)
            if at is not None and flat.index(area) == flat.index(at) + 1:
                walk.key(Qt.Key.Key_Down)
            elif here is not box:
                walk.click(box)
            assert QApplication.focusWidget() is box
            walk.type(text)
            walk.key(Qt.Key.Key_Return)
            assert box.text() == "", "the entry was not added"


def pair_goal(walk: Walk) -> None:
    """The goal answers the worry: Open on the map at a glance shows the goal on its page,
    where "Answers the worry" is chosen from its list."""
    walk.begin("goal answers the worry")
    ws = walk.win.workspace
    glance_page = ws.pages["glance"]
    goals = next(g for cv in glance_page.columns for g in cv.groups if g.area == "goal")
    (row,) = goals.working_rows()
    walk.click(row.open)
    assert ws.current_page_key() == "needs_to_happen"
    page = ws.pages["needs_to_happen"]
    (card,) = page.goals.cards.values()
    pick_from_combo(walk, card.extra.combo, "The school and Alex")


SCORES = (  # whose number (as typed: the start of a name), the number, their reasons
    ("", 4, "Sarah has shown she will take the children to Gwen's. Tomasz has started to "
            "talk about his drinking."),
    ("Sar", 6, "Mum is close by and I know what to do if he drinks."),
    ("Tom", 8, "I'd never hurt my kids."),
    ("Evans", 3, "Lena still says Daddy shouts. She is happier this term."),
)


def scores(walk: Walk) -> None:
    """Each number: whose it is (the start of a name; the worker's own needs none), a click
    on the number, a click in their reasons and the words, then "Next person's number"."""
    walk.begin("scale: four numbers with reasons")
    ws = walk.win.workspace
    walk.key(Qt.Key.Key_5, Ctrl)
    assert ws.current_page_key() == "judgement"
    page = ws.pages["judgement"]
    for i, (who, value, reasons) in enumerate(SCORES):
        if who:
            if not page.who.line_edit().hasFocus():
                walk.click(page.who.line_edit())
            walk.type(who)
        walk.click(page.scale, page.scale._centre(value).toPoint())  # noqa: SLF001
        assert page.draft is not None and page.draft.values["value"] == value
        walk.click(page.reasons)
        walk.type(reasons)
        if i < len(SCORES) - 1:
            walk.click(page.record)


HOUSES = (("worries", "Daddy shouting"), ("good_things", "Nan's house"),
          ("dreams", "Daddy doesn't shout and we go to the park on Sundays."))


def three_houses_and_visit(walk: Walk, lena: int, jakub: int) -> None:
    """Lena's Three Houses: "+ Add" in each house, her words. Today's visit: Lena seen on her
    own (which is seen too), Jakub seen, where it was."""
    from safetymap.domain.model import House

    walk.begin("Lena's Three Houses")
    ws = walk.win.workspace
    walk.key(Qt.Key.Key_7, Ctrl)
    assert ws.current_page_key() == "childs_voice"
    page = ws.pages["childs_voice"]
    for house, words in HOUSES:
        walk.click(page.house_boxes[(lena, House(house))].add)
        walk.type(words)
    walk.begin("today's visit")
    walk.click(page.new_visit_boxes[(lena, "seen_alone")])
    walk.click(page.new_visit_boxes[(jakub, "seen")])
    walk.click(page.place)
    walk.type("Home")


RULES = (  # the rule in the family's words, who makes sure of it
    ("If Tomasz has been drinking, he does not look after the children on his own.",
     ["Sarah Hughes"]),
    ("If Tomasz shouts, Sarah takes Lena and Jakub to Nan's house.", ["Gwen Hughes"]),
    ("Mrs Evans tells Alex the same day if Lena has a bruise or says Daddy shouted.",
     ["Mrs Evans"]),
)


def plan(walk: Walk) -> None:
    """Each rule: "Add a rule", its words, then "Who makes sure" and the person in its list."""
    walk.begin("plan: three rules, who makes sure")
    ws = walk.win.workspace
    walk.key(Qt.Key.Key_8, Ctrl)
    assert ws.current_page_key() == "plan"
    page = ws.pages["plan"]
    for i, (text, who) in enumerate(RULES):
        walk.click(page.add_rule_button)
        row = page.rule_rows[i]
        assert QApplication.focusWidget() is row.text
        walk.type(text)
        walk.menu_then(page.rule_rows[i].who_button, who)


def pick_from_combo(walk: Walk, combo: QComboBox, text: str) -> None:
    """Open a drop-down by its arrow and click the row that starts with `text`."""
    walk.click(combo, QPoint(combo.width() - 10, combo.height() // 2))
    view = _wait_for(walk.qtbot, lambda: combo.view() if combo.view().isVisible() else None)
    # a release sooner than a double-click after the list opened is taken as the end of the
    # click that opened it, and ignored
    walk.qtbot.wait(QApplication.doubleClickInterval() + 50)
    walk.choose_in_list(view, text)
    assert not view.isVisible()


def check_the_map(doc: dict[str, Any]) -> None:
    """Everything entered is in the store, each in the right place and in the right view."""
    people_by_name = {p["name"]: p for p in doc["people"]}
    assert set(people_by_name) == {name for name, _r, _rel in PEOPLE}
    for name, role, relationship in PEOPLE:
        p = people_by_name[name]
        assert (p["role"], p["relationship"]) == (role, relationship), name
        assert bool(p["in_household"]) == (role in ("child", "adult")), name
    uid = {name: p["uid"] for name, p in people_by_name.items()}

    entered = sorted((area, text, view) for view, items in MAP for area, text in items)
    stored = sorted((e["area"], e["text"], e["view"]["label"] if not e["view"]["person_uid"]
                     else next(n for n, u in uid.items() if u == e["view"]["person_uid"]))
                    for e in doc["map"])
    assert stored == entered
    (worry,) = [e for e in doc["map"] if e["area"] == "worry"]
    (goal,) = [e for e in doc["map"] if e["area"] == "goal"]
    assert goal["paired_worry_uid"] == worry["uid"]
    steps = [e for e in doc["map"] if e["area"] == "next_step"]
    assert sorted(leading_people(e["text"], doc["people"])[0]["name"] for e in steps) == \
        ["Sarah Hughes", "Tomasz Kowalski"]  # who does each step: the step says

    numbers = sorted((s["person_uid"] or s["who"], s["value"], s["reasons"])
                     for s in doc["scores"])
    expected = sorted((uid[people_by_name_for(who, doc)] if who else "Worker", value, reasons)
                      for who, value, reasons in SCORES)
    assert numbers == expected

    houses = sorted((h["house"], h["text"]) for h in doc["childs_voice"]["three_houses"]
                    if h["child_uid"] == uid["Lena Kowalska"])
    assert houses == sorted(HOUSES)

    (visit,) = doc["visits"]
    assert visit["place"] == "Home"
    seen = {a["person_uid"]: (a["seen"], a["seen_alone"]) for a in visit["attendance"]}
    assert seen == {uid["Lena Kowalska"]: (True, True), uid["Jakub Kowalski"]: (True, False)}

    rules = [(r["text"], r["who_makes_sure"]) for r in doc["safety_plan"]["current"]["rules"]]
    assert rules == [(text, [uid[n] for n in who]) for text, who in RULES]


def people_by_name_for(typed: str, doc: dict[str, Any]) -> str:
    """The whole name of the one person the start of a name typed in a picker names."""
    (name,) = [p["name"] for p in doc["people"]
               if any(w.casefold().startswith(typed.casefold()) for w in p["name"].split())]
    return name


def on_a_laptop_screen() -> bool:
    screen = QApplication.primaryScreen()
    return screen is not None and screen.geometry().size().toTuple() == SCREEN


def walk_on_a_laptop_screen(tmp_path: Path) -> None:
    """Run this test again in a child process whose offscreen screen is a 1366x768 laptop's
    (the offscreen default is 800x800, a screen a window of 1366x768 does not fit: lists
    that drop down are cut to it). Its assertions are the child's; its figure is in OUT."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1],
        "logicalDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               SAFETYMAP_TEST_FAST_KDF="1", PYTHONPATH=str(REPO / "desktop"))
    env.pop("QT_SCALE_FACTOR", None)
    OUT.unlink(missing_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{Path(__file__).relative_to(REPO)}::test_walkthrough_actions"],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert json.loads(OUT.read_text(encoding="utf-8"))["walkthrough_actions"] <= TARGET


def test_walkthrough_actions(qtbot, tmp_path):
    """The whole demo map, entered through the widgets from a new family on, in a window
    filling a 1366x768 laptop screen. Writes the count of actions (clicks, scrolls and keys
    that are not text) to build/walkthrough.json; the issue's target is at most 90."""
    if not on_a_laptop_screen():
        walk_on_a_laptop_screen(tmp_path)
        return
    path = tmp_path / "s.db"
    make_store(path, demo=False)
    win = open_window(qtbot, path)  # unlocked: the walkthrough starts at the family list
    activate(Walk(qtbot, win))
    assert list_families(win.store) == []

    walk = Walk(qtbot, win)
    new_family(walk)
    people(walk)
    glance(walk)
    pair_goal(walk)
    scores(walk)
    doc = load_family(win.store, win.workspace.ctx.family_id)
    child = {p["name"]: int(p["id"]) for p in doc["people"] if p["role"] == "child"}
    three_houses_and_visit(walk, child["Lena Kowalska"], child["Jakub Kowalski"])
    plan(walk)

    win.autosaver.flush()
    (family,) = list_families(win.store)
    assert family.display_name == "Hughes-Kowalski family"
    check_the_map(load_family(win.store, family.id))

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"walkthrough_actions": walk.total, "by_step": walk.by_step},
                              indent=2) + "\n", encoding="utf-8")
    assert sum(walk.by_step.values()) == walk.total == len(walk.log)
    assert walk.total <= TARGET, "\n".join(
        [f"{walk.total} actions, over {TARGET}:"] + [f"{st}: {what}" for st, what in walk.log])
