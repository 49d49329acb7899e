"""The sign-off: the supervisor's name and role, and a plain warning that the record cannot be
changed afterwards. The time is stamped by the service when the record is signed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..tr import translate
from ..widgets.plain import Label


class SignOffDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, name: str = "", role: str = "",
                 summary: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("supervision.sign_off", "Sign off this supervision record"))
        self.setAccessibleName(translate("supervision.sign_off",
                                         "Sign off this supervision record"))
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        intro = Label(translate(
            "supervision.sign_off", "Signing off records your name, your role and the time. "
            "After that the record cannot be changed: it keeps what was known and decided "
            "today. The sign-off is written into the audit log."))
        intro.setWordWrap(True)
        lay.addWidget(intro)
        if summary:
            s = Label(summary)
            s.setObjectName("muted")
            s.setWordWrap(True)
            lay.addWidget(s)
        form = QFormLayout()
        self.name = QLineEdit(name)
        self.name.setObjectName("signOffName")
        self.name.setAccessibleName(translate("supervision.sign_off", "Your name"))
        self.role = QLineEdit(role)
        self.role.setObjectName("signOffRole")
        self.role.setPlaceholderText(translate("supervision.sign_off",
                                               "Practice leader, team manager…"))
        self.role.setAccessibleName(translate("supervision.sign_off", "Your role"))
        form.addRow(translate("supervision.sign_off", "Your name"), self.name)
        form.addRow(translate("supervision.sign_off", "Your role"), self.role)
        lay.addLayout(form)
        self.problem = Label("")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(translate("supervision.sign_off", "What is missing"))
        self.problem.hide()
        lay.addWidget(self.problem)
        self.buttons = QDialogButtonBox()
        self.sign_button = self.buttons.addButton(translate("supervision.sign_off", "Sign off"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("primary")
        self.sign_button.setAccessibleName(translate("supervision.sign_off", "Sign off now"))
        self.cancel_button = self.buttons.addButton(translate("supervision.sign_off", "Not yet"),
                                                    QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName(translate("supervision.sign_off",
                                                       "Not yet: go back without signing off"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        (self.role if name and not role else self.name).setFocus()
        self.name.selectAll()

    def values(self) -> tuple[str, str]:
        return self.name.text().strip(), self.role.text().strip()

    def accept(self) -> None:
        name, role = self.values()
        if not name or not role:
            if not name and not role:
                problem = translate("supervision.sign_off",
                                    "To sign off, write your name and your role.")
            elif not name:
                problem = translate("supervision.sign_off", "To sign off, write your name.")
            else:
                problem = translate("supervision.sign_off", "To sign off, write your role.")
            self.problem.setText(problem)
            self.problem.show()
            (self.name if not name else self.role).setFocus()
            return
        super().accept()
