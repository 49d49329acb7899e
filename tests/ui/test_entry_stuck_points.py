"""Issue 13, "Lighter than paper": the stuck points a new user met on the map's entry pages
(items 5, 6, 8, 9 and 11), and "adding anything never moves what is under the pointer" and
"nothing is typed twice" as they apply to map entries. Real widgets on a real demo store."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from safetymap.domain.model import House
from safetymap.services import entries as entry_cmds
from safetymap.services import families, people
from safetymap.services import visits as visit_cmds
from safetymap.services.documents import export_document
from safetymap.ui.workspace.childs_voice import ChildsVoicePage
from safetymap.ui.workspace.needs import NeedsToHappenPage
from safetymap.ui.workspace.working_well import WorkingWellPage
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page, person


def where(w: QWidget) -> QPoint:
    QApplication.processEvents()
    return w.mapToGlobal(QPoint(0, 0))


def scroll_to(page, w: QWidget) -> None:
    page.scroll_area.ensureWidgetVisible(w, 0, 200)
    QApplication.processEvents()


# --- 5: the layout jumps under the pointer --------------------------------------------------


def test_a_first_disagreement_does_not_push_the_rows_down(qtbot, demo_store):
    """Stuck point 5: pressing "Doesn't agree" added the summary line above the rows, so every
    row moved down a line and the next click landed on Jakub instead of Tomasz. The sentence
    now comes below the rows: nothing in them moves."""
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d = doc(ctx)
    worry = next(e for e in entries(d, "worry") if not e["stances"])  # nobody has said yet
    card = page.worries.card(worry["id"])
    assert not card.summary.isVisible()
    qtbot.mouseClick(card.agree_toggle, Qt.MouseButton.LeftButton)
    scroll_to(page, card.stances)
    sarah, tomasz, jakub = (person(d, n)["id"]
                            for n in ("Sarah Hughes", "Tomasz Kowalski", "Jakub Kowalski"))
    before = {k: where(card.stances.button(k, "agrees")) for k in (tomasz, jakub)}
    qtbot.mouseClick(card.stances.button(sarah, "disagrees"), Qt.MouseButton.LeftButton)
    card = page.worries.card(worry["id"])
    assert card.summary.isVisible() and card.summary.text() == "Sarah doesn't agree."
    assert {k: where(card.stances.button(k, "agrees")) for k in (tomasz, jakub)} == before
    # the next click lands where the worker aimed: Tomasz
    qtbot.mouseClick(card.stances.button(tomasz, "agrees"), Qt.MouseButton.LeftButton)
    stances = {s["person_uid"]: s["stance"] for s in
               next(e for e in entries(doc(ctx), "worry") if e["id"] == worry["id"])["stances"]}
    assert stances == {person(d, "Sarah Hughes")["uid"]: "disagrees",
                       person(d, "Tomasz Kowalski")["uid"]: "agrees"}
    assert card.summary.y() > card.stances.y(), "the sentence sits below the rows"


# --- adding never moves what is under the pointer ------------------------------------------


def test_add_stays_under_the_pointer_and_the_new_entry_is_in_view(qtbot, demo_store):
    """"+ Add to Harm" moved down by a whole card each time it was pressed, so a second click
    landed inside the new card. The new card now comes in above the button and the page
    scrolls by as much: the button stays where the pointer is, the card is in view."""
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    button = page.harm.add_button
    scroll_to(page, button)
    at = where(button)
    for _ in range(2):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert where(button) == at
    new = page.harm.cards[max(page.harm.cards)]
    assert new.text.hasFocus()
    port = page.scroll_area.viewport()
    top = new.text.mapTo(port, QPoint(0, 0)).y()
    assert 0 <= top and top + new.text.height() <= port.height()
    assert len(entries(doc(ctx), "harm")) == 3


def test_ctrl_enter_below_the_window_brings_the_new_entry_into_view(qtbot, demo_store):
    """Adding with Ctrl+Enter to a list whose "+ Add" is off screen shows the new entry
    (holding an unseen button still would have left the new entry out of sight)."""
    page, _ctx = open_page(qtbot, demo_store, WorriedPage)
    page.scroll_area.verticalScrollBar().setValue(0)
    new_id = page.complicating.add_entry()
    assert new_id is not None
    card = page.complicating.cards[new_id]
    port = page.scroll_area.viewport()
    top = card.text.mapTo(port, QPoint(0, 0)).y()
    assert 0 <= top < port.height()


def test_adding_to_a_house_keeps_add_under_the_pointer(qtbot, demo_store):
    """The same in the Three Houses: "+ Add" stays where it was pressed."""
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    jakub = person(doc(ctx), "Jakub Kowalski")
    box = page.house_boxes[(jakub["id"], House.WORRIES)]
    scroll_to(page, box.add)
    at = where(box.add)
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    assert where(box.add) == at
    assert len(box.edits) == 2 and list(box.edits.values())[-1].hasFocus()


# --- 6: who is worried is asked once -----------------------------------------------------


def test_who_is_worried_is_whose_view_and_is_remembered(qtbot, demo_store):
    """Stuck point 6: the worry builder's "Who is worried" and the card's "Whose view" were two
    boxes for one thing, and "Whose view" stayed on Worker, so the worker typed it twice. Now
    the start of a name in "Who is worried" picks the person, whole, and makes it their view;
    the next worry starts as theirs, and an empty "Who is worried" says whose view it is."""
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    tomasz = person(doc(ctx), "Tomasz Kowalski")
    qtbot.mouseClick(page.worries.add_button, Qt.MouseButton.LeftButton)
    card = page.worries.cards[max(page.worries.cards)]
    who = card.extra.fields["who"]
    who.setFocus()
    qtbot.keyClicks(who, "Tom")
    qtbot.keyClick(who, Qt.Key.Key_Return)
    card = page.worries.cards[max(page.worries.cards)]
    assert card.extra.fields["who"].text() == "Tomasz"
    mine = next(e for e in entries(doc(ctx), "worry") if e["id"] == card.entry_id)
    assert mine["view"]["person_uid"] == tomasz["uid"]
    assert mine["worry_parts"]["who"] == "Tomasz"
    assert card.view.currentText() == "Tomasz Kowalski (Dad)"

    # the next worry is his view too, and the sentence says so without typing him again
    qtbot.mouseClick(page.worries.add_button, Qt.MouseButton.LeftButton)
    card = page.worries.cards[max(page.worries.cards)]
    second = next(e for e in entries(doc(ctx), "worry") if e["id"] == card.entry_id)
    assert second["view"]["person_uid"] == tomasz["uid"]
    builder = card.extra
    assert builder.fields["who"].text() == ""
    assert builder.fields["who"].placeholderText().startswith("Tomasz")
    qtbot.keyClicks(builder.fields["behaviour"], "the children will be taken away")
    qtbot.mouseClick(builder.compose, Qt.MouseButton.LeftButton)
    assert card.text.toPlainText() == "Tomasz is worried that the children will be taken away."

    # words that name nobody in the family are kept as written: no person is added
    count = len(doc(ctx)["people"])
    builder.fields["who"].setFocus()
    qtbot.keyClicks(builder.fields["who"], "The school and Alex")
    qtbot.keyClick(builder.fields["who"], Qt.Key.Key_Return)
    third = next(e for e in entries(doc(ctx), "worry") if e["id"] == card.entry_id)
    assert third["view"] == {**third["view"], "person_uid": None, "label": "The school and Alex"}
    assert len(doc(ctx)["people"]) == count


def test_whose_view_enter_on_part_of_a_name_picks_the_person(qtbot, demo_store):
    """Typing part of a name in "Whose view" and pressing Enter kept "Tom" as a label beside
    Tomasz; it now picks the one person it fits ("mum" is Sarah). Text that fits nobody, or
    more than one person, is still kept as written."""
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    d = doc(ctx)
    harm = entries(d, "harm")[0]
    picker = page.harm.card(harm["id"]).view
    picker.lineEdit().selectAll()
    qtbot.keyClicks(picker.lineEdit(), "Tom")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert entries(doc(ctx), "harm")[0]["view"]["person_uid"] == \
        person(d, "Tomasz Kowalski")["uid"]
    picker = page.harm.card(harm["id"]).view
    picker.choose_text("mum")
    assert entries(doc(ctx), "harm")[0]["view"]["person_uid"] == person(d, "Sarah Hughes")["uid"]
    picker = page.harm.card(harm["id"]).view
    picker.choose_text("Kowal")  # Tomasz, Lena and Jakub: nobody is guessed
    view = entries(doc(ctx), "harm")[0]["view"]
    assert view["person_uid"] is None and view["label"] == "Kowal"


# --- 8: next steps that name who does them -----------------------------------------------


def test_a_step_that_names_who_does_it_is_not_asked_again(qtbot, demo_store):
    """Stuck point 8: "Who will do it" was asked although the step already said "Tomasz will
    ...". The card now says who, from the step's own words, and asks only for someone else."""
    page, ctx = open_page(qtbot, demo_store, NeedsToHappenPage)
    qtbot.mouseClick(page.steps.add_button, Qt.MouseButton.LeftButton)
    card = page.steps.cards[max(page.steps.cards)]
    details = card.extra
    assert details.who_row.isVisible(), "an empty step asks who will do it"
    qtbot.keyClicks(card.text, "Tomasz will call the alcohol support line.")
    assert not details.who_row.isVisible()
    assert details.named_row.isVisible()
    assert details.named.text() == "Who will do it: Tomasz, as the step says."
    card.text.selectAll()
    qtbot.keyClicks(card.text, "Sarah and Gwen will sort out the school run.")
    assert details.named.text() == "Who will do it: Sarah and Gwen, as the step says."
    # someone else after all: one click, the box, the cursor in it
    qtbot.mouseClick(details.someone_else, Qt.MouseButton.LeftButton)
    assert details.who_row.isVisible() and details.who.hasFocus()
    qtbot.keyClicks(details.who, "Mrs Evans")
    mine = next(e for e in entries(doc(ctx), "next_step") if e["id"] == card.entry_id)
    assert mine["step_who"] == "Mrs Evans"
    # steps that start otherwise, or say who already, keep the box
    for e in entries(doc(ctx), "next_step"):
        shown = page.steps.card(e["id"]).extra
        if e["text"].startswith("Book a meeting") or e["step_who"]:
            assert shown.who_row.isVisible() and not shown.named_row.isVisible()


