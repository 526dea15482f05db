"""Translation: Lanthorn's own strings (resources/translations) and Qt's standard dialogs.

The language follows the system (`QLocale.system().uiLanguages()`, i.e. LANGUAGE, LC_ALL,
LC_MESSAGES, LANG) unless the settings name one. `.qm` files are built from the `.ts` sources by
the set-up (`python -m desktop.i18n_build`).

Qt's own texts come from its catalogue in the PySide6 wheel (`qtbase_zh_CN.qm`); the few it
lacks are in Lanthorn's catalogue (`QT_GAPS`), which Qt consults when its own has no entry.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.locations import resource

# Shown in their own language, so a person can find theirs whatever the UI language is.
LANGUAGES = (("en", "English"), ("zh_CN", "简体中文"))

# Qt 6 gave the file dialog's labels mnemonics; qtbase_zh_CN.qm (PySide6 6.11) still has only
# the old texts, so "Look in:" and "Files of type:" stayed English in a Chinese UI.
QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)


def locale_for(language: str) -> QLocale:
    """The locale for a settings value (empty: the system's)."""
    return QLocale(language) if language else QLocale.system()


class Translations:
    """Installs and removes the translators of one language."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self._locale_before: QLocale | None = None
        self.language = "en"

    def install(self, language: str = "") -> str:
        """Translate the UI into `language` (empty: the system's); returns the language used."""
        self.remove()
        app = QCoreApplication.instance()
        assert app is not None, "create the QApplication first"
        locale = locale_for(language)
        ours = QTranslator(app)
        if ours.load(locale, "lanthorn", "_", str(resource("translations"))):
            app.installTranslator(ours)
            self._installed.append(ours)
            self.language = ours.language().replace("-", "_") or "en"
        else:
            self.language = "en"
        if self.language != "en":
            qt = QTranslator(app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt.load(locale, "qtbase", "_", qt_dir):
                app.installTranslator(qt)
                self._installed.append(qt)
        if self._locale_before is None:
            self._locale_before = QLocale()
        QLocale.setDefault(QLocale(self.language))
        return self.language

    def remove(self) -> None:
        """Back to the source strings (English)."""
        app = QCoreApplication.instance()
        if app is None:
            return
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.language = "en"
        if self._locale_before is not None:  # numbers, dates and voice follow the UI again
            QLocale.setDefault(self._locale_before)
            self._locale_before = None
