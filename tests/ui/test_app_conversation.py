"""A whole conversation at the kitchen table, driven through the real widgets of the real main
window: create a family, add people, worries, strengths, scores by three people, goals, next
steps, Three Houses and the plan. Then read back what landed in the store through
services.families.load_family (a fresh open of the store file)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from safetymap.domain.model import House
from safetymap.ui.family_list import NewFamilyDialog

from .shell_support import make_store, open_window, read_family


def _newest(editor):
    return editor.cards[max(editor.cards)]


def _type_entry(qtbot, editor, text, whose=None):
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    card = _newest(editor)
    card.text.setPlainText(text)  # may hold accents: not keyClicks
    if whose:
        card.view.choose_text(whose)
    return card


def test_a_whole_conversation_lands_in_the_store(qtbot, store_path):
    make_store(store_path, demo=False)
    win = open_window(qtbot, store_path)

    # -- a new family, keyboard first ----------------------------------------------------
    def fill() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, NewFamilyDialog)
        qtbot.keyClicks(dlg.name, "Nowak family")
        dlg.accept()

    QTimer.singleShot(50, fill)
    win.new_family_action.trigger()
    qtbot.waitUntil(lambda: win.workspace is not None, timeout=5000)
    ws = win.workspace
    fid = ws.ctx.family_id
    assert ws.current_page_key() == "people"

    # -- guided mode walks the conversation; prompts beside each step -----------------------
    ws.guided_button.click()
    assert ws.guide.isVisible() and "Step 1 of 8" in ws.guide.step.text()

    # -- people ---------------------------------------------------------------------------
    people = ws.pages["people"]

    def add(name, role, relationship, **after):
        people.new_name.setText(name)
        people.new_role.setCurrentIndex(people.new_role.findData(role))
        qtbot.keyClick(people.new_name, Qt.Key.Key_Return)
        people.relationship.setText(relationship)
        for field, value in after.items():
            getattr(people, field)(value)

    add("Marta Nowak", "adult", "Mum")
    people.household.setChecked(True)
    add("Piotr Nowak", "adult", "Dad")
    people.household.setChecked(True)
    add("Zosia Nowak", "child", "Daughter")
    people.age.setValue(6)
    add("Ela Wiśniewska", "network", "Babcia (Marta's mum)")
    people.closeness.setCurrentIndex(people.closeness.findData(1))
    people.network_role.setText("Has Zosia to stay if there is trouble at home")
    qtbot.mouseClick(people.add_phone, Qt.MouseButton.LeftButton)
    phone = list(people.contact_rows.values())[-1]
    qtbot.keyClicks(phone.value, "07700 900321")
    phone.confidential.click()
    ws.guide.next_button.click()

    # -- what are we worried about? ---------------------------------------------------------
    assert ws.current_page_key() == "worried"
    assert "Step 2 of 8" in ws.guide.step.text()
    worried = ws.pages["worried"]
    _type_entry(qtbot, worried.harm, "Zosia had a burn on her hand and said Tata was angry.",
                whose="School")
    _type_entry(qtbot, worried.worries,
                "The school is worried that when Piotr is angry he hurts Zosia, and that she "
                "could be badly hurt.", whose="Worker")
    _type_entry(qtbot, worried.complicating, "Piotr lost his job in the summer.",
                whose="Marta Nowak")
    ws.guide.next_button.click()

    # -- what's working well? -------------------------------------------------------------
    good = ws.pages["working_well"]
    _type_entry(qtbot, good.strengths, "Marta reads with Zosia every night.", whose="Marta Nowak")
    _type_entry(qtbot, good.safety, "Marta took Zosia to Babcia's when Piotr was angry.",
                whose="Ela Wiśniewska")
    ws.guide.next_button.click()

    # -- scores by three people -----------------------------------------------------------
    judgement = ws.pages["judgement"]
    for who, value, reasons in (("Marta Nowak", 6, "Mama is close and I know what to do."),
                                ("Piotr Nowak", 8, "I would never hurt her."),
                                ("Worker", 4, "Marta acts to keep Zosia safe; Piotr's anger "
                                              "is not talked about yet.")):
        judgement.who.choose_text(who)
        judgement.scale.setValue(value)
        judgement.reasons.setPlainText(reasons)
        assert judgement.record.isEnabled()
        qtbot.mouseClick(judgement.record, Qt.MouseButton.LeftButton)
    ws.guide.next_button.click()

    # -- what needs to happen? ------------------------------------------------------------
    needs = ws.pages["needs_to_happen"]
    goal = _type_entry(qtbot, needs.goals, "Piotr will stay calm and walk away when he is "
                                            "angry; Zosia will tell us she feels safe.",
                       whose="Worker")
    combo = goal.extra.combo
    combo.setCurrentIndex(1)
    combo.activated.emit(1)  # as when the worker picks the worry it answers
    step = _type_entry(qtbot, needs.steps, "Go to the anger support group.")
    qtbot.keyClicks(step.extra.who, "Piotr")
    ws.guide.skip_button.click()  # any step can be skipped

    # -- the children's views: Three Houses -----------------------------------------------
    assert ws.current_page_key() == "childs_voice"
    voice = ws.pages["childs_voice"]
    zosia = next(p["id"] for p in ws.doc["people"] if p["name"] == "Zosia Nowak")
    box = voice.house_boxes[(zosia, House.DREAMS)]
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    box = voice.house_boxes[(zosia, House.DREAMS)]
    list(box.edits.values())[-1].setPlainText("Tata is happy and we go to the seaside.")
    box = voice.house_boxes[(zosia, House.WORRIES)]
    qtbot.mouseClick(box.add, Qt.MouseButton.LeftButton)
    box = voice.house_boxes[(zosia, House.WORRIES)]
    list(box.edits.values())[-1].setPlainText("Shouting at night.")
    ws.guide.next_button.click()

    # -- the safety plan ------------------------------------------------------------------
    assert ws.current_page_key() == "plan"
    plan = ws.pages["plan"]
    qtbot.mouseClick(plan.add_rule_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(plan.rule_rows[0].text, "If Piotr gets angry he will go for a walk.")
    plan.rule_rows[0].who_text.setText("Piotr, with Marta")
    qtbot.mouseClick(plan.add_sign_button, Qt.MouseButton.LeftButton)
    plan.sign_rows[0].edit.setText("Piotr shouting at Zosia")
    plan.review.setPlainText("At Babcia Ela's flat in six weeks.")
    qtbot.wait(700)  # autosave, no flush, no Save button
    qtbot.mouseClick(plan.agree_button, Qt.MouseButton.LeftButton)
    ws.guide.next_button.click()
    assert ws.current_page_key() == "assessment"
    ws.pages["assessment"].boxes["family_note"].setPlainText(
        "We will tell you what we think after we meet Babcia Ela.")
    ws.guide.next_button.click()  # "Finish"
    assert not ws.guided

    # -- read it all back from a fresh open of the store file ----------------------------
    win.close()
    doc = read_family(store_path, fid)
    assert doc["family"]["display_name"] == "Nowak family"
    assert doc["family"]["template_id"] == "child-protection"
    by_name = {p["name"]: p for p in doc["people"]}
    # "School", typed as whose view, is kept as a plain label: the picker adds a person only
    # when "Add ... as a new person" is chosen, so a typed view never creates one silently
    assert set(by_name) == {"Marta Nowak", "Piotr Nowak", "Zosia Nowak", "Ela Wiśniewska"}
    assert by_name["Zosia Nowak"]["role"] == "child" and by_name["Zosia Nowak"]["age_years"] == 6
    assert by_name["Marta Nowak"]["in_household"] and by_name["Marta Nowak"]["relationship"] == (
        "Mum")
    ela = by_name["Ela Wiśniewska"]
    assert ela["closeness"] == 1 and ela["relationship"] == "Babcia (Marta's mum)"
    assert ela["contacts"][0]["value"] == "07700 900321" and ela["contacts"][0]["confidential"]

    def area(name):
        return [e for e in doc["map"] if e["area"] == name]

    assert area("harm")[0]["view"]["label"] == "School"
    assert area("harm")[0]["view"]["person_uid"] is None
    assert area("harm")[0]["text"].startswith("Zosia had a burn")
    worry = area("worry")[0]
    assert worry["text"].startswith("The school is worried")
    assert area("complicating")[0]["view"]["person_uid"] == by_name["Marta Nowak"]["uid"]
    assert area("strength")[0]["text"] == "Marta reads with Zosia every night."
    assert area("existing_safety")[0]["view"]["person_uid"] == ela["uid"]
    assert area("goal")[0]["paired_worry_uid"] == worry["uid"]
    assert area("next_step")[0]["step_who"] == "Piotr"

    scores = {s["who"]: s["value"] for s in doc["scores"]}
    assert len(doc["scores"]) == 3
    assert scores["Marta Nowak"] == 6 and scores["Piotr Nowak"] == 8
    assert [s["value"] for s in doc["scores"] if s["person_uid"] is None] == [4]
    assert all(s["reasons"] and s["scale_wording"] for s in doc["scores"])

    houses = {(h["child"], h["house"]): h["text"] for h in doc["childs_voice"]["three_houses"]}
    assert houses[("Zosia Nowak", "dreams")] == "Tata is happy and we go to the seaside."
    assert houses[("Zosia Nowak", "worries")] == "Shouting at night."

    current = doc["safety_plan"]["current"]
    assert current["rules"][0]["text"] == "If Piotr gets angry he will go for a walk."
    assert current["rules"][0]["who_text"] == "Piotr, with Marta"
    assert current["warning_signs"] == ["Piotr shouting at Zosia"]
    assert current["review"] == "At Babcia Ela's flat in six weeks."
    assert len(doc["safety_plan"]["versions"]) == 1
    assert doc["safety_plan"]["versions"][0]["content"]["review"] == current["review"]
    assert doc["assessment"]["family_note"].startswith("We will tell you")
