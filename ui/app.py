"""Start the desktop app: ``run_app(path_or_None) -> exit code``.

``retrofit-planner`` (no subcommand) calls :func:`run_app`; with no file it
opens the default example project as an untitled copy, so Save asks where to
put it rather than overwriting the example.
"""

from __future__ import annotations

import gc
import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.io.assets import default_project_path
from planner.io.projectfile import ProjectError

log = logging.getLogger("retrofit_planner")

ORGANIZATION = "RetrofitPlanner"
APPLICATION = "Retrofit Planner"
CJK_FONTS = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
]


def configure_application(app: QCoreApplication) -> None:
    """Names for QSettings / QStandardPaths."""
    app.setOrganizationName(ORGANIZATION)
    app.setOrganizationDomain("retrofit-planner.local")
    app.setApplicationName(APPLICATION)
    try:
        from importlib.metadata import version

        app.setApplicationVersion(version("retrofit-planner"))
    except Exception:  # not installed: running from a checkout
        app.setApplicationVersion("0.1.0")


def configure_fonts(app: QApplication) -> None:
    """Make the CJK fonts a fallback of the UI font, so Chinese never shows as boxes."""
    font = QFont(app.font())
    families = [font.family()] + [f for f in CJK_FONTS if f != font.family()]
    font.setFamilies(families)
    app.setFont(font)


_in_hook = False


def install_excepthook() -> None:
    """An exception escaping a slot is logged and shown in a message box; the app keeps running."""

    def hook(exc_type, exc, tb):
        global _in_hook
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled exception:\n%s", text)
        sys.stderr.write(text)
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if _in_hook or QApplication.instance() is None:
            return
        _in_hook = True
        try:
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                APPLICATION,
                QCoreApplication.translate(
                    "App", "Something went wrong; your project is still open. Save it, and report this message:"
                ),
            )
            box.setInformativeText(f"{exc_type.__name__}: {exc}")
            box.setDetailedText(text)
            box.exec()
        finally:
            _in_hook = False

    sys.excepthook = hook


def freeze_startup_heap() -> None:
    """Put the objects alive after start-up out of the cyclic collector's reach (``gc.freeze``).

    They are mostly modules, classes and functions (~140,000 objects with the engine loaded); a
    full collection walks them all and held the GUI thread ~70-90 ms at a moment no one chose,
    in the middle of an edit (issue 9, item 12).  Frozen objects are still freed by reference
    counting; what is allocated later (another project, its results) is still collected, in a
    few milliseconds.  Only cyclic garbage alive at this moment would never be reclaimed: the young
    generations are collected first (a full collection, ~100 ms, found none left after that on the
    example project)."""
    gc.collect(1)
    gc.freeze()


def freeze_after_first_results(doc) -> None:
    """Call :func:`freeze_startup_heap` once, shortly after ``doc``'s first results (the engine and
    the lazily built result pages are loaded by then).  :func:`run_app` does this (not
    :func:`create_main_window`: a test process keeps its collector as it is)."""

    def done() -> None:
        doc.computeFinished.disconnect(done)
        QTimer.singleShot(500, doc, freeze_startup_heap)

    doc.computeFinished.connect(done)


def create_main_window(path: str | Path | None = None, autosave_dir: Path | None = None):
    """Build the document and the main window (the QApplication must exist)."""
    from ui.document import ProjectDocument
    from ui.i18n import TranslationManager, saved_language

    app = QApplication.instance()
    translations = TranslationManager(app, app)
    translations.set_language(saved_language(), persist=False)
    # the engine waits until the window is shown (MainWindow.showEvent releases it): importing
    # the engine (pandas, pvlib) in a worker would hold the import lock the window needs
    doc = ProjectDocument()
    doc.hold_compute()
    open_error: ProjectError | None = None
    if path is not None:
        try:
            doc.open(path)
        except ProjectError as err:
            open_error = err
    if path is None or open_error is not None:
        try:
            doc.open_template(default_project_path())
        except ProjectError as err:  # a broken installation: start from a blank project
            log.error("cannot open the example project: %s", err)
    from ui.main_window import MainWindow

    window = MainWindow(doc, translations, autosave_dir=autosave_dir, defer_panels=True)  # the window first
    if doc.path is not None:
        window.add_recent(doc.path)
    return window, open_error


def run_app(path: str | Path | None = None) -> int:
    """Run the desktop app on ``path`` (or the default example project); return the exit code."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    configure_fonts(app)
    app.setStyle("Fusion")
    install_excepthook()
    window, open_error = create_main_window(path)
    freeze_after_first_results(window.doc)
    window.show()

    def after_start():
        if open_error is not None:
            window.show_problems(
                QCoreApplication.translate("App", "Cannot open %1; showing the example project instead").replace(
                    "%1", str(path)
                ),
                open_error.problems,
            )
        window.offer_startup_recovery()

    QTimer.singleShot(0, window, after_start)
    return app.exec()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run_app(sys.argv[1] if len(sys.argv) > 1 else None))
