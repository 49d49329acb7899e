"""The desktop's side of the team store (ARCHITECTURE.md, "The team store"): File ▸ Team.

* **Join a team…** asks for the server address, the database, the login, optional advanced
  libpq settings (sslmode, sslrootcert) and the password, and joins on a pool thread
  (`team.sync.join`). The password is never written anywhere: no QSettings, no store, no file.
* **Sync now** (Ctrl+Shift+Y) and a quiet sync every two minutes while unlocked and joined, on
  a pool thread, so typing never waits. A sync first tries without a password (libpq's .pgpass
  or SAFETYMAP_TEAM_PASSWORD may make one unnecessary); a refusal means "needs the password",
  which Sync now asks for once, in a small dialog. The password is kept in memory for the
  unlocked session only and forgotten on lock. The timer never asks: it only syncs when it
  can without asking.
* The **status bar** says the team state in plain words ("Synced 10:42", "3 changes waiting
  (offline)") and, when some need a decision, "2 conflicts need a decision", which opens
  **Conflicts…**: each conflict with "Yours" beside "The other version", who made each and when,
  and Keep mine / Keep theirs / Combine…. A held marking change is asked as a question.
* **Team's families** (a supervisor's laptop): every family with the worker holding it and
  when each child was last recorded as seen: information, never a target.

Everything here asks `team.sync` and `services.team_view` for plain data; no ORM class is named.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import i18n
from .tasks import run_in_background
from .tr import QT_TRANSLATE_NOOP, translate
from .widgets.plain import Label, plain_tooltip

if TYPE_CHECKING:
    from ..store.engine import Store
    from ..team.sync import ConflictView

log = logging.getLogger(__name__)

SYNC_SHORTCUT = "Ctrl+Shift+Y"  # tr: not shown (a key sequence)
#: the quiet sync while unlocked and joined
SYNC_EVERY_MS = 2 * 60 * 1000
#: how soon after typing the status line counts what waits to be sent
STATUS_DELAY_MS = 1500
OFFLINE_SENTENCE = QT_TRANSLATE_NOOP(
    "team", "Can't reach the team server; your work is safe on this laptop")
ID_ROLE = Qt.ItemDataRole.UserRole


# --- plain words ---------------------------------------------------------------------------


def _local(at: str | datetime | None) -> datetime | None:
    if not at:
        return None
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone()


def when_words(at: str | datetime | None) -> str:
    """'today at 10:42', 'yesterday at 18:05', '3 March 2026': a calm date, local time."""
    d = _local(at)
    if d is None:
        return translate("team", "at a time not recorded")
    today = datetime.now().astimezone().date()
    if d.date() == today:
        return translate("team", "today at {time}").format(time=f"{d:%H:%M}")
    if (today - d.date()).days == 1:
        return translate("team", "yesterday at {time}").format(time=f"{d:%H:%M}")
    return i18n.day(d)  # "3 March 2026", the month in the screens' language


def day_words(at: datetime | None) -> str:
    d = _local(at)
    if d is None:
        return ""
    today = datetime.now().astimezone().date()
    if d.date() == today:
        return translate("team", "today")
    if (today - d.date()).days == 1:
        return translate("team", "yesterday")
    return i18n.day(d)


def _day_month(d: datetime) -> str:
    """'3 March', the month in the screens' language."""
    from babel.dates import format_date

    return format_date(d.date(), "d MMMM", locale=i18n.current())


