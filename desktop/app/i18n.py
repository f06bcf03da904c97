"""Translations: English (the source strings) and Simplified Chinese, from ``resources/translations/*.qm``.

``install(app, language)`` loads ``matting_studio_<language>.qm`` and any other ``*_<language>.qm`` beside it,
and Qt's own translations for the standard dialogs when they ship with PySide6. It must run before the windows
are built. ``python resources/translations/zh_CN.py`` refreshes the ``.ts`` with ``pyside6-lupdate``, fills in
the translations and compiles the ``.qm`` with ``pyside6-lrelease``.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_installed: list[QTranslator] = []


def qm_file(language: str) -> Path:
    return TRANSLATIONS / f"matting_studio_{language}.qm"


def install(app: QApplication, language: str) -> bool:
    """Switch the app's translators to ``language``; True when a translation was loaded (False for English)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language not in LANGUAGES or language == "en":
        return False
    loaded = False
    # ours first, then any other part's file for the language (e.g. ``training_zh_CN.qm``)
    files = [qm_file(language)] + sorted(p for p in TRANSLATIONS.glob(f"*_{language}.qm") if p != qm_file(language))
    for file in files:
        translator = QTranslator(app)
        if file.exists() and translator.load(str(file)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded = True
    if not loaded:
        return False
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return True
