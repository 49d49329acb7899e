"""The look of the app: Atkinson Hyperlegible Next everywhere, a calm palette, big type and a
focus ring you can see from across a kitchen table.

Kept in one place so screens never set colours or fonts of their own.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from .. import config

log = logging.getLogger(__name__)

FONT_FAMILY_FALLBACK = "Sans Serif"  # tr: not shown (a font's name)
BASE_POINT_SIZE = 12

# A calm palette: warm paper, deep blue-green ink, a soft teal accent. No alarm colours.
PAPER = "#FBF8F3"
PANEL = "#F1ECE3"
INK = "#1F2D33"
MUTED = "#51636B"
ACCENT = "#2F6F73"
ACCENT_SOFT = "#D7E8E6"
FOCUS = "#E0A526"
LINE = "#CFC6B8"
# Read-only and switched-off controls (group supervision, a signed-off record): a flat panel
# colour, muted but readable text (about 5:1) and a dashed edge, so "you cannot change this
# now" shows at a glance, and not by colour alone. Reports (QTextBrowser) are only for reading
# and keep the plain look.
DISABLED_BG = "#EEE9E1"
DISABLED_TEXT = "#56646A"
READ_ONLY_BG = "#F7F4EE"

_loaded_family: str | None = None


def load_fonts() -> str:
    """Register the bundled Atkinson Hyperlegible Next files; returns the family name."""
    global _loaded_family
    if _loaded_family:
        return _loaded_family
    family = None
    try:
        for f in sorted(config.fonts_dir().glob("*.ttf")):
            fid = QFontDatabase.addApplicationFont(str(f))
            if fid >= 0:
                fams = QFontDatabase.applicationFontFamilies(fid)
                if fams and family is None:
                    family = fams[0]
    except OSError:
        log.warning("the bundled fonts could not be read")
    _loaded_family = family or FONT_FAMILY_FALLBACK
    return _loaded_family


def stylesheet(family: str) -> str:
    return f"""
    QWidget {{ font-family: "{family}"; color: {INK}; }}
    QMainWindow, QDialog, QStackedWidget#mainStack > QWidget {{ background: {PAPER}; }}
    QLabel#pageTitle {{ font-size: 20pt; font-weight: bold; color: {ACCENT}; }}
    QLabel#sectionTitle {{ font-size: 14pt; font-weight: bold; color: {INK}; margin-top: 6px; }}
    QLabel#hint, QLabel#muted {{ color: {MUTED}; }}
    QLabel#confidentialBadge {{ background: #F4E1D2; color: #6B3410; border-radius: 6px;
        padding: 2px 8px; font-weight: bold; }}
    QLabel#shareBadge {{ background: {ACCENT_SOFT}; color: #1D4A4C; border-radius: 6px;
        padding: 2px 8px; }}
    QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit {{
        background: white; border: 1px solid {LINE}; border-radius: 6px; padding: 5px 7px;
        selection-background-color: {ACCENT_SOFT}; selection-color: {INK}; }}
    QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
    QDateEdit:focus {{ border: 3px solid {FOCUS}; padding: 3px 5px; }}
    QPushButton, QToolButton {{ background: white; border: 1px solid {LINE}; border-radius: 8px;
        padding: 6px 14px; min-height: 24px; }}
    QPushButton:hover, QToolButton:hover {{ background: {ACCENT_SOFT}; }}
    QPushButton:checked {{ background: {ACCENT_SOFT}; border: 2px solid {ACCENT};
        padding: 5px 13px; }}
    QPushButton:focus, QToolButton:focus, QCheckBox:focus, QRadioButton:focus {{
        border: 3px solid {FOCUS}; }}
    QPushButton:focus, QToolButton:focus {{ padding: 4px 12px; }}
    QCheckBox:focus, QRadioButton:focus {{ border-radius: 4px; padding: 1px; }}
    /* the same room without the focus ring, so taking the focus never cuts a letter off
       ("Working viev") */
    QCheckBox, QRadioButton {{ border: 3px solid transparent; border-radius: 4px;
        padding: 1px; }}
    QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT};
        font-weight: bold; padding: 6px 14px; }}
    QPushButton#primary:hover {{ background: #245A5D; }}
    QPushButton#primary:focus {{ border: 3px solid {FOCUS}; padding: 4px 12px; }}
    QPushButton:disabled, QToolButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT};
        border: 1px dashed {LINE}; padding: 6px 14px; }}
    QPushButton:checked:disabled {{ border: 2px dashed {LINE}; padding: 5px 13px; }}
    QPushButton#primary:disabled {{ background: #9DB8B9; border: 1px solid #9DB8B9;
        color: white; }}
    QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QComboBox:disabled,
    QSpinBox:disabled, QDateEdit:disabled {{ background: {DISABLED_BG}; color: {DISABLED_TEXT};
        border: 1px dashed {LINE}; }}
    QLineEdit:read-only, QPlainTextEdit:read-only, QTextEdit:read-only {{
        background: {READ_ONLY_BG}; border: 1px dashed {LINE}; }}
    QLineEdit:read-only:focus, QPlainTextEdit:read-only:focus, QTextEdit:read-only:focus {{
        border: 3px solid {FOCUS}; padding: 3px 5px; }}
    QCheckBox:disabled, QRadioButton:disabled, QLabel:disabled {{ color: {DISABLED_TEXT}; }}
    QTextBrowser:read-only {{ background: white; border: 1px solid {LINE}; }}
    QListWidget, QTreeWidget, QTableWidget {{ background: white; border: 1px solid {LINE};
        border-radius: 6px; }}
    QListWidget:focus, QTreeWidget:focus, QTableWidget:focus {{ border: 3px solid {FOCUS}; }}
    QListWidget::item {{ padding: 6px; }}
    QListWidget::item:selected, QTreeWidget::item:selected {{ background: {ACCENT_SOFT};
        color: {INK}; }}
    QListWidget#workspaceNav {{ background: {PANEL}; border: none; font-size: 12pt; }}
    QListWidget#workspaceNav::item {{ padding: 9px 10px; border-radius: 6px; }}
    QListWidget#workspaceNav::item:selected {{ background: {ACCENT}; color: white; }}
    QLabel#groupBanner {{ background: {ACCENT_SOFT}; color: #1D4A4C; font-weight: bold; }}
    QFrame#guidePanel {{ background: {PANEL}; border-left: 1px solid {LINE}; }}
    QFrame#card {{ background: white; border: 1px solid {LINE}; border-radius: 10px; }}
    QFrame#lockCard, QFrame#unlockCard {{ background: white; border: 1px solid {LINE};
        border-radius: 14px; }}
    QProgressBar {{ border: 1px solid {LINE}; border-radius: 6px; background: white;
        text-align: center; min-height: 14px; }}
    QProgressBar::chunk {{ background: {ACCENT}; border-radius: 5px; }}
    QStatusBar {{ background: {PANEL}; color: {MUTED}; }}
    QMenuBar {{ background: {PANEL}; }}
    QMenuBar::item:selected, QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {INK}; }}
    QMenu {{ background: white; border: 1px solid {LINE}; }}
    QScrollArea {{ border: none; background: transparent; }}
    QScrollArea > QWidget > QWidget {{ background: transparent; }}
    """


def apply_theme(app: QApplication) -> str:
    family = load_fonts()
    font = QFont(family)
    font.setPointSize(BASE_POINT_SIZE)
    app.setFont(font)
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor(PAPER))
    pal.setColor(QPalette.ColorRole.Base, QColor("white"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor(PANEL))
    pal.setColor(QPalette.ColorRole.Text, QColor(INK))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(INK))
    pal.setColor(QPalette.ColorRole.Button, QColor("white"))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#7A878C"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("white"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(INK))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(family))
    return family