def status_words(info: dict[str, str] | None, waiting: int, state: str) -> str:
    """The status bar's words. `state`: "" (no attempt yet this session, or the last one
    worked), "offline", "refused", "needs password" or "error"."""
    if info is None:
        return ""
    if state == "offline":
        return (translate("team", "%n change(s) waiting (offline)", None, waiting) if waiting
                else translate("team", OFFLINE_SENTENCE))
    if state == "needs password":
        return translate("team", "Sync needs your team password: File ▸ Team ▸ Sync now")
    if state == "refused":
        return translate("team", "The team server did not accept this login; your work is "
                         "safe on this laptop")
    last = _local(info.get("last_sync") or None)
    if last is None:
        head = translate("team", "Not synced with the team yet")
    elif last.date() == datetime.now().astimezone().date():
        head = translate("team", "Synced {time}").format(time=f"{last:%H:%M}")
    else:
        head = translate("team", "Synced {date} {time}").format(date=_day_month(last),
                                                                 time=f"{last:%H:%M}")
    if waiting:
        head += " · " + translate("team", "%n change(s) waiting", None, waiting)
    return head


def _label(text: str = "", name: str = "", muted: bool = False) -> Label:
    lab = Label(text)
    lab.setWordWrap(True)
    if muted:
        lab.setObjectName("muted")
    if name:
        lab.setAccessibleName(name)
    return lab


def _title(text: str) -> Label:
    head = Label(text)
    head.setObjectName("sectionTitle")
    head.setWordWrap(True)
    return head


def _button(text: str, name: str, accessible: str = "", primary: bool = False) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName("primary" if primary else name)  # the theme styles QPushButton#primary
    b.setAccessibleName(accessible or text)
    if primary:
        b.setDefault(True)
    return b


# --- work with the team server, off the GUI thread ----------------------------------------------


@dataclass
class Outcome:
    """What a piece of team work came to: a value, or a kind of failure with its sentence."""

    value: Any = None
    kind: str = ""  # "", "offline", "refused", "error"
    sentence: str = ""


def attempt(work: Callable[[str | None], Any], password: str | None) -> Outcome:
    """Run `work(password)`, turning the team's errors (sentences already) into an Outcome."""
    from ..team.server import TeamError, TeamRefused, TeamUnreachable

    try:
        return Outcome(value=work(password))
    except TeamUnreachable as exc:
        return Outcome(kind="offline", sentence=str(exc))
    except TeamRefused as exc:
        return Outcome(kind="refused", sentence=str(exc))
    except TeamError as exc:
        return Outcome(kind="error", sentence=str(exc))


