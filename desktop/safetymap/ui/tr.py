"""The screens' language: Qt's own translation tools (Qt Linguist), one catalogue for ui/.

Every visible text in ui/ goes through `translate(CONTEXT, text)` with the module's context
(its dotted name under ui/, "workspace.glance"), or `translate(CONTEXT, "%n child(ren)", None, n)`
for a count. An explicit context, never `self.tr()`: PySide6 looks `self.tr()` up under the
class of the instance, so a subclass (or a plural from one) silently stays English.

`python tools/i18n.py qt` runs pyside6-lupdate over ui/ into resources/i18n/safetymap_cy.ts
(the translations live there: Qt Linguist opens it) and pyside6-lrelease into
safetymap_cy.qm, which is committed; tests/unit/test_qt_i18n.py fails when the .qm is not the
.ts compiled, when the .ts has an unfinished or obsolete entry, or when a text in ui/ is not in
it. Qt's own buttons (OK, Cancel, …) have no Welsh catalogue of their own: their texts are
listed in `QT_OWN` so lupdate puts them in ours.

Welsh plurals: Qt's numerus rules for Welsh have five forms (0; 1; 2 to 5; 6; the rest), one
fewer than CLDR's six (CLDR tells 2 from 3). The translations use "o" with the plural ("3 o
blant") wherever 2 and 3 would differ, so one form serves both.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from .. import config, i18n

WELSH, ENGLISH = i18n.WELSH, i18n.ENGLISH
CATALOGUE = "safetymap_cy.qm"

#: both choices in both languages, as the Welsh Language Standards ask a choice to be offered
CHOICES = ((WELSH, "Cymraeg", "Welsh"), (ENGLISH, "English", "Saesneg"))  # tr: both languages

_installed: list[QTranslator] = []
_language = ENGLISH


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """`text` in the screens' language (lupdate reads these calls: keep the arguments
    literal)."""
    if n >= 0 and not _installed and _language == ENGLISH:
        use(ENGLISH)  # English's counts need its plural-only catalogue, even without use()
    return QCoreApplication.translate(context, text, disambiguation, n)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Marks `text` for the catalogue under `context`, for Qt to translate later."""
    return text


#: Qt's own texts that show on our screens (standard buttons, the line edit's menu)
QT_OWN = (
    QT_TRANSLATE_NOOP("QPlatformTheme", "OK"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Cancel"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Close"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Save"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Yes"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "No"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Apply"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Discard"),
    QT_TRANSLATE_NOOP("QPlatformTheme", "Help"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Undo"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Redo"),
    QT_TRANSLATE_NOOP("QLineEdit", "Cu&t"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Copy"),
    QT_TRANSLATE_NOOP("QLineEdit", "&Paste"),
    QT_TRANSLATE_NOOP("QLineEdit", "Delete"),
    QT_TRANSLATE_NOOP("QLineEdit", "Select All"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Undo"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Redo"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Cu&t"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Copy"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "&Paste"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Delete"),
    QT_TRANSLATE_NOOP("QWidgetTextControl", "Select All"),
)


def language() -> str:
    """The screens' language now: "cy" or "en"."""
    return _language


def use(language_code: str) -> bool:
    """Speak `language_code` on the screens from now on (windows made before keep their
    texts: the app offers a restart). Sets Qt's translator, the default locale (QLocale's
    dates and numbers) and the language of the sentences from the Qt-free packages. False
    when the Welsh catalogue could not be loaded (the screens stay English)."""
    global _language
    app = QCoreApplication.instance()
    for old in _installed:
        if app is not None:
            app.removeTranslator(old)
    _installed.clear()
    code = language_code if language_code in i18n.LANGUAGES else ENGLISH
    ok = True
    if code == ENGLISH:  # English's counts ("1 family", "3 families"): its plural-only .qm
        en = QTranslator()
        if en.load(str(config.resource_path("i18n") / "safetymap_en.qm")) and app is not None:
            app.installTranslator(en)
            _installed.append(en)
    if code == WELSH:
        tr = QTranslator()
        ok = tr.load(str(config.resource_path("i18n") / CATALOGUE))
        if ok and app is not None:
            app.installTranslator(tr)
            _installed.append(tr)
        if not ok:
            code = ENGLISH
    _language = code
    i18n.set_default(code)
    QLocale.setDefault(QLocale(QLocale.Language.Welsh, QLocale.Country.UnitedKingdom)
                       if code == WELSH else QLocale(QLocale.Language.English,
                                                     QLocale.Country.UnitedKingdom))
    return ok
