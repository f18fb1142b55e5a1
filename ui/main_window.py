"""The main window: inputs on the left, results on the right, menus, toolbar,
undo history, recent files, autosave/recovery and the Excel export."""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QObject,
    QSettings,
    Qt,
    QThreadPool,
    QTimer,
    QUrl,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QSplitter,
    QStyle,
    QToolBar,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from planner.io.projectfile import ProjectError
from ui.autosave import Autosaver, Recovery, find_recovery, scan_recoveries
from ui.document import ProjectDocument
from ui.export import ExportDialog, ExportRun, ExportSignals, default_export_language, has_analysis_keys
from ui.i18n import LANGUAGES, TranslationManager, current_language
from ui.results import ResultsPanel
from ui.widgets.labels import t

log = logging.getLogger(__name__)

MAX_RECENT = 8
RECENT_KEY = "recentFiles"
LAST_DIR_KEY = "lastDirectory"


def _problems_text(problems) -> str:
    return "\n".join(f"• {p}" for p in problems)


def _input_panel(document: ProjectDocument, parent: QWidget) -> QWidget:
    """The editors' InputPanel, or a placeholder if it cannot be loaded."""
    try:
        from ui.editors import InputPanel

        return InputPanel(document, parent)
    except Exception as err:  # a missing or broken editors package must not stop the app
        log.error("the input panel could not be loaded:\n%s", traceback.format_exc())
        w = QWidget(parent)
        lay = QVBoxLayout(w)
        label = QLabel(w)
        label.setWordWrap(True)
        label.setObjectName("inputPanelPlaceholder")
        label.setText(
            QApplication.translate("MainWindow", "The input forms could not be loaded: %1").replace(
                "%1", f"{type(err).__name__}: {err}"
            )
        )
        lay.addWidget(label)
        lay.addStretch(1)
        return w


class _FirstPaint(QObject):
    """Calls ``then`` in the event-loop turn after ``window``'s first paint (or 300 ms after it was
    shown, should no paint come)."""

    def __init__(self, window: QWidget, then):
        super().__init__(window)
        self._then = then
        self._fired = False
        window.installEventFilter(self)
        QTimer.singleShot(300, self, self._fire)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._fired:
            QTimer.singleShot(0, self, self._fire)
        return False

    @Slot()
    def _fire(self) -> None:
        if not self._fired:
            self._fired = True
            self.parent().removeEventFilter(self)
            self._then()


