"""Languages of the user interface.

The source strings are English; Chinese comes from
``assets/i18n/retrofit_zh_CN.qm`` (built by ``tools/i18n_build.py`` from the
strings ``pyside6-lupdate`` extracts and the ``*_zh.tsv`` tables).
Without the ``.qm`` the app simply shows English.

Installing or removing a translator makes Qt send ``QEvent.LanguageChange``
to every widget; widgets re-set their texts in ``changeEvent``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QSettings,
    QTranslator,
    Signal,
)

from planner.io.assets import asset_path

log = logging.getLogger(__name__)

LANGUAGES: tuple[tuple[str, str], ...] = (("zh_CN", "中文"), ("en", "English"))
"""(code, native name) of the languages offered in the Language menu."""

SETTINGS_KEY = "ui/language"

_current = "en"
_installed: list[QTranslator] = []  # shared by all managers: one language at a time per process


def current_language() -> str:
    """The language in use: ``"zh_CN"`` or ``"en"``."""
    return _current


def is_chinese() -> bool:
    return _current.startswith("zh")


def export_language() -> str:
    """The workbook language matching the UI (``"zh"`` or ``"en"``)."""
    return "zh" if is_chinese() else "en"


def system_language() -> str:
    """Chinese on a Chinese system locale, else English."""
    locale = QLocale.system()
    if locale.language() == QLocale.Language.Chinese or locale.name().lower().startswith("zh"):
        return "zh_CN"
    return "en"


def saved_language(settings: QSettings | None = None) -> str:
    """The language chosen in the Language menu (QSettings), else the system's."""
    s = settings or QSettings()
    value = s.value(SETTINGS_KEY, None)
    codes = [code for code, _ in LANGUAGES]
    if isinstance(value, str) and value in codes:
        return value
    return system_language()


def qm_path(language: str) -> Path:
    return asset_path("i18n", f"retrofit_{language}.qm")


class TranslationManager(QObject):
    """Installs the app's and Qt's own translators for one language at a time."""

    languageChanged = Signal(str)

    def __init__(self, app: QCoreApplication | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._app = app or QCoreApplication.instance()
        self._translators: list[QTranslator] = []

    @property
    def language(self) -> str:
        return _current

    def set_language(self, language: str, persist: bool = True) -> bool:
        """Switch to ``language``; returns False if its translation file is missing
        (the UI then stays entirely in English: texts and number formats)."""
        global _current
        codes = [code for code, _ in LANGUAGES]
        if language not in codes:
            language = "en"
        requested = language
        had_translators = bool(_installed)
        for t in _installed:
            self._app.removeTranslator(t)
        _installed.clear()
        self._translators = []
        ok = True
        if language != "en":
            app_tr = QTranslator(self._app)
            if app_tr.load(str(qm_path(language))):
                self._translators.append(app_tr)
                qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
                qt_tr = QTranslator(self._app)
                if qt_tr.load(f"qtbase_{language}", qt_dir):  # standard buttons and dialogs
                    self._translators.append(qt_tr)
            else:
                log.warning("no translation file %s: the UI stays in English", qm_path(language))
                ok = False
                language = "en"
        for t in self._translators:
            self._app.installTranslator(t)
            _installed.append(t)
        changed = _current != language
        _current = language
        QLocale.setDefault(
            QLocale(QLocale.Language.Chinese, QLocale.Country.China)
            if language.startswith("zh")
            else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
        )
        if changed and not had_translators and not self._translators:
            # no translator came or went, so Qt sent no LanguageChange: views re-render on this one
            QCoreApplication.sendEvent(self._app, QEvent(QEvent.Type.LanguageChange))
        if persist:
            QSettings().setValue(SETTINGS_KEY, requested)
        self.languageChanged.emit(language)
        return ok