class PasswordDialog(QDialog):
    """Asks for the team password once for this session. It is kept in memory only."""

    def __init__(self, parent: QWidget | None = None, reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("team", "Team password"))
        self.setAccessibleName(translate("team", "Type your team password"))
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        lay.addWidget(_title(translate("team", "Your team password")))
        lay.addWidget(_label(reason or translate(
            "team", "The team server needs your password to sync. Safety Map keeps it only "
            "until this laptop locks, and never writes it down."), muted=True))
        self.password = QLineEdit()
        self.password.setObjectName("teamPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(translate("team", "Team password"))
        lay.addWidget(self.password)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = _button(translate("team", "Not now"), "notNow")
        cancel.clicked.connect(self.reject)
        self.ok = _button(translate("team", "Sync"), "syncWithPassword",
                          translate("team", "Sync with this password"), primary=True)
        self.ok.clicked.connect(self._ok)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        lay.addLayout(row)

    def _ok(self) -> None:
        if self.password.text():
            self.accept()

    def take(self) -> str:
        """The typed password, and the box emptied (its undo history too)."""
        pw = self.password.text()
        self.password.setText("")
        return pw


class JoinDialog(QDialog):
    """File ▸ Team ▸ Join a team…: the connection in separate boxes, and the password."""

    joined = Signal(str)  # the password that worked (kept in memory by the controller)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._task: Any = None
        self.setWindowTitle(translate("team", "Join a team"))
        self.setAccessibleName(translate("team", "Join a team"))
        self.setMinimumWidth(620)
        lay = QVBoxLayout(self)
        lay.addWidget(_title(translate("team", "Join your team")))
        lay.addWidget(_label(translate(
            "team", "Your team's admin gives you these details. Once joined, the families "
            "allocated to you come to this laptop, and what you record here goes to the team "
            "each time Safety Map syncs. Without a network you carry on as usual: nothing is "
            "lost."), muted=True))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.address = self._box(
            "teamAddress", translate("team", "Server address"),
            translate("team", "for example team.example.org or team.example.org:5432"))
        self.database = self._box("teamDatabase", translate("team", "Database"),
                                  translate("team", "for example safetymap"))
        self.login = self._box("teamLogin", translate("team", "Your login"),
                               translate("team", "the login your admin gave you"))
        self.password = self._box("teamJoinPassword", translate("team", "Password"), "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.advanced = self._box(
            "teamAdvanced", translate("team", "Advanced settings (optional)"),
            translate("team", "only if your admin asks, e.g. sslmode=verify-full"))
        form.addRow(translate("team", "Server address"), self.address)
        form.addRow(translate("team", "Database"), self.database)
        form.addRow(translate("team", "Your login"), self.login)
        form.addRow(translate("team", "Password"), self.password)
        form.addRow(translate("team", "Advanced (optional)"), self.advanced)
        lay.addLayout(form)
        lay.addWidget(_label(translate("team", "The password is never saved. Safety Map keeps "
                                       "it only until this laptop locks."), muted=True))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(translate("team", "Joining the team"))
        self.progress.hide()
        lay.addWidget(self.progress)
        self.status = _label("", translate("team", "Join status"))
        self.status.setObjectName("teamJoinStatus")
        lay.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = _button(translate("team", "Close"), "close")
        self.close_button.clicked.connect(self.reject)
        self.go = _button(translate("team", "Join the team"), "joinTeam", primary=True)
        self.go.clicked.connect(self.start)
        row.addWidget(self.close_button)
        row.addWidget(self.go)
        lay.addLayout(row)

    def _box(self, name: str, accessible: str, placeholder: str) -> QLineEdit:
        box = QLineEdit()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setPlaceholderText(placeholder)
        return box

    def start(self) -> None:
        from ..services.team_view import ConnectionWordsError, connection_string
        from ..team import sync

        try:
            url = connection_string(self.address.text(), self.database.text(),
                                    self.login.text(), self.advanced.text())
        except ConnectionWordsError as exc:
            self.status.setText(str(exc))
            return
        pw = self.password.text() or None
        store = self.store
        self.go.setEnabled(False)
        self.progress.show()
        self.status.setText(translate("team", "Joining the team… this can take a minute the "
                                      "first time."))
        self._task = run_in_background(
            lambda: attempt(lambda p: sync.join(store, url, p).sentence(), pw),
            lambda out: self._done(out, pw), self._failed, receiver=self)

    def _done(self, out: Outcome, pw: str | None) -> None:
        self._task = None
        self.progress.hide()
        self.go.setEnabled(True)
        if out.kind:
            self.status.setText(out.sentence)
            return
        from ..team import sync

        self.password.setText("")
        info = sync.team_info(self.store) or {}
        name, team = info.get("name"), info.get("team")
        if name and team:
            head = translate("team", "You have joined the team ({team}) as {name}.").format(
                team=team, name=name)
        elif team:
            head = translate("team", "You have joined the team ({team}).").format(team=team)
        elif name:
            head = translate("team", "You have joined the team as {name}.").format(name=name)
        else:
            head = translate("team", "You have joined the team.")
        self.status.setText(head + " " + str(out.value))
        self.go.setEnabled(False)
        self.close_button.setText(translate("team", "Done"))
        self.close_button.setFocus()
        self.joined.emit(pw or "")

    def _failed(self, sentence: str) -> None:
        self._task = None
        self.progress.hide()
        self.go.setEnabled(True)
        self.status.setText(sentence)

    def done(self, r: int) -> None:
        self.password.setText("")
        super().done(r)


# --- conflicts -------------------------------------------------------------------------------


class CombineDialog(QDialog):
    """Both texts in one editable box, the other version first, to make one from the two."""

    def __init__(self, theirs: str, mine: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("team", "Combine the two versions"))
        self.setAccessibleName(translate("team", "Combine the two versions"))
        self.resize(560, 360)
        lay = QVBoxLayout(self)
        lay.addWidget(_label(translate("team", "Both versions are below, the other one first. "
                                       "Change the text until it says what you both meant, "
                                       "then keep it."), muted=True))
        self.text = QPlainTextEdit()
        self.text.setObjectName("combinedText")
        self.text.setAccessibleName(translate("team", "The combined text"))
        self.text.setPlainText(f"{theirs}\n\n{mine}")
        lay.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = _button(translate("team", "Cancel"), "cancelCombine")
        cancel.clicked.connect(self.reject)
        self.keep = _button(translate("team", "Keep this text"), "keepCombined", primary=True)
        self.keep.clicked.connect(self.accept)
        row.addWidget(cancel)
        row.addWidget(self.keep)
        lay.addLayout(row)


class ConflictCard(QFrame):
    """One conflict: what it is about, then "Yours" beside "The other version", then the
    choices. `decide(keep, combined)` is called with "mine", "theirs" or "both"."""

    def __init__(self, c: ConflictView, decide: Callable[[str, str | None], None]) -> None:
        super().__init__()
        self.setObjectName("card")
        self.conflict_id = c.id
        self.decide = decide
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 12, 14, 12)
        about = _label(f"{c.family_name}: {c.what}", translate("team", "What this is about"))
        f = about.font()
        f.setBold(True)
        about.setFont(f)
        lay.addWidget(about)
        self.buttons: dict[str, QPushButton] = {}
        if c.kind == "relax":
            lay.addWidget(_label(c.question, translate("team", "What happened")))
            lay.addWidget(_label(translate("team", "Changed by {name}, {when}.").format(
                name=c.theirs_by, when=when_words(c.theirs_at)), muted=True))
            self._choices(lay, [("theirs", translate("team", "Show it"), "showIt"),
                                ("mine", translate("team", "Keep it hidden"), "keepHidden")])
            return
        lay.addWidget(_label(translate(
            "team", "This was changed on this laptop and by someone else before either of you "
            "saw the other's change. Choose which one to keep."), muted=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for col, (head, by, at, text) in enumerate((
                (translate("team", "Yours"), c.mine_by, c.mine_at, c.mine),
                (translate("team", "The other version"), c.theirs_by, c.theirs_at, c.theirs))):
            h = _label(head)
            hf = h.font()
            hf.setBold(True)
            h.setFont(hf)
            grid.addWidget(h, 0, col)
            grid.addWidget(_label(f"{by}, {when_words(at)}", muted=True), 1, col)
            body = _label(text, translate("team", "{head}: the text").format(head=head))
            body.setObjectName("conflictText")
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            # a tinted panel, not a box's frame: it is read here, not typed in
            body.setStyleSheet("QLabel { background: #F1EEE6; border-radius: 6px; "
                               "padding: 6px 8px; }")
            grid.addWidget(body, 2, col)
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid)
        choices = [("mine", translate("team", "Keep mine"), "keepMine"),
                   ("theirs", translate("team", "Keep theirs"), "keepTheirs")]
        if c.can_both:
            choices.append(("both", translate("team", "Combine…"), "combine"))
        self._raw = (str(c.raw_theirs or ""), str(c.raw_mine or ""))
        self._choices(lay, choices)

    def _choices(self, lay: QVBoxLayout, choices: list[tuple[str, str, str]]) -> None:
        row = QHBoxLayout()
        row.addStretch(1)
        for keep, text, name in choices:
            b = _button(text, name)
            b.clicked.connect(lambda _c=False, k=keep: self._choose(k))
            self.buttons[keep] = b
            row.addWidget(b)
        lay.addLayout(row)

    def _choose(self, keep: str) -> None:
        if keep == "both":
            dlg = CombineDialog(*self._raw, parent=self)
            self.combine_dialog = dlg
            if dlg.exec() != QDialog.DialogCode.Accepted:
                return
            self.decide("both", dlg.text.toPlainText())
            return
        self.decide(keep, None)

    def set_busy(self, busy: bool) -> None:
        for b in self.buttons.values():
            b.setEnabled(not busy)


class ConflictsDialog(QDialog):
    """File ▸ Team ▸ Conflicts…: every open conflict on this laptop, one card each."""

    resolved = Signal()

    def __init__(self, controller: TeamController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(translate("team", "Conflicts"))
        self.setAccessibleName(translate("team", "Conflicts that need a decision"))
        self.resize(820, 560)
        lay = QVBoxLayout(self)
        lay.addWidget(_title(translate("team", "Changes that need a decision")))
        lay.addWidget(_label(translate(
            "team", "Two people changed the same thing while apart. Nothing has been lost: both "
            "versions are kept until you choose."), muted=True))
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setAccessibleName(translate("team", "The conflicts"))
        lay.addWidget(self.area, 1)
        self.status = _label("", translate("team", "Conflict status"))
        self.status.setObjectName("conflictStatus")
        lay.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        close = _button(translate("team", "Close"), "close")
        close.clicked.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
        self.cards: list[ConflictCard] = []
        self.reload()

    def reload(self) -> None:
        from ..team import sync

        store = self.controller.store
        items = sync.open_conflicts(store) if store is not None else []
        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 8, 0)
        self.cards = []
        for c in items:
            def decide(keep: str, text: str | None, cid: int = c.id) -> None:
                self.decide(cid, keep, text)

            card = ConflictCard(c, decide)
            self.cards.append(card)
            col.addWidget(card)
        if not items:
            col.addWidget(_label(translate("team", "Nothing needs a decision now."),
                                 translate("team", "No conflicts")))
        col.addStretch(1)
        self.area.setWidget(body)

    def decide(self, conflict_id: int, keep: str, combined: str | None) -> None:
        from ..team import sync

        store = self.controller.store
        if store is None:
            return
        for card in self.cards:
            card.set_busy(True)
        self.status.setText(translate("team", "Saving your choice…"))

        def work(pw: str | None) -> str:
            return sync.resolve(store, conflict_id, keep, combined=combined, password=pw)

        self.controller.with_team(work, self._done, self._failed, ask=True)

    def _done(self, sentence: object) -> None:
        self.status.setText(str(sentence))
        self.reload()
        self.resolved.emit()

    def _failed(self, sentence: str) -> None:
        self.status.setText(sentence)
        for card in self.cards:
            card.set_busy(False)


# --- the supervisor's list -------------------------------------------------------------------


def family_lines(row: dict[str, Any]) -> str:
    """One family's row in words: who holds it, and when each child was last seen."""
    workers = row["workers"]
    held = (translate("team", "Held by {names}").format(
        names=translate("team", " and ").join(workers)) if workers
        else translate("team", "Not allocated to a worker"))
    kids = []
    for name, at in row["children_last_seen"]:
        kids.append(translate("team", "{name}: last seen {day}").format(
            name=name, day=day_words(at)) if at is not None
            else translate("team", "{name}: no visit recorded as seen yet").format(name=name))
    text = f"{row['family_name']}\n{held}"
    if kids:
        text += "\n" + " · ".join(kids)
    return text


class TeamFamiliesDialog(QDialog):
    """File ▸ Team ▸ Team's families (a supervisor): double-click (or Enter) opens one."""

    open_family = Signal(int)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        from ..services.team_view import team_families

        super().__init__(parent)
        self.setWindowTitle(translate("team", "Team's families"))
        self.setAccessibleName(translate("team", "The team's families"))
        self.resize(680, 520)
        lay = QVBoxLayout(self)
        lay.addWidget(_title(translate("team", "The team's families")))
        lay.addWidget(_label(translate(
            "team", "Who holds each family, and when each child was last recorded as seen at a "
            "visit. This is from the last sync. Open a family to go through it together."),
            muted=True))
        self.list = QListWidget()
        self.list.setObjectName("teamFamilies")
        self.list.setAccessibleName(translate("team", "The team's families"))
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)
        self.rows = team_families(store)
        for row in self.rows:
            item = QListWidgetItem(family_lines(row))
            item.setData(ID_ROLE, row["family_id"])
            item.setToolTip(plain_tooltip(row["family_name"]))
            self.list.addItem(item)
        if not self.rows:
            self.list.addItem(QListWidgetItem(
                translate("team", "No families have come from the team yet.")))
        self.list.itemActivated.connect(self._open)
        self.list.itemDoubleClicked.connect(self._open)
        lay.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = _button(translate("team", "Close"), "close")
        close.clicked.connect(self.reject)
        self.open_button = _button(translate("team", "Open this family"), "openTeamFamily",
                                   primary=True)
        self.open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        buttons.addWidget(close)
        buttons.addWidget(self.open_button)
        lay.addLayout(buttons)
        if self.list.count():
            self.list.setCurrentRow(0)

    def _open(self, item: QListWidgetItem | None) -> None:
        fid = item.data(ID_ROLE) if item is not None else None
        if isinstance(fid, int):
            self.accept()
            self.open_family.emit(fid)