class MainWindow(QMainWindow):
    """The application window over one :class:`ProjectDocument`."""

    def __init__(
        self,
        document: ProjectDocument,
        translations: TranslationManager | None = None,
        autosave_dir: Path | None = None,
        parent=None,
        defer_panels: bool = False,
    ):
        """``defer_panels`` (start-up, :func:`ui.app.create_main_window`): the input forms and the
        overview's charts are built just after the window's first paint, then the engine starts
        (issue 9, item 17); otherwise everything is built here."""
        super().__init__(parent)
        self.doc = document
        self.translations = translations or TranslationManager(QApplication.instance(), self)
        self.setObjectName("MainWindow")
        self._pool = QThreadPool.globalInstance()
        self._export_signals = ExportSignals(self)
        self._export_signals.done.connect(self._export_done)
        self._export_signals.stage.connect(self._export_stage)
        self.portfolio_windows: list = []
        self._export_progress: QProgressDialog | None = None
        self.last_export_path: str | None = None

        self._deferred = defer_panels
        if defer_panels:
            self.input_panel = QWidget(self)  # replaced by the InputPanel after the first paint
            self.input_panel.setObjectName("inputPanelPending")
        else:
            self.input_panel = _input_panel(document, self)
        self.results_panel = ResultsPanel(document, self, defer_charts=defer_panels)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.input_panel)
        self.splitter.addWidget(self.results_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([560, 1040])
        self.setCentralWidget(self.splitter)

        self.undo_view = QUndoView(document.undo_stack)
        self.undo_dock = QDockWidget(self)
        self.undo_dock.setObjectName("undoHistoryDock")
        self.undo_dock.setWidget(self.undo_view)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self.undo_dock.hide()

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusMessage")
        self.busy_label = QLabel(self)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(110)
        self.busy_bar.setMaximumHeight(14)
        self.busy_bar.setTextVisible(False)
        # the status bar paints its own background: the busy bar's ~40 repaints a second during a long
        # engine run then never repaint (in Python, waiting for the engine's GIL) the window beneath it
        self.statusBar().setAutoFillBackground(True)
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.busy_bar)
        self._set_busy(document.busy)

        self._create_actions()
        self._create_menus()
        self.autosaver = Autosaver(document, autosave_dir, parent=self)
        self.autosaver.failed.connect(self._autosave_failed)
        self.autosaver.resumed.connect(self._autosave_resumed)

        document.pathChanged.connect(self._update_title)
        document.projectChanged.connect(self._update_title)
        document.modifiedChanged.connect(self._update_title)
        document.busyChanged.connect(self._set_busy)
        document.computeFailed.connect(self._compute_failed)
        document.resultsReady.connect(self._results_ready)
        self.translations.languageChanged.connect(self._language_changed)

        self.retranslate()
        self.resize(1600, 1000)
        self._restore_geometry()

    # -- construction ----------------------------------------------------------------
    def _icon(self, theme: str, fallback: QStyle.StandardPixmap) -> QIcon:
        return QIcon.fromTheme(theme, self.style().standardIcon(fallback))

    def _create_actions(self) -> None:
        SP = QStyle.StandardPixmap
        key, role = QKeySequence.StandardKey, QAction.MenuRole
        # attribute, (icon theme, fallback) or None, shortcut, menu role, slot: one QAction each, in this order
        actions = (
            ("act_new", ("document-new", SP.SP_FileIcon), key.New, None, self.new_project),
            ("act_open", ("document-open", SP.SP_DialogOpenButton), key.Open, None, self.open_project),
            ("act_save", ("document-save", SP.SP_DialogSaveButton), key.Save, None, self.save),
            ("act_save_as", ("document-save-as", SP.SP_DialogSaveButton), key.SaveAs, None, self.save_as),
            ("act_export", ("x-office-spreadsheet", SP.SP_FileDialogDetailedView), "Ctrl+E", None, self.export_excel),
            ("act_portfolio", ("folder-open", SP.SP_DirOpenIcon), None, None, lambda: self.open_portfolio()),
            ("act_quit", ("application-exit", SP.SP_DialogCloseButton), key.Quit, role.QuitRole, self.close),
            ("act_about", None, None, role.AboutRole, self.show_about),
            ("act_recompute", None, "F5", None, lambda: self.doc.schedule_recompute(immediate=True)),
        )
        for name, icon, shortcut, menu_role, slot in actions:
            act = QAction(self._icon(*icon), "", self) if icon else QAction("", self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut) if isinstance(shortcut, str) else shortcut)
            if menu_role is not None:
                act.setMenuRole(menu_role)
            act.triggered.connect(slot)
            setattr(self, name, act)
        self.act_undo_history = self.undo_dock.toggleViewAction()
        self.act_undo_history.setShortcut(QKeySequence("Ctrl+H"))
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions: dict[str, QAction] = {}
        for code, native in LANGUAGES:
            act = QAction(native, self, checkable=True)
            act.setData(code)
            act.triggered.connect(lambda checked=False, c=code: self.set_language(c))
            self.language_group.addAction(act)
            self.language_actions[code] = act
        self.act_undo: QAction | None = None
        self.act_redo: QAction | None = None
        self._make_undo_actions()

    def _make_undo_actions(self) -> None:
        """(Re)create Undo/Redo from the stack, so their text names the command, in the current language."""
        SP = QStyle.StandardPixmap
        old = (self.act_undo, self.act_redo)
        stack = self.doc.undo_stack
        self.act_undo = stack.createUndoAction(self, self.tr("Undo"))
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(self._icon("edit-undo", SP.SP_ArrowBack))
        self.act_redo = stack.createRedoAction(self, self.tr("Redo"))
        redo_keys = list(QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
        for extra in (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")):
            if extra not in redo_keys:
                redo_keys.append(extra)
        self.act_redo.setShortcuts(redo_keys)
        self.act_redo.setIcon(self._icon("edit-redo", SP.SP_ArrowForward))
        if old[0] is not None:
            for o, n in zip(old, (self.act_undo, self.act_redo), strict=True):
                for container in (self.edit_menu, self.toolbar):
                    container.insertAction(o, n)
                    container.removeAction(o)
                o.setParent(None)
                o.deleteLater()

    def _create_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        self.file_menu.addAction(self.act_new)
        self.file_menu.addAction(self.act_open)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_save)
        self.file_menu.addAction(self.act_save_as)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_export)
        self.file_menu.addAction(self.act_portfolio)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)

        self.edit_menu = mb.addMenu("")
        self.edit_menu.addAction(self.act_undo)
        self.edit_menu.addAction(self.act_redo)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.act_undo_history)

        self.view_menu = mb.addMenu("")
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        for a in (self.act_new, self.act_open, self.act_save):
            self.toolbar.addAction(a)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_undo)
        self.toolbar.addAction(self.act_redo)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_export)
        self.view_menu.addAction(self.toolbar.toggleViewAction())
        self.view_menu.addAction(self.act_undo_history)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_recompute)

        self.language_menu = mb.addMenu("")
        for act in self.language_actions.values():
            self.language_menu.addAction(act)
        self.help_menu = mb.addMenu("")
        self.help_menu.addAction(self.act_about)

    # -- texts -----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.act_new.setText(self.tr("&New"))
        self.act_new.setToolTip(self.tr("Start a new project"))
        self.act_open.setText(self.tr("&Open…"))
        self.act_open.setToolTip(self.tr("Open a project file"))
        self.act_save.setText(self.tr("&Save"))
        self.act_save.setToolTip(self.tr("Save the project"))
        self.act_save_as.setText(self.tr("Save &As…"))
        self.act_export.setText(self.tr("&Export to Excel…"))
        self.act_export.setIconText(self.tr("Export"))
        self.act_export.setToolTip(self.tr("Write the Excel proposal"))
        self.act_portfolio.setText(t("decide.open_portfolio"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_about.setText(self.tr("&About Retrofit Planner"))
        self.act_recompute.setText(self.tr("Recompute now"))
        self.undo_dock.setWindowTitle(self.tr("Undo history"))
        self.act_undo_history.setText(self.tr("Undo &History"))
        self.undo_view.setEmptyLabel(self.tr("<opened project>"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.toolbar.toggleViewAction().setText(self.tr("&Toolbar"))
        self.busy_label.setText(self.tr("Computing…"))
        lang = current_language()
        if lang in self.language_actions:
            self.language_actions[lang].setChecked(True)
        self._update_title()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.doc.retranslate_labels()  # the undo history follows the language
            self._make_undo_actions()
            self.retranslate()
        super().changeEvent(event)

    @Slot(str)
    def set_language(self, code: str) -> None:
        if not self.translations.set_language(code):
            self.show_status(self.tr("The translation file is missing; the interface stays in English."))

    @Slot(str)
    def _language_changed(self, code: str) -> None:
        if code in self.language_actions:
            self.language_actions[code].setChecked(True)

    def app_title(self) -> str:
        return self.tr("Retrofit Planner")

    @Slot()
    def _update_title(self, *_) -> None:
        doc = self.doc
        if doc.path is not None:
            name = doc.path.name
        elif doc.template_dir is not None:
            name = self.tr("Untitled (from example)")
        else:
            name = self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — {self.app_title()}")
        self.setWindowModified(doc.is_modified())

    # -- status ----------------------------------------------------------------------
    def show_status(self, text: str, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #b71c1c;" if error else "")

    @Slot(bool)
    def _set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    @Slot(str)
    def _compute_failed(self, message: str) -> None:
        self.show_status(self.tr("Cannot compute: %1").replace("%1", message), error=True)

    @Slot(object)
    def _results_ready(self, _result) -> None:
        if self.status_label.styleSheet():
            self.show_status("")

    @Slot(str)
    def _autosave_failed(self, message: str) -> None:
        self.show_status(
            self.tr("Autosave cannot write (%1): save your work with Ctrl+S.").replace("%1", message), error=True
        )

    @Slot()
    def _autosave_resumed(self) -> None:
        self.show_status(self.tr("Autosave works again."))

    # -- files -----------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel over unsaved changes; True if it is fine to go on."""
        if not self.doc.is_modified():
            return True
        ret = QMessageBox.warning(
            self,
            self.app_title(),
            self.tr("The project has unsaved changes. Save them?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if ret == QMessageBox.StandardButton.Save:
            return self.save()
        return ret == QMessageBox.StandardButton.Discard

    def _last_dir(self) -> str:
        if self.doc.path is not None:
            return str(self.doc.path.parent)
        return str(QSettings().value(LAST_DIR_KEY, str(Path.home())))

    @Slot()
    def new_project(self) -> None:
        if not self.maybe_save():
            return
        self.doc.new()
        self.show_status(self.tr("New project"))

    @Slot()
    def open_project(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open project"),
            self._last_dir(),
            self.tr("Retrofit Planner projects (*.json);;All files (*)"),
        )
        if path:
            self.open_file(path, ask=False)

    def open_file(self, path: str | os.PathLike, ask: bool = True) -> bool:
        """Open ``path``; problems are shown, the current project is kept. True on success."""
        if ask and not self.maybe_save():
            return False
        try:
            self.doc.open(path)
        except ProjectError as err:
            self.show_problems(self.tr("Cannot open %1").replace("%1", str(path)), err.problems)
            return False
        self.add_recent(self.doc.path)
        QSettings().setValue(LAST_DIR_KEY, str(self.doc.path.parent))
        self.show_status(self.tr("Opened %1").replace("%1", str(self.doc.path)))
        self.offer_recovery()
        return True

    def show_problems(self, title: str, problems) -> None:
        self.show_status(title + ": " + "; ".join(str(p) for p in problems[:3]), error=True)
        box = QMessageBox(QMessageBox.Icon.Warning, self.app_title(), title, QMessageBox.StandardButton.Ok, self)
        box.setInformativeText(_problems_text(problems[:12]) + ("\n…" if len(problems) > 12 else ""))
        if len(problems) > 12:
            box.setDetailedText(_problems_text(problems))
        box.exec()

    @Slot()
    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self._save_to(self.doc.path)

    @Slot()
    def save_as(self) -> bool:
        suggested = self.doc.path or Path(self._last_dir()) / (self._safe_name() + ".json")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save project as"), str(suggested), self.tr("Retrofit Planner projects (*.json)")
        )
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._save_to(Path(path))

    def _safe_name(self) -> str:
        name = self.doc.project.name.split(" / ")[0].strip() or "project"
        return "".join(c for c in name if c not in '\\/:*?"<>|').strip() or "project"

    def _save_to(self, path: Path) -> bool:
        if self.doc.path is not None and Path(path).resolve() == self.doc.path and self.doc.changed_on_disk():
            ret = QMessageBox.warning(
                self,
                self.app_title(),
                self.tr(
                    "“%1” was changed on disk since it was opened (by another window or program). "
                    "Saving replaces those changes. Save anyway?"
                ).replace("%1", str(path)),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if ret != QMessageBox.StandardButton.Save:
                self.show_status(self.tr("Not saved: the file changed on disk."), error=True)
                return False
        try:
            self.doc.save(path)
        except OSError as err:
            QMessageBox.critical(
                self,
                self.app_title(),
                self.tr("Cannot save %1:\n%2").replace("%1", str(path)).replace("%2", err.strerror or str(err)),
            )
            self.show_status(self.tr("Not saved: %1").replace("%1", err.strerror or str(err)), error=True)
            return False
        self.autosaver.discard()
        self.add_recent(self.doc.path)
        QSettings().setValue(LAST_DIR_KEY, str(self.doc.path.parent))
        self.show_status(self.tr("Saved %1").replace("%1", str(self.doc.path)))
        return True

    # -- recent files ----------------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = QSettings().value(RECENT_KEY, [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: Path | None) -> None:
        if path is None:
            return
        p = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != p]
        QSettings().setValue(RECENT_KEY, [p, *files][:MAX_RECENT])

    @Slot()
    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for i, f in enumerate(files, start=1):
            act = self.recent_menu.addAction(f"&{i} {Path(f).name}")
            act.setToolTip(f)
            act.setStatusTip(f)
            act.triggered.connect(lambda checked=False, p=f: self._open_recent(p))
        if not files:
            act = self.recent_menu.addAction(self.tr("(no recent files)"))
            act.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), lambda: QSettings().setValue(RECENT_KEY, []))

    def _open_recent(self, path: str) -> None:
        if not Path(path).exists():
            QSettings().setValue(RECENT_KEY, [f for f in self.recent_files() if f != path])
        self.open_file(path)

    # -- recovery --------------------------------------------------------------------
    def _describe_recovery(self, rec: Recovery) -> str:
        name = rec.original_path.name if rec.original_path else self.tr("Untitled")
        text = (
            self.tr("“%1”, autosaved on %2").replace("%1", name).replace("%2", rec.saved_at.strftime("%Y-%m-%d %H:%M"))
        )
        if rec.file_changed_since:
            text += " " + self.tr("(the file was changed after this autosave: compare before saving)")
        return text

    def _restore(self, rec: Recovery) -> None:
        self.doc.open_recovered(rec.project, rec.original_path)
        self.autosaver.autosave_now()  # this window's own recovery file takes over
        try:
            rec.file.unlink()
        except OSError:
            pass
        self.show_status(self.tr("Autosaved changes restored"))

    def offer_recovery(self) -> bool:
        """Offer the autosaved changes of the open project file left by a window that is gone. True if restored."""
        rec = find_recovery(self.autosaver.directory, self.doc.path, exclude=(self.autosaver.file,))
        if rec is None:
            return False
        ret = QMessageBox.question(
            self,
            self.app_title(),
            self.tr(
                "Unsaved changes to %1 were autosaved (the program may have been closed unexpectedly). Restore them?"
            ).replace("%1", self._describe_recovery(rec)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if ret == QMessageBox.StandardButton.Yes:
            self._restore(rec)
            return True
        try:
            rec.file.unlink()
        except OSError:
            pass
        return False

    def choose_recovery(self, recoveries: list[Recovery]) -> tuple[Recovery | None, bool]:
        """Ask which session to restore: ``(recovery or None, discard the others)``."""
        from PySide6.QtWidgets import QDialogButtonBox, QListWidget

        dlg = QDialog(self)
        dlg.setWindowTitle(self.tr("Recover unsaved work"))
        lay = QVBoxLayout(dlg)
        intro = QLabel(
            self.tr(
                "These sessions ended without saving (the program may have been closed unexpectedly). "
                "Pick one to restore; the others stay available until you discard them."
            )
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        view = QListWidget(dlg)
        for rec in recoveries:
            view.addItem(self._describe_recovery(rec))
        view.setCurrentRow(0)
        lay.addWidget(view)
        buttons = QDialogButtonBox(dlg)
        restore = buttons.addButton(self.tr("Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton(self.tr("Discard all"), QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        clicked = {}
        buttons.clicked.connect(lambda b: (clicked.setdefault("b", b), dlg.done(0)))
        lay.addWidget(buttons)
        dlg.exec()
        b = clicked.get("b")
        if b is restore and view.currentRow() >= 0:
            return recoveries[view.currentRow()], False
        return None, b is discard

    def offer_startup_recovery(self) -> Recovery | None:
        """At start-up: say which recovery files could not be read (kept aside), offer every recoverable session."""
        found, bad = scan_recoveries(self.autosaver.directory, exclude=(self.autosaver.file,))
        if bad:
            QMessageBox.warning(
                self,
                self.app_title(),
                self.tr("A recovery file could not be read and was kept aside:\n%1").replace(
                    "%1", "\n".join(f"{b.file} ({b.reason})" for b in bad)
                ),
            )
            self.show_status(self.tr("Unreadable recovery file kept as %1").replace("%1", str(bad[0].file)), error=True)
        if not found:
            return None
        rec, discard_others = self.choose_recovery(found)
        if rec is not None:
            if self.doc.is_modified() and not self.maybe_save():
                return None
            self._restore(rec)
            return rec
        if discard_others:
            for r in found:
                try:
                    r.file.unlink()
                except OSError:
                    pass
        return None

    # -- export ----------------------------------------------------------------------
    @Slot()
    def export_excel(self, path: str | None = None, lang: str | None = None, analysis: bool | None = None) -> None:
        """Export the proposal; without ``path`` the export dialog asks for file, language and analysis sheets.

        ``lang`` defaults to the project's language, else the UI's; ``analysis`` to whether the project
        has scenarios / sensitivity / uncertainty keys (see :mod:`ui.export`)."""
        if self._export_progress is not None:
            return
        if not path:
            suggested = Path(self._last_dir()) / (self._safe_name() + ".xlsx")
            if self.doc.path is not None:
                suggested = self.doc.path.with_suffix(".xlsx")
            dialog = ExportDialog(self.doc.project, str(suggested), self)
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path():
                return
            path, lang, analysis = dialog.path(), dialog.language(), dialog.with_analysis()
        lang = lang or default_export_language(self.doc.project)
        if analysis is None:
            analysis = has_analysis_keys(self.doc.project)
        result = self.doc.results if self.doc.results_current() else None
        self._export_progress = QProgressDialog(t("export.writing"), "", 0, 0, self)
        self._export_progress.setCancelButton(None)
        self._export_progress.setWindowTitle(self.app_title())
        self._export_progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._export_progress.setMinimumDuration(0)
        self._export_progress.show()
        self.show_status(self.tr("Exporting to %1…").replace("%1", str(path)))
        self._pool.start(
            ExportRun(self.doc.project, result, self.doc.base_dir, str(path), lang, self._export_signals, analysis)
        )

    @Slot(str)
    def _export_stage(self, stage: str) -> None:
        if self._export_progress is not None:
            self._export_progress.setLabelText(
                t("export.computing_analysis" if stage == "analysis" else "export.writing")
            )

    # -- portfolio ---------------------------------------------------------------------
    @Slot()
    def open_portfolio(self, folder: str | None = None, workers: int | None = None):
        """Open a folder of project files as a ranked portfolio table in its own window (issue 12)."""
        if not folder:
            folder = QFileDialog.getExistingDirectory(self, t("decide.choose_folder"), self._last_dir())
            if not folder:
                return None
        from ui.results.decide import PortfolioWindow

        win = PortfolioWindow(folder, self, workers=workers)
        self.portfolio_windows.append(win)
        win.destroyed.connect(lambda *_: self.portfolio_windows.remove(win) if win in self.portfolio_windows else None)
        win.show()
        return win

    @Slot(str, str)
    def _export_done(self, path: str, error: str) -> None:
        if self._export_progress is not None:
            self._export_progress.close()
            self._export_progress.deleteLater()
            self._export_progress = None
        if error:
            self.show_status(self.tr("Export failed: %1").replace("%1", error), error=True)
            QMessageBox.warning(
                self, self.app_title(), self.tr("The Excel proposal could not be written:\n%1").replace("%1", error)
            )
            return
        self.last_export_path = path
        self.show_status(self.tr("Exported %1").replace("%1", path))
        self.offer_open_export(path)

    def offer_open_export(self, path: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.app_title(),
            self.tr("The Excel proposal was written to\n%1").replace("%1", path),
            QMessageBox.StandardButton.Close,
            self,
        )
        open_btn = box.addButton(self.tr("Open"), QMessageBox.ButtonRole.AcceptRole)
        folder_btn = box.addButton(self.tr("Show in folder"), QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(open_btn)
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_btn:
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))
        elif clicked is folder_btn:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))

    # -- help ------------------------------------------------------------------------
    def about_text(self) -> str:
        items = [
            self.tr(
                "Grid CO₂ factors: MEE/NBS electricity average CO₂ emission factors, announcement "
                "2025 No. 47 (2023 data: national average 0.5306 kg/kWh), 2024 No. 33 and No. 12; "
                "regional grid baseline factors for emission-reduction projects (MEE 2019, e.g. "
                "North China operating margin 0.9419 kg/kWh)."
            ),
            self.tr(
                "Standard coal: electricity heat-equivalent value 0.1229 kgce/kWh (GB/T 2589-2020); "
                "coal-consumption basis about 0.30 kgce/kWh (NDRC/NEA 2021, CEC 2025)."
            ),
            self.tr(
                "Time-of-use tariffs: NDRC price notice [2021] No. 1093 (peak:valley ratio at least "
                "4:1 or 3:1; critical peak at least 20% above peak). Two-part basic charge: NDRC "
                "price notice [2023] No. 526. Provincial templates are illustrative."
            ),
            self.tr(
                "PV surplus: coal-fired benchmark price (NDRC [2019] No. 1658) for older projects; "
                "market price plus a provincial mechanism price from 2025-06-01 "
                "(NDRC price [2025] No. 136)."
            ),
            self.tr("Motors: GB 18613-2020 energy-efficiency grades (grade 3 = IE3, grade 2 = IE4, grade 1 ≈ IE5)."),
            self.tr("Process upgrades are measured per unit of output (IPMVP, GB/T 13234)."),
        ]
        version = QApplication.applicationVersion() or ""
        title = self.tr("Retrofit Planner")
        intro = self.tr(
            "Investment, payback, NPV/IRR, savings, CO₂ and standard coal (tce) of energy "
            "retrofits in factories: motors, variable-speed drives, process upgrades and "
            "rooftop PV under time-of-use tariffs."
        )
        heading = self.tr("Policy context and sources of the presets")
        note = self.tr("(all values are editable: check them against your own bills and notices)")
        conventions = self.tr(
            "Money out is negative; year 0 is the investment; cash flows are at the end "
            "of each year; NPV and IRR by numpy-financial."
        )
        return (
            f"<h3>{title} {version}</h3><p>{intro}</p><p><b>{heading}</b> {note}</p>"
            "<ul>" + "".join(f"<li>{t}</li>" for t in items) + f"</ul><p>{conventions}</p>"
        )

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About Retrofit Planner"), self.about_text())

    # -- geometry / close ------------------------------------------------------------
    def _restore_geometry(self) -> None:
        s = QSettings()
        geometry = s.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        sizes = s.value("mainWindow/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            self.splitter.restoreState(sizes)

    def _save_geometry(self) -> None:
        s = QSettings()
        s.setValue("mainWindow/geometry", self.saveGeometry())
        s.setValue("mainWindow/splitter", self.splitter.saveState())

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._deferred:
            if not hasattr(self, "_first_paint"):
                self._first_paint = _FirstPaint(self, self._build_deferred)
            return
        # results just after the window: the first engine run starts once the window is up
        QTimer.singleShot(0, self.doc, self.doc.release_compute)

    @Slot()
    def _build_deferred(self) -> None:
        """After the first paint, one event-loop turn each: the input forms, the charts, then the
        engine (its import in a worker would hold the import lock the forms need)."""
        if not self._deferred:
            return
        self._deferred = False
        panel = _input_panel(self.doc, self)
        self.splitter.replaceWidget(0, panel)
        self.input_panel.deleteLater()
        self.input_panel = panel
        QTimer.singleShot(0, self, self.results_panel.build_charts)
        QTimer.singleShot(0, self, self.doc.release_compute)

    def panels_built(self) -> bool:
        """False until the deferred input forms are built (start-up)."""
        return not self._deferred

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.maybe_save():
            event.ignore()
            return
        self.autosaver.discard()
        self.autosaver.release()
        self._save_geometry()
        event.accept()
