"""The safety plan: the family's rules in their words, who makes sure of each, warning signs,
what to do if it isn't working, and when everyone will look at it again.

The whole working plan is autosaved through services.plan.save (PlanContent; typing coalesces into
one changeset per burst, a rule added or taken away is a step of its own). "Keep this as an agreed
version" stores a numbered, unchangeable copy (plan.agree_version). Undo is the store's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.plan import NetworkRole, PlanContent, PlanRule
from ...services import plan as plans
from ..tr import translate
from ..widgets.commands import refusal_sentence, run_command
from ..widgets.person_picker import PersonPicker
from ..widgets.plain import Label, plain_tooltip
from .common import (
    hint_label,
    plain_text_box,
    push_field_edit,
    section_label,
    set_text_quietly,
    title_label,
)
from .page import WorkspaceContext, WorkspacePage

#: the width of the "Who makes sure" chooser and "In whose words" box, the same in every card
WHO_COLUMN = 250


class RuleRow(QFrame):
    def __init__(self, page: PlanPage, index: int, rule: PlanRule) -> None:
        super().__init__()
        self.page = page
        self.index = index
        self.who_uids: list[str] = list(rule.who_makes_sure)
        self.setObjectName("card")
        g = QGridLayout(self)
        g.setContentsMargins(12, 10, 12, 10)
        num = Label(f"{index + 1}.")
        num.setObjectName("sectionTitle")
        # Every card's columns are the same width, so "Who makes sure" and "In whose words"
        # line up from card to card: the number column fits "99.", the chooser column is fixed
        # (a long list of names is shortened on the button, and given whole in its tooltip).
        num.setFixedWidth(num.fontMetrics().horizontalAdvance("99.") + 6)
        number = index + 1
        self.text = plain_text_box(
            translate("workspace.plan", "Rule {number}, in the family's words").format(
                number=number),
            translate("workspace.plan", "In the family's own words…"), height=56)
        self.text.setObjectName(f"ruleText{index}")
        self.text.setMaximumHeight(76)
        self.text.setPlainText(rule.text)
        self.who_button = QToolButton()
        self.who_button.setObjectName(f"ruleWho{index}")
        self.who_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.who_button.setAccessibleName(translate(
            "workspace.plan", "Who makes sure of rule {number}: choose people").format(
                number=number))
        self.menu = QMenu(self.who_button)
        self.who_button.setMenu(self.menu)
        self.who_text = QLineEdit(rule.who_text)
        self.who_text.setObjectName(f"ruleWhoText{index}")
        self.who_text.setPlaceholderText(
            translate("workspace.plan", "or write who, e.g. “Mum, with Nan”"))
        self.who_text.setAccessibleName(translate(
            "workspace.plan", "Who makes sure of rule {number}, in words").format(number=number))
        self.words_of = QLineEdit(rule.words_of)
        self.words_of.setPlaceholderText(translate("workspace.plan", "Mum, the family…"))
        self.words_of.setAccessibleName(translate(
            "workspace.plan", "Whose words rule {number} is in").format(number=number))
        self.words_of.setFixedWidth(WHO_COLUMN)
        self.who_button.setFixedWidth(WHO_COLUMN)
        self.remove = QPushButton(translate("workspace.plan", "Remove"))
        self.remove.setAccessibleName(
            translate("workspace.plan", "Remove rule {number}").format(number=number))
        g.addWidget(num, 0, 0, alignment=Qt.AlignmentFlag.AlignTop)
        g.addWidget(self.text, 0, 1, 1, 3)
        g.addWidget(self.remove, 0, 4, alignment=Qt.AlignmentFlag.AlignTop)
        who_label = Label(translate("workspace.plan", "Who makes sure:"))
        who_label.setBuddy(self.who_button)
        words_label = Label(translate("workspace.plan", "In whose words:"))
        words_label.setBuddy(self.words_of)
        g.addWidget(who_label, 1, 1)
        g.addWidget(self.who_button, 1, 2)
        g.addWidget(self.who_text, 1, 3, 1, 2)
        g.addWidget(words_label, 2, 1)
        g.addWidget(self.words_of, 2, 2)
        # A rule can be for the children too: their copy prints it in the children's words
        # (or as written, when that box is empty). Only such rules are in the children's copy.
        self.for_children = QCheckBox(translate("workspace.plan", "For the children too"))
        self.for_children.setObjectName(f"ruleForChildren{index}")
        self.for_children.setAccessibleName(translate(
            "workspace.plan", "Rule {number} is for the children too").format(number=number))
        self.for_children.setToolTip(
            translate("workspace.plan", "Only rules ticked here are in the children's copy"))
        self.for_children.setChecked(rule.for_children)
        g.addWidget(self.for_children, 2, 3, 1, 2)
        self.child_label = Label(translate("workspace.plan", "In the children's words:"))
        self.child_text = QLineEdit(rule.child_text)
        self.child_text.setObjectName(f"ruleChildText{index}")
        self.child_text.setPlaceholderText(
            translate("workspace.plan", "If Daddy shouts, you can go to Nan's."))
        self.child_text.setAccessibleName(translate(
            "workspace.plan", "Rule {number} in the children's words").format(number=number))
        self.child_label.setBuddy(self.child_text)
        g.addWidget(self.child_label, 3, 1)
        g.addWidget(self.child_text, 3, 2, 1, 3)
        self._show_child_box(rule.for_children)
        # the label column is as wide in every card, whether or not the children's box shows
        label_w = max(who_label.sizeHint().width(), words_label.sizeHint().width(),
                      self.child_label.sizeHint().width())
        g.setColumnMinimumWidth(1, label_w)
        g.setColumnStretch(3, 1)
        self.refresh_people()
        self.text.textChanged.connect(lambda: page.edited(("rule", index, "text")))
        self.who_text.textChanged.connect(lambda _t: page.edited(("rule", index, "who")))
        self.words_of.textChanged.connect(lambda _t: page.edited(("rule", index, "words")))
        self.for_children.toggled.connect(self._for_children_toggled)
        self.child_text.textChanged.connect(lambda _t: page.edited(("rule", index, "child")))
        self.remove.clicked.connect(lambda: page.remove_rule(index))

    def refresh_people(self) -> None:
        self.menu.clear()
        for uid, name in self.page.people_names().items():
            act = self.menu.addAction(name)
            act.setCheckable(True)
            act.setChecked(uid in self.who_uids)
            act.toggled.connect(lambda on, u=uid: self._toggle(u, on))
        self._show_who()

    def _show_who(self) -> None:
        names = [self.page.people_names().get(u, "?") for u in self.who_uids]
        full = ", ".join(names) if names else translate("workspace.plan", "Choose people…")
        room = WHO_COLUMN - 36  # the button's padding and its menu arrow
        self.who_button.setText(self.who_button.fontMetrics().elidedText(
            full, Qt.TextElideMode.ElideRight, room))
        self.who_button.setToolTip(plain_tooltip(full))  # names are case text
        self.who_button.setAccessibleDescription(full)

    def _toggle(self, uid: str, on: bool) -> None:
        if on and uid not in self.who_uids:
            self.who_uids.append(uid)
        elif not on and uid in self.who_uids:
            self.who_uids.remove(uid)
        self._show_who()
        self.page.chose(translate("workspace.plan", "Change who makes sure"))

    def _show_child_box(self, on: bool) -> None:
        self.child_label.setVisible(on)
        self.child_text.setVisible(on)

    def _for_children_toggled(self, on: bool) -> None:
        self._show_child_box(on)
        self.page.chose(translate("workspace.plan", "Change whether the children see this rule"))

    def rule(self) -> PlanRule:
        # the children's words are kept when the box is unticked, so ticking it again
        # brings them back
        return PlanRule(self.text.toPlainText(), list(self.who_uids), self.who_text.text(),
                        self.words_of.text(), for_children=self.for_children.isChecked(),
                        child_text=self.child_text.text())


class LineRow(QWidget):
    """A one-line item (a warning sign) with a remove button."""

    def __init__(self, page: PlanPage, index: int, text: str) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(text)
        self.edit.setObjectName(f"warningSign{index}")
        self.edit.setPlaceholderText(
            translate("workspace.plan", "Something the network would notice…"))
        self.edit.setAccessibleName(
            translate("workspace.plan", "Warning sign {number}").format(number=index + 1))
        self.remove = QPushButton(translate("workspace.plan", "Remove"))
        self.remove.setAccessibleName(
            translate("workspace.plan", "Remove warning sign {number}").format(number=index + 1))
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.remove)
        self.edit.textChanged.connect(lambda _t: page.edited(("sign", index)))
        self.remove.clicked.connect(lambda: page.remove_sign(index))


class HelperRow(QWidget):
    """A safety-network member's role in the plan. The person is picked by typing part of
    their name (or from the list: the safety network first, never a child); picking someone
    whose "How they help" is written on the People page brings that text with them, unless
    something else has been written here."""

    def __init__(self, page: PlanPage, index: int, role: NetworkRole) -> None:
        super().__init__()
        self.page = page
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.person = PersonPicker(
            translate("workspace.plan", "Helper {number}").format(number=index + 1),
            placeholder=translate("workspace.plan", "Who helps?"))
        self.person.edit.setObjectName(f"helperWho{index}")
        offered = page.helper_people()
        stored = page.person(role.person_uid)
        if stored is not None and stored not in offered:
            offered.append(stored)  # kept as chosen, even a child chosen before
        self.person.set_people(offered)
        self.person.set_current(role.person_uid or None)
        self.person.setMaximumWidth(260)
        self.role = QLineEdit(role.role)
        self.role.setObjectName(f"helperRole{index}")
        self.role.setPlaceholderText(translate("workspace.plan", "What they will do…"))
        self.role.setAccessibleName(
            translate("workspace.plan", "What helper {number} will do").format(number=index + 1))
        self.remove = QPushButton(translate("workspace.plan", "Remove"))
        self.remove.setAccessibleName(
            translate("workspace.plan", "Remove helper {number}").format(number=index + 1))
        lay.addWidget(self.person, 1)
        lay.addWidget(self.role, 2)
        lay.addWidget(self.remove)
        self.person.picked.connect(self._picked)
        self.role.textChanged.connect(lambda _t: page.edited(("helper", index, "role")))
        self.remove.clicked.connect(lambda: page.remove_helper(index))
        self._from_people = (stored or {}).get("network_role") or ""

    def _picked(self, uid: Any) -> None:
        person = self.page.person(str(uid)) or {}
        carried = str(person.get("network_role") or "").strip()
        typed = self.role.text().strip()
        if carried and (not typed or typed == self._from_people.strip()):
            set_text_quietly(self.role, carried)  # saved with the choice, one step
        self._from_people = carried
        self.page.chose(translate("workspace.plan", "Change the helper"))

    def value(self) -> NetworkRole:
        return NetworkRole(str(self.person.current_key() or ""), self.role.text())


class PlanPage(WorkspacePage):
    page_key = "plan"

    def __init__(self, ctx: WorkspaceContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setAccessibleName(self.title())
        self._people: dict[str, str] = {}
        self._person_list: list[dict[str, Any]] = []
        self._last: dict[str, Any] = PlanContent().to_json()
        self.rule_rows: list[RuleRow] = []
        self.sign_rows: list[LineRow] = []
        self.helper_rows: list[HelperRow] = []

        lay = QVBoxLayout(self)
        lay.setContentsMargins(24, 16, 24, 16)
        lay.setSpacing(8)
        lay.addWidget(title_label(self.title()))
        self.subtitle = hint_label(translate(
            "workspace.plan", "“{title}”: the family's plan, written with them, in their words. "
            "It saves as you type.").format(title=ctx.template.plan_title))
        lay.addWidget(self.subtitle)

        lay.addWidget(section_label(translate("workspace.plan", "The rules")))
        self.rules_box = QVBoxLayout()
        lay.addLayout(self.rules_box)
        self.add_rule_button = QPushButton(translate("workspace.plan", "Add a rule"))
        self.add_rule_button.setObjectName("addRule")
        self.add_rule_button.setAccessibleName(translate("workspace.plan", "Add a rule"))
        self.add_rule_button.clicked.connect(self.add_rule)
        lay.addWidget(self.add_rule_button, alignment=Qt.AlignmentFlag.AlignLeft)

        lay.addWidget(section_label(translate("workspace.plan", "Who helps, and how")))
        self.helpers_box = QVBoxLayout()
        lay.addLayout(self.helpers_box)
        self.add_helper_button = QPushButton(translate("workspace.plan", "Add a helper"))
        self.add_helper_button.setAccessibleName(
            translate("workspace.plan", "Add a helper's part in the plan"))
        self.add_helper_button.clicked.connect(self.add_helper)
        lay.addWidget(self.add_helper_button, alignment=Qt.AlignmentFlag.AlignLeft)

        lay.addWidget(section_label(
            translate("workspace.plan", "Warning signs the network will watch for")))
        self.signs_box = QVBoxLayout()
        lay.addLayout(self.signs_box)
        self.add_sign_button = QPushButton(translate("workspace.plan", "Add a warning sign"))
        self.add_sign_button.setObjectName("addWarningSign")
        self.add_sign_button.setAccessibleName(translate("workspace.plan", "Add a warning sign"))
        self.add_sign_button.clicked.connect(self.add_sign)
        lay.addWidget(self.add_sign_button, alignment=Qt.AlignmentFlag.AlignLeft)

        lay.addWidget(section_label(translate("workspace.plan", "If the plan isn't working")))
        lay.addWidget(hint_label(translate(
            "workspace.plan", "That is not failure: the network gets back together and "
            "changes the plan.")))
        self.if_not_working = plain_text_box(
            translate("workspace.plan", "What we will do if the plan isn't working"),
            translate("workspace.plan", "Who will call whom, and how soon everyone meets…"))
        self.if_not_working.setObjectName("ifNotWorking")
        self.if_not_working.textChanged.connect(lambda: self.edited(("if_not_working",)))
        lay.addWidget(self.if_not_working)

        lay.addWidget(section_label(
            translate("workspace.plan", "When we will look at the plan again")))
        self.review = plain_text_box(
            translate("workspace.plan", "When and how we will look at the plan again"),
            translate("workspace.plan", "Agreed with the family and the network…"), height=60)
        self.review.setObjectName("planReview")
        self.review.textChanged.connect(lambda: self.edited(("review",)))
        lay.addWidget(self.review)

        lay.addWidget(section_label(translate("workspace.plan", "Agreed versions")))
        self.versions = hint_label("")
        self.versions.setAccessibleName(translate("workspace.plan", "Agreed versions of the plan"))
        lay.addWidget(self.versions)
        vrow = QHBoxLayout()
        self.version_note = QLineEdit()
        self.version_note.setObjectName("versionNote")
        self.version_note.setPlaceholderText(
            translate("workspace.plan", "A note, e.g. “agreed at the family meeting”"))
        self.version_note.setAccessibleName(
            translate("workspace.plan", "Note for the agreed version"))
        self.agree_button = QPushButton(
            translate("workspace.plan", "Keep this as an agreed version"))
        self.agree_button.setObjectName("agreeVersion")
        self.agree_button.setAccessibleName(
            translate("workspace.plan", "Keep this as an agreed version"))
        self.agree_button.clicked.connect(self.agree_version)
        vrow.addWidget(self.version_note, 1)
        vrow.addWidget(self.agree_button)
        lay.addLayout(vrow)
        self.compare_button = QPushButton(translate("workspace.plan", "Compare versions…"))
        self.compare_button.setObjectName("compareVersions")
        self.compare_button.setAccessibleName(translate(
            "workspace.plan", "Compare versions of the plan: what changed between them"))
        self.compare_button.setToolTip(translate(
            "workspace.plan", "Every version is kept; see what changed between any two"))
        self.compare_button.clicked.connect(self._compare)
        lay.addWidget(self.compare_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.status = hint_label("")
        self.status.setAccessibleName(translate("workspace.plan", "Plan status"))
        lay.addWidget(self.status)
        lay.addStretch(1)

    def title(self) -> str:
        return self.ctx.template.sections.get("plan", translate("workspace.plan", "Safety plan"))

    def people_names(self) -> dict[str, str]:
        return dict(self._people)

    def person(self, uid: str | None) -> dict[str, Any] | None:
        return next((p for p in self._person_list if p["uid"] == uid), None) if uid else None

    def helper_people(self) -> list[dict[str, Any]]:
        """Whom "Who helps" offers: the safety network first, never a child."""
        return plans.helper_candidates(self._person_list)

    # -- showing ----------------------------------------------------------------------------
    def show_document(self, doc: dict[str, Any]) -> None:
        person_list = [dict(p) for p in doc.get("people", [])]
        people = {p["uid"]: p["name"] for p in person_list}
        content = PlanContent.from_json(doc.get("safety_plan", {}).get("current")).to_json()
        people_changed = [_offered(p) for p in person_list] != [
            _offered(p) for p in self._person_list]
        self._people = people
        self._person_list = person_list
        if content != self.ui_content().to_json() or people_changed:
            self._build(content)
        self._last = content
        versions = doc.get("safety_plan", {}).get("versions", [])
        if versions:
            lines = []
            for v in versions[-4:]:
                when = _date(v.get("created_at"))
                note = f": {v['note']}" if v.get("note") else ""
                lines.append(translate(
                    "workspace.plan", "Version {number}, kept on {when}{note}").format(
                        number=v["version"], when=when, note=note))
            self.versions.setText("\n".join(lines))
        else:
            self.versions.setText(translate(
                "workspace.plan", "No agreed version yet. When the family and network agree "
                "the plan, keep it as a version: every version is kept."))

    def _build(self, content: dict[str, Any]) -> None:
        """(Re)create the rows. Called when the stored plan differs from what is on screen."""
        focus_name = self.focusWidget().objectName() if self.focusWidget() else ""
        plan = PlanContent.from_json(content)
        for rows in (self.rule_rows, self.sign_rows, self.helper_rows):
            for r in rows:
                r.setParent(None)
                r.deleteLater()
            rows.clear()
        self.blockSignals(True)
        for i, rule in enumerate(plan.rules):
            row = RuleRow(self, i, rule)
            self.rule_rows.append(row)
            self.rules_box.addWidget(row)
        for i, role in enumerate(plan.network_roles):
            hrow = HelperRow(self, i, role)
            self.helper_rows.append(hrow)
            self.helpers_box.addWidget(hrow)
        for i, sign in enumerate(plan.warning_signs):
            srow = LineRow(self, i, sign)
            self.sign_rows.append(srow)
            self.signs_box.addWidget(srow)
        set_text_quietly(self.if_not_working, plan.if_not_working)
        set_text_quietly(self.review, plan.review)
        self.blockSignals(False)
        if focus_name:
            w = self.findChild(QWidget, focus_name)
            if w is not None:
                w.setFocus()

    def ui_content(self) -> PlanContent:
        return PlanContent(
            rules=[r.rule() for r in self.rule_rows],
            network_roles=[h.value() for h in self.helper_rows],
            warning_signs=[s.edit.text() for s in self.sign_rows],
            if_not_working=self.if_not_working.toPlainText(),
            review=self.review.toPlainText(),
        )

    # -- editing ----------------------------------------------------------------------------
    def edited(self, what: tuple[Any, ...]) -> None:
        new = self.ui_content().to_json()
        old = self._last
        if new == old:
            return
        self._last = new
        self._push(("plan",) + what, translate("workspace.plan", "Change the plan"), old, new)

    def chose(self, label: str) -> None:
        """A choice (who makes sure, for the children too, which helper): saved at once as a
        step of its own, never merged into the typing before it."""
        new = self.ui_content().to_json()
        if new == self._last:
            return
        self.ctx.autosaver.flush()
        self._last = new
        store, fid = self.ctx.store, self.ctx.family_id
        run_command(self.ctx, label,
                    lambda: plans.save(store, fid, PlanContent.from_json(new), coalesce=False),
                    self.changed.emit)

    def _push(self, key: tuple[Any, ...], label: str, old: dict[str, Any],
              new: dict[str, Any]) -> None:
        store, fid = self.ctx.store, self.ctx.family_id

        def save(value: dict[str, Any]) -> None:
            plans.save(store, fid, PlanContent.from_json(value))

        def show(value: dict[str, Any]) -> None:
            self._last = value
            self._build(value)

        # One autosave slot for the whole plan (the newest content wins), but a distinct undo
        # step for each field, so typing in one box merges and a new box starts a new step.
        push_field_edit(self, key, label, old, new, save, show, save_key=("plan-content",))

    def _structural(self, mutate: Any, label: str) -> None:
        """A rule, sign or helper added or taken away: saved at once as a step of its own
        (not coalesced with the typing before or after it)."""
        self.ctx.autosaver.flush()  # what was typed so far is its own step
        plan = PlanContent.from_json(self.ui_content().to_json())
        mutate(plan)
        new = plan.to_json()
        self._build(new)
        self._last = new
        store, fid = self.ctx.store, self.ctx.family_id
        run_command(self.ctx, label,
                    lambda: plans.save(store, fid, PlanContent.from_json(new), coalesce=False),
                    self.changed.emit)

    def add_rule(self) -> None:
        self._structural(lambda p: p.rules.append(PlanRule("")),
                         translate("workspace.plan", "Add a rule"))
        if self.rule_rows:
            self.rule_rows[-1].text.setFocus()

    def remove_rule(self, i: int) -> None:
        self._structural(lambda p: p.rules.pop(i), translate("workspace.plan", "Remove a rule"))

    def add_sign(self) -> None:
        self._structural(lambda p: p.warning_signs.append(""),
                         translate("workspace.plan", "Add a warning sign"))
        if self.sign_rows:
            self.sign_rows[-1].edit.setFocus()

    def remove_sign(self, i: int) -> None:
        self._structural(lambda p: p.warning_signs.pop(i),
                         translate("workspace.plan", "Remove a warning sign"))

    def add_helper(self) -> None:
        """A new line starts with the next of the safety network not listed yet, with what the
        People page says they do; typing a name in its box picks someone else."""
        listed = [h.value().person_uid for h in self.helper_rows]
        uid, role = plans.suggest_helper(self._person_list, listed) or ("", "")
        self._structural(lambda p: p.network_roles.append(NetworkRole(uid, role)),
                         translate("workspace.plan", "Add a helper"))
        if self.helper_rows:
            box = self.helper_rows[-1].person.edit
            box.setFocus()
            box.selectAll()  # typing a name replaces the suggestion

    def remove_helper(self, i: int) -> None:
        self._structural(lambda p: p.network_roles.pop(i),
                         translate("workspace.plan", "Remove a helper"))

    def _compare(self) -> None:
        self.ctx.autosaver.flush()
        self.history_requested.emit("plan")  # "Compare versions…": the plan's versions

    def agree_version(self) -> None:
        self.ctx.autosaver.flush()
        try:
            number = plans.agree_version(self.ctx.store, self.ctx.family_id,
                                         self.version_note.text().strip())
        except Exception as exc:  # noqa: BLE001
            self.status.setText(refusal_sentence(exc))
            return
        self.version_note.clear()
        self.status.setText(translate(
            "workspace.plan", "Kept as version {number}. The plan can still be changed; every "
            "agreed version is kept.").format(number=number))
        self.changed.emit()
        self.show_document(self.ctx.reload())


def _offered(p: dict[str, Any]) -> tuple[Any, ...]:
    """What the plan's pickers show of a person: a change rebuilds them."""
    return (p.get("uid"), p.get("name"), p.get("relationship"), p.get("role"),
            p.get("network_role"))


def _date(iso: str | None) -> str:
    if not iso:
        return translate("workspace.plan", "an unknown date")
    try:
        d = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso[:10]
    return i18n.day(d)  # "5 March 2026", "5 Mawrth 2026": the screens' language