# --- the controller the main window composes ---------------------------------------------------


class TeamController(QObject):
    """The team actions, the status bar's team words, the password for this session and the
    quiet sync timer. The main window calls `unlocked`, `locked` and `update_actions`."""

    records_arrived = Signal()
    open_family = Signal(int)
    message = Signal(str)

    def __init__(self, window: QMainWindow, *, flush: Callable[[], object],
                 keep_dialog: Callable[[QDialog], None]) -> None:
        super().__init__(window)
        self.window = window
        self.flush = flush
        self.keep_dialog = keep_dialog
        self.store: Store | None = None
        self.password: str | None = None  # memory only, this unlocked session
        self.state = ""  # see status_words
        self._task: Any = None
        self._queue_after: list[Callable[[], None]] = []

        self.join_action = self._action(translate("team", "Join a team…"), self.open_join,
                                        None, "teamJoin")
        self.sync_action = self._action(translate("team", "Sync now"), self.sync_now,
                                        SYNC_SHORTCUT, "teamSync")
        self.conflicts_action = self._action(translate("team", "Conflicts…"),
                                             self.open_conflicts, None, "teamConflicts")
        self.families_action = self._action(translate("team", "Team's families"),
                                            self.open_team_families, None, "teamFamilies")
        self.menu = QMenu(translate("team", "&Team"), window)
        self.menu.setObjectName("teamMenu")
        for a in (self.join_action, self.sync_action, self.conflicts_action,
                  self.families_action):
            self.menu.addAction(a)

        self.state_label = Label()
        self.state_label.setObjectName("teamState")
        self.state_label.setAccessibleName(translate("team", "Team sync"))
        self.conflicts_button = QPushButton()
        self.conflicts_button.setObjectName("teamConflictsHint")
        self.conflicts_button.setFlat(True)
        self.conflicts_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_button.clicked.connect(self.open_conflicts)
        bar = window.statusBar()
        bar.addPermanentWidget(self.conflicts_button)
        bar.addPermanentWidget(self.state_label)
        self.state_label.hide()
        self.conflicts_button.hide()

        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_EVERY_MS)
        self.timer.timeout.connect(self.quiet_sync)
        self.status_timer = QTimer(self)
        self.status_timer.setSingleShot(True)
        self.status_timer.setInterval(STATUS_DELAY_MS)
        self.status_timer.timeout.connect(self.refresh_status)
        self.update_actions()

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None,
                name: str) -> QAction:
        act = QAction(text, self.window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.setObjectName(name)
        act.triggered.connect(slot)
        self.window.addAction(act)
        return act

    # -- the session ------------------------------------------------------------------------
    def info(self) -> dict[str, str] | None:
        if self.store is None:
            return None  # before unlock: nothing of the store or the team is loaded
        from ..team import sync

        try:
            return sync.team_info(self.store)
        except Exception as exc:  # noqa: BLE001 - a status line never stops the window
            log.error("the team state could not be read: %s", type(exc).__name__)
            return None

    def unlocked(self, store: Store) -> None:
        from ..team import server

        server.hold(True)
        self.store = store
        self.state = ""
        self.refresh_status()
        if self.info() is not None:
            from ..team import sync

            # keep the count of changes not yet sent beside the store after every edit, so a
            # forgotten passphrase still says truly what was lost (team/sync.py, attach)
            sync.attach(store)
            self.timer.start()

    def locked(self) -> None:
        """The password is forgotten, the connection kept between syncs is closed, the timer
        stops and the status words go."""
        from ..team import server

        self.timer.stop()
        self.status_timer.stop()
        self.password = None
        server.hold(False)  # a sync still running now keeps nothing when it ends
        server.close_idle()
        self.store = None
        self.state = ""
        self._task = None
        self._queue_after = []
        self.state_label.setText("")
        self.state_label.hide()
        self.conflicts_button.hide()
        self.update_actions()

    def update_actions(self) -> None:
        info = self.info()
        unlocked = self.store is not None
        self.join_action.setEnabled(unlocked)
        self.join_action.setText(translate("team", "Join a team…") if info is None
                                 else translate("team", "Join a team again…"))
        for a in (self.sync_action, self.conflicts_action):
            a.setEnabled(info is not None)
        supervisor = info is not None and info.get("role") == "supervisor"
        self.families_action.setEnabled(supervisor)
        self.families_action.setVisible(supervisor)  # a supervisor's laptop only

    def saved(self) -> None:
        """After an autosave: count what waits, a moment later (not on every keystroke)."""
        if self.store is not None and not self.status_timer.isActive():
            self.status_timer.start()

    def refresh_status(self) -> None:
        info = self.info()
        if info is None or self.store is None:
            self.state_label.hide()
            self.conflicts_button.hide()
            self.update_actions()
            return
        from ..team import sync

        try:
            waiting = sync.waiting(self.store)
            conflicts = len(sync.open_conflicts(self.store))
        except Exception as exc:  # noqa: BLE001
            log.error("the team state could not be read: %s", type(exc).__name__)
            return
        self.state_label.setText(status_words(info, waiting, self.state))
        self.state_label.setToolTip(translate("team", OFFLINE_SENTENCE) + "."
                                    if self.state == "offline" else "")
        self.state_label.show()
        words = translate("team", "%n conflict(s) need a decision", None, conflicts)
        self.conflicts_button.setText(words)
        self.conflicts_button.setAccessibleName(
            translate("team", "{conflicts}: open them").format(conflicts=words))
        self.conflicts_button.setVisible(conflicts > 0)
        self.update_actions()

    # -- running team work ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None

    def with_team(self, work: Callable[[str | None], Any], on_done: Callable[[Any], None],
                  on_error: Callable[[str], None], *, ask: bool) -> None:
        """Run `work(password)` on a pool thread with the session's password (or none first).
        A refusal without a password means "needs the password": with `ask`, it is asked for
        once and the work runs again; without, the status says so. A refusal with a password
        forgets that password."""
        if self.store is None:
            return
        if self._task is not None:
            # one team task at a time: this one runs when the current one has finished
            self._queue_after.append(lambda: self.with_team(work, on_done, on_error, ask=ask))
            return
        pw = self.password

        def finished(out: Outcome) -> None:
            self._task = None
            if out.kind == "refused" and pw is None and ask:
                self._run_queued()
                self._ask_and_retry(work, on_done, on_error)
                return
            if out.kind == "refused":
                self.password = None
                self.state = "needs password" if pw is None else "refused"  # tr: not shown
            elif out.kind == "offline":
                self.state = "offline"
            elif not out.kind:
                self.state = ""
            if out.kind:
                on_error(out.sentence)
            else:
                on_done(out.value)
            self.refresh_status()
            self._run_queued()

        def failed(sentence: str) -> None:
            self._task = None
            on_error(sentence)
            self.refresh_status()
            self._run_queued()

        self._task = run_in_background(lambda: attempt(work, pw), finished, failed,
                                       receiver=self)

    def _run_queued(self) -> None:
        if self._queue_after and self._task is None:
            self._queue_after.pop(0)()

    def _ask_and_retry(self, work: Callable[[str | None], Any], on_done: Callable[[Any], None],
                       on_error: Callable[[str], None]) -> None:
        from PySide6.QtWidgets import QApplication

        dlg = PasswordDialog(QApplication.activeModalWidget() or self.window)
        self.password_dialog: PasswordDialog | None = dlg

        def answered(result: int) -> None:
            self.password_dialog = None
            pw = dlg.take()
            if result != QDialog.DialogCode.Accepted or not pw or self.store is None:
                self.state = "needs password"  # tr: not shown
                self.refresh_status()
                on_error(translate("team", "Not synced: the team server needs your password. "
                                   "Your work is safe on this laptop."))
                return
            self.password = pw
            self.with_team(work, on_done, on_error, ask=False)

        dlg.finished.connect(answered)
        self.keep_dialog(dlg)

    # -- the actions ------------------------------------------------------------------------
    def open_join(self) -> None:
        if self.store is None:
            return
        dlg = JoinDialog(self.store, self.window)
        self.join_dialog = dlg
        dlg.joined.connect(self._joined)
        self.keep_dialog(dlg)

    def _joined(self, password: str) -> None:
        self.password = password or None
        self.state = ""
        self.refresh_status()
        self.timer.start()
        self.records_arrived.emit()

    def sync_now(self) -> None:
        if self.store is None or self.info() is None:
            return
        self.flush()
        self.state_label.setText(translate("team", "Syncing with the team…"))
        self.state_label.show()
        self._sync(ask=True)

    def quiet_sync(self) -> None:
        """The timer's sync: never asks, never queues behind another, never says a sentence
        in the window (the status line says how it went)."""
        if self.store is None or self.info() is None or self.busy:
            return
        if self.password is None and self.state in ("needs password", "refused"):
            return  # it would be refused again; Sync now asks
        self.flush()
        self._sync(ask=False)

    def _sync(self, *, ask: bool) -> None:
        from ..team import sync

        store = self.store
        assert store is not None

        def work(pw: str | None) -> Any:
            return sync.sync(store, pw)

        def done(result: Any) -> None:
            if ask:
                self.message.emit(result.sentence())
            if result.pulled or result.removed_families:
                self.records_arrived.emit()

        def failed(sentence: str) -> None:
            if ask:
                self.message.emit(sentence)

        self.with_team(work, done, failed, ask=ask)

    def open_conflicts(self) -> None:
        if self.store is None:
            return
        dlg = ConflictsDialog(self, self.window)
        self.conflicts_dialog = dlg
        dlg.resolved.connect(self.records_arrived.emit)
        dlg.resolved.connect(self.refresh_status)
        self.keep_dialog(dlg)

    def open_team_families(self) -> None:
        if self.store is None:
            return
        self.flush()
        dlg = TeamFamiliesDialog(self.store, self.window)
        self.families_dialog = dlg
        dlg.open_family.connect(self.open_family.emit)
        self.keep_dialog(dlg)


def refresh_views(window: Any) -> None:
    """After a sync brought records: the family list, and the open family once typing has
    paused (a reload under the cursor would move it)."""
    if window.store is None:
        return
    if window.family_list is not None:
        window.family_list.refresh()
    ws = window.workspace
    if ws is not None:
        if window.autosaver.pending:
            QTimer.singleShot(1000, window, lambda: refresh_views(window))
            return
        if not window._family_exists(ws.ctx.family_id):
            window.show_families()  # no longer allocated here: it has left this laptop
            return
        ws.reload()
