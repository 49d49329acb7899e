"""The fields that make the children's copy safe and child-friendly, edited on the existing
pages: what each child calls someone, the "who helps keep me safe" list (with the warning for a
person named in a worry's behaviour), organisation-and-role confidentiality, a contact marked
OK for the children's copy, a worry's line for the children and a rule for the children too.
Real widgets on a real encrypted demo store; every value is read back through the services."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from safetymap.services import people as people_cmds
from safetymap.services.children import helper_warnings
from safetymap.services.families import load_family
from safetymap.services.supervision import initials_view
from safetymap.ui.workspace.people import PeoplePage
from safetymap.ui.workspace.plan import PlanPage
from safetymap.ui.workspace.worried import WorriedPage

from .pagekit import doc, entries, open_page, person, unnamed_controls, visible_texts


def _ids(page):
    return {p["name"]: int(p["id"]) for p in page.people.values()}


def _relation(ctx, child_id, person_id):
    """What is in the store now, without flushing the autosaver first."""
    return next((r for r in people_cmds.child_relations(ctx.store, ctx.family_id)
                 if r["child_id"] == child_id and r["person_id"] == person_id), None)


def test_what_a_child_calls_someone_autosaves_and_undo_restores_it(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PeoplePage)
    ids = _ids(page)
    lena, gwen = ids["Lena Kowalska"], ids["Gwen Hughes"]
    page.select_person(gwen)
    assert page.child_links.isVisible()
    row = page.child_links.rows[(lena, gwen)]
    assert row.label.text() == "What Lena calls them"
    assert row.known_as.text() == "Nan"
    row.known_as.setFocus()
    row.known_as.selectAll()
    qtbot.keyClicks(row.known_as, "Nana Gwen")
    assert ctx.autosaver.pending  # not written yet, and no Save button or flush is needed
    qtbot.waitUntil(lambda: not ctx.autosaver.pending, timeout=3000)
    assert _relation(ctx, lena, gwen)["known_as"] == "Nana Gwen"
    # the other child's word for her is untouched: each pair is kept once
    assert _relation(ctx, ids["Jakub Kowalski"], gwen)["known_as"] == "Nan"

    ctx.undo_stack.undo()  # the typing is one step
    assert _relation(ctx, lena, gwen)["known_as"] == "Nan"
    assert page.child_links.rows[(lena, gwen)].known_as.text() == "Nan"
    ctx.undo_stack.redo()
    assert _relation(ctx, lena, gwen)["known_as"] == "Nana Gwen"
    d = doc(ctx)
    lena_uid = person(d, "Lena Kowalska")["uid"]
    assert person(d, "Gwen Hughes")["known_as"][lena_uid] == "Nana Gwen"


def test_ticking_tomasz_as_a_helper_saves_and_shows_the_calm_warning(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PeoplePage)
    ids = _ids(page)
    lena, tomasz, gwen = ids["Lena Kowalska"], ids["Tomasz Kowalski"], ids["Gwen Hughes"]
    page.select_person(tomasz)
    row = page.child_links.rows[(lena, tomasz)]
    assert not row.helper.isChecked()
    assert not row.warning.isVisible()
    # on the box itself (a check box only takes clicks on its box and words)
    qtbot.mouseClick(row.helper, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, row.helper.height() // 2))
    assert row.helper.isChecked()
    assert row.warning.isVisible()
    assert row.warning.text() == (
        "Tomasz is named in a worry as the person whose behaviour people are worried about. "
        "The children's copy will leave Tomasz out.")
    assert row.warning.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: not ctx.autosaver.pending, timeout=3000)
    assert _relation(ctx, lena, tomasz)["helper"] is True
    d = doc(ctx)
    assert person(d, "Tomasz Kowalski")["uid"] in person(d, "Lena Kowalska")["helpers"]
    assert any(w.startswith("Tomasz Kowalski is on Lena's") for w in helper_warnings(d))

    # someone the worries do not name gets no warning
    page.select_person(gwen)
    grow = page.child_links.rows[(lena, gwen)]
    assert grow.helper.isChecked() and not grow.warning.isVisible()

    # unticking takes the warning away, and undo brings the tick back
    page.select_person(tomasz)
    row = page.child_links.rows[(lena, tomasz)]
    row.helper.click()
    assert not row.warning.isVisible()
    assert doc(ctx) and _relation(ctx, lena, tomasz)["helper"] is False
    ctx.undo_stack.undo()
    assert _relation(ctx, lena, tomasz)["helper"] is True


def test_from_the_childs_side_and_a_long_list_is_named(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PeoplePage)
    ids = _ids(page)
    lena = ids["Lena Kowalska"]
    page.select_person(lena)
    rows = page.child_links.rows
    assert set(rows) == {(lena, pid) for name, pid in ids.items() if pid != lena}
    assert rows[(lena, ids["Sarah Hughes"])].known_as.text() == "Mum"
    assert rows[(lena, ids["Sarah Hughes"])].label.text() == "What Lena calls Sarah"
    assert not page.child_links.list_note.isVisible()
    for name in ("Tomasz Kowalski", "Alex Morgan", "Jakub Kowalski"):
        rows[(lena, ids[name])].helper.click()  # 3 chosen already, so now 6
    assert page.child_links.list_note.isVisible()
    assert page.child_links.list_note.text() == (
        "6 people are on Lena's list; the children's copy shows the first 5.")
    d = doc(ctx)
    assert len(person(d, "Lena Kowalska")["helpers"]) == 6
    # the same pair seen from the adult's side shows the same value
    page.select_person(ids["Alex Morgan"])
    assert page.child_links.rows[(lena, ids["Alex Morgan"])].helper.isChecked()


def test_organisation_and_role_confidential_and_contact_for_children(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PeoplePage)
    ids = _ids(page)
    page.select_person(ids["Mrs Evans"])
    assert not page.details_confidential.isChecked()
    assert "Refuge key worker" in page.details_confidential.toolTip()
    page.details_confidential.click()
    assert page.details_note.isVisible()
    assert person(doc(ctx), "Mrs Evans")["details_confidential"] is True
    page.person_confidential.click()
    assert "completely" in page.details_note.text()
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert person(doc(ctx), "Mrs Evans")["details_confidential"] is False

    page.select_person(ids["Mrs Evans"])
    (phone,) = page.contact_rows.values()
    assert not phone.children_ok.isChecked()
    phone.children_ok.click()
    assert "children's copy" in phone.badge.text()
    c = person(doc(ctx), "Mrs Evans")["contacts"][0]
    assert c["safe_for_children"] is True and c["safe_to_share"] is True
    # "not for the family's copy" and either "safe" marking cannot both be on
    phone.confidential.click()
    assert phone.confidential.isChecked()
    assert not phone.children_ok.isChecked() and not phone.safe.isChecked()
    c = person(doc(ctx), "Mrs Evans")["contacts"][0]
    assert c["confidential"] is True and not c["safe_for_children"] and not c["safe_to_share"]
    phone.children_ok.click()
    assert not phone.confidential.isChecked()
    c = person(doc(ctx), "Mrs Evans")["contacts"][0]
    assert c["safe_for_children"] is True and c["confidential"] is False
    assert phone.children_ok.accessibleName()
    page.select_person(ids["Gwen Hughes"])
    assert unnamed_controls(page.child_links) == []


def test_a_worrys_line_for_the_children_saves_and_is_optional(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, WorriedPage)
    before = {e["id"]: e["child_text"] for e in entries(doc(ctx), "worry")}
    qtbot.mouseClick(page.worries.add_button, Qt.MouseButton.LeftButton)
    card = page.worries.cards[max(page.worries.cards)]
    box = card.extra.child_text
    assert box.toPlainText() == "" and box.placeholderText()
    # an empty line nags nobody: nothing on the card asks for it
    assert not any("must" in t.lower() or "required" in t.lower()
                   for t in visible_texts(card))
    box.setFocus()
    qtbot.keyClicks(box, "Mummy and Daddy are working on it.")
    qtbot.waitUntil(lambda: not ctx.autosaver.pending, timeout=3000)
    e = next(x for x in entries(load_family(ctx.store, ctx.family_id), "worry")
             if x["id"] == card.entry_id)
    assert e["child_text"] == "Mummy and Daddy are working on it."
    ctx.undo_stack.undo()
    e = next(x for x in entries(doc(ctx), "worry") if x["id"] == card.entry_id)
    assert e["child_text"] == ""
    # an accented line (setText: keyClicks cannot type it)
    first = page.worries.cards[min(before)]
    first.extra.child_text.setPlainText("Weithiau mae Tada'n gweiddi. Mae Siân yn helpu.")
    e = next(x for x in entries(doc(ctx), "worry") if x["id"] == first.entry_id)
    assert e["child_text"] == "Weithiau mae Tada'n gweiddi. Mae Siân yn helpu."


def test_a_rule_for_the_children_too_saves_into_the_plan(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PlanPage)

    def rules():
        ctx.autosaver.flush()
        return load_family(ctx.store, ctx.family_id)["safety_plan"]["current"]["rules"]

    assert rules()[0]["for_children"] is False
    row = page.rule_rows[0]
    assert not row.child_text.isVisible()
    qtbot.mouseClick(row.for_children, Qt.MouseButton.LeftButton,
                     pos=QPoint(8, row.for_children.height() // 2))
    row = page.rule_rows[0]
    assert row.for_children.isChecked() and row.child_text.isVisible()
    row.child_text.setFocus()
    qtbot.keyClicks(row.child_text, "Daddy sleeps at his brother's if he drinks.")
    r = rules()[0]
    assert r["for_children"] is True
    assert r["child_text"] == "Daddy sleeps at his brother's if he drinks."

    # editing another rule keeps its children's words (they are part of the rule)
    second = rules()[1]
    assert second["for_children"] is True and second["child_text"]
    page.rule_rows[1].who_text.setText("Sarah, with Nan")
    assert rules()[1]["child_text"] == second["child_text"]
    assert rules()[1]["for_children"] is True

    # unticking keeps the words but takes the rule out of the children's copy
    page.rule_rows[0].for_children.click()
    r = rules()[0]
    assert r["for_children"] is False and r["child_text"]
    assert not page.rule_rows[0].child_text.isVisible()


def test_group_supervision_shows_initials_and_writes_nothing(qtbot, demo_store):
    page, ctx = open_page(qtbot, demo_store, PeoplePage, initials_only=True)
    page.show_document(initials_view(doc(ctx)))  # as the workspace hands it in group mode
    before = people_cmds.child_relations(ctx.store, ctx.family_id)
    tomasz = next(int(p["id"]) for p in page.people.values() if p["role"] == "adult"
                  and p["name"] == "TK")
    page.select_person(tomasz)
    texts = "\n".join(r.label.text() + r.helper.text() + r.helper.accessibleName()
                      for r in page.child_links.rows.values())
    assert "Lena" not in texts and "Jakub" not in texts and "Tomasz" not in texts
    assert "What LK calls them" in texts
    for r in page.child_links.rows.values():
        assert r.known_as.isReadOnly() and not r.helper.isEnabled()
    assert not page.details_confidential.isEnabled()
    for row in page.contact_rows.values():
        assert not row.children_ok.isEnabled()
    assert people_cmds.child_relations(ctx.store, ctx.family_id) == before