def test_leading_people_names_only_who_the_sentence_starts_with():
    """The rule behind it, on plain data: the people a step starts by naming, nobody else."""
    family = [{"name": "Sarah Hughes", "relationship": "Mum"},
              {"name": "Tomasz Kowalski", "relationship": "Dad"},
              {"name": "Gwen Hughes", "relationship": "Nan (Sarah's mum)"},
              {"name": "Alex Morgan", "relationship": "Social worker"}]

    def names(text: str) -> list[str]:
        return [p["name"] for p in entry_cmds.leading_people(text, family)]

    assert names("Tomasz will go to the group") == ["Tomasz Kowalski"]
    assert names("Mum, Dad and Nan will meet") == ["Sarah Hughes", "Tomasz Kowalski",
                                                   "Gwen Hughes"]
    assert names("Book a meeting with Gwen") == []
    assert names("A meeting will be booked") == []  # "A" is not Alex Morgan's initials
    assert names("Tomaszek will") == []
    assert entry_cmds.match_person(family, "tom", partial=True)["name"] == "Tomasz Kowalski"
    assert entry_cmds.match_person(family, "Hughes", partial=True) is None  # two of them


# --- 9: the visit form -------------------------------------------------------------------


def test_tab_from_where_goes_on_down_the_page(qtbot, demo_store):
    """Stuck point 9: Tab from "Where?" on today's visit jumped back up the page to Lena's
    House of Worries (rows built later came last in Qt's order). It now goes on down, to the
    drawings, and the page does not jump up."""
    page, _ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    scroll_to(page, page.place)
    bar = page.scroll_area.verticalScrollBar()
    page.place.setFocus()
    was = bar.value()
    qtbot.keyClick(page.place, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.drawing_child
    assert bar.value() >= was
    # and back up, Shift+Tab comes to "Where?" again
    qtbot.keyClick(page.drawing_child, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is page.place


def test_no_visits_recorded_yet_is_not_said_while_one_is_being_recorded(qtbot, demo_store):
    """Stuck point 9: while today's visit was being recorded, the form still said "No visits
    recorded yet"."""
    page, ctx = open_page(qtbot, demo_store, ChildsVoicePage)
    for v in doc(ctx)["visits"]:
        visit_cmds.remove(ctx.store, v["id"])
    page.refresh()

    def said() -> list[str]:
        return [w.text() for w in page.findChildren(QWidget)
                if w.isVisible() and hasattr(w, "text") and isinstance(w.text(), str)]

    assert "No visits recorded yet." in said()
    page.place.setFocus()
    qtbot.keyClicks(page.place, "Home")
    assert len(doc(ctx)["visits"]) == 1
    assert "No visits recorded yet." not in said()
    assert page.place.text() == "Home"


# --- 11: strengths ---------------------------------------------------------------------


def test_strengths_have_no_mark_resolved(qtbot, demo_store):
    """Stuck point 11: strengths and existing safety had "Mark resolved"; they are not things
    that get resolved. Worries still have it."""
    page, _ctx = open_page(qtbot, demo_store, WorkingWellPage)
    cards = [*page.strengths.cards.values(), *page.safety.cards.values()]
    assert cards
    for card in cards:
        assert not card.resolve.isVisible()
        assert not card.resolve.isVisibleTo(card)
    worried, _ = open_page(qtbot, demo_store, WorriedPage)
    assert all(c.resolve.isVisible() for c in worried.worries.cards.values())


def test_the_plan_says_strengths_in_the_familys_voice(store, tmp_path: Path):
    """Stuck point 11: the plan introduced the worker's strengths with "The worker says:". The
    worker's own view is now simply said in "What's going well" (and in "How we'll know it's
    working"); someone else's view still says whose it is."""
    fid = families.create_family(store, "Test family", "child-protection")
    sarah = people.add(store, fid, "Sarah Hughes", "adult", "Mum", in_household=True)
    people.add(store, fid, "Lena Kowalska", "child", "Daughter", age_years=7,
               in_household=True)
    entry_cmds.add(store, fid, "strength", "Tomasz reads Jakub a story every night.",
                   view_label="Worker")
    entry_cmds.add(store, fid, "strength", "Gwen sees the children most days.",
                   view_person_id=sarah)
    entry_cmds.add(store, fid, "existing_safety", "Sarah took the children to Gwen's house.",
                   view_label="Worker")
    entry_cmds.add(store, fid, "goal", "Sarah will keep the children safe.",
                   view_label="Worker")
    out = tmp_path / "plan.pdf"
    export_document(store, fid, "plan", out)
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(out)).pages).split())
    assert "worker says" not in text.lower()
    for words in ("Tomasz reads Jakub a story every night.",
                  "Sarah took the children to Gwen's house.",
                  "Sarah will keep the children safe.",
                  "Sarah says: Gwen sees the children most days."):
        assert words in text
